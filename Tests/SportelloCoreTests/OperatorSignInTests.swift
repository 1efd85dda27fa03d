import Foundation
import Synchronization
import Testing

@testable import SportelloCore

/// Operators held in memory; fails the test on calls it was not set up for.
final class InMemoryOperators: OperatorRepository {
    let accounts: [Operator]
    init(_ accounts: [Operator]) { self.accounts = accounts }

    func find(username: String, tenantID: Tenant.ID) async throws -> Operator? {
        accounts.first { $0.username == username && $0.tenantID == tenantID }
    }
    func find(id: Operator.ID, tenantID: Tenant.ID) async throws -> Operator? {
        accounts.first { $0.id == id && $0.tenantID == tenantID }
    }
    func find(fiscalCode: CodiceFiscale, tenantID: Tenant.ID) async throws -> Operator? {
        Issue.record("unexpected lookup by fiscal code")
        return nil
    }
    func create(_ operator: Operator) async throws { Issue.record("unexpected create") }
    func createOffice(_ office: Office) async throws { Issue.record("unexpected createOffice") }
    func offices(tenantID: Tenant.ID) async throws -> [Office] { Issue.record("unexpected offices"); return [] }
    let usedSteps = Mutex<[Operator.ID: Int64]>([:])
    func recordOneTimeCodeUse(operatorID: Operator.ID, step: Int64, tenantID: Tenant.ID) async throws -> Bool {
        usedSteps.withLock { used in
            if let last = used[operatorID], last >= step { return false }
            used[operatorID] = step
            return true
        }
    }
}

/// Stores passwords reversed: enough to tell right from wrong, and counts verifications.
final class ReversingHasher: PasswordHasher {
    let verifications = Mutex(0)
    func hash(_ password: String) -> String { String(password.reversed()) }
    func verify(_ password: String, against hash: String) -> Bool {
        verifications.withLock { $0 += 1 }
        return String(password.reversed()) == hash
    }
}

struct FixedCode: OneTimeCodeVerifier {
    let code: String
    func matchingStep(code: String, secret: String, at date: Date) -> Int64? {
        code == self.code ? Int64(date.timeIntervalSince1970 / 30) : nil
    }
}

@Suite("Operator sign-in")
struct OperatorSignInTests {
    let tenantA = UUID()
    let tenantB = UUID()
    let hasher = ReversingHasher()

    func signIn(_ accounts: [Operator]) -> OperatorSignIn {
        OperatorSignIn(
            operators: InMemoryOperators(accounts), passwords: hasher, codes: FixedCode(code: "123456"), decoyHash: "x")
    }

    func account(tenant: UUID, active: Bool = true) -> Operator {
        Operator(
            tenantID: tenant, username: "anna", displayName: "Anna", email: "a@x.it", passwordHash: "terces", totpSecret: "S",
            isActive: active)
    }

    @Test("the right password of an active operator passes the first step")
    func rightPassword() async throws {
        let anna = account(tenant: tenantA)
        let found = try await signIn([anna]).checkPassword(username: "Anna", password: "secret", tenantID: tenantA)
        #expect(found.id == anna.id)
    }

    @Test("a wrong password, an unknown user and an inactive account get the same refusal")
    func refusals() async {
        let service = signIn([
            account(tenant: tenantA),
            {
                var b = account(tenant: tenantA); b.username = "bea"; b.isActive = false; return b
            }(),
        ])
        for (user, password) in [("anna", "wrong"), ("nobody", "secret"), ("bea", "secret")] {
            await #expect(throws: OperatorSignInRefusal.self) {
                try await service.checkPassword(username: user, password: password, tenantID: tenantA)
            }
        }
        // The unknown user still costs a hash verification, so timing does not reveal usernames.
        #expect(hasher.verifications.withLock { $0 } == 3)
    }

    @Test("an operator of another municipality cannot sign in here")
    func otherTenant() async {
        await #expect(throws: OperatorSignInRefusal.wrongCredentials) {
            try await signIn([account(tenant: tenantB)]).checkPassword(username: "anna", password: "secret", tenantID: tenantA)
        }
    }

    @Test("the second factor accepts the right code, spaces ignored, and refuses a wrong one")
    func secondFactor() async throws {
        let anna = account(tenant: tenantA)
        let service = signIn([anna])
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        _ = try await service.checkSecondFactor(operatorID: anna.id, code: "123 456", tenantID: tenantA, now: now)
        await #expect(throws: OperatorSignInRefusal.wrongCode) {
            try await service.checkSecondFactor(
                operatorID: anna.id, code: "654321", tenantID: tenantA, now: now.addingTimeInterval(60))
        }
        await #expect(throws: OperatorSignInRefusal.wrongCode, "the same code cannot be used twice") {
            try await service.checkSecondFactor(operatorID: anna.id, code: "123456", tenantID: tenantA, now: now)
        }
    }
}

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
    func verify(code: String, secret: String, at date: Date) -> Bool { code == self.code }
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
        _ = try await service.checkSecondFactor(operatorID: anna.id, code: "123 456", tenantID: tenantA, now: Date())
        await #expect(throws: OperatorSignInRefusal.wrongCode) {
            try await service.checkSecondFactor(operatorID: anna.id, code: "654321", tenantID: tenantA, now: Date())
        }
    }
}

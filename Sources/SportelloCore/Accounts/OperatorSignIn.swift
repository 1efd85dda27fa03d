public import Foundation

/// Checks passwords against stored hashes (bcrypt in production).
public protocol PasswordHasher: Sendable {
    func hash(_ password: String) -> String
    func verify(_ password: String, against hash: String) -> Bool
}

/// Checks time-based one-time codes (TOTP, RFC 6238).
public protocol OneTimeCodeVerifier: Sendable {
    /// The time step the code belongs to, if it is valid at `date` (allowing for clock drift).
    func matchingStep(code: String, secret: String, at date: Date) -> Int64?
}

/// Why an operator sign-in was refused; deliberately vague towards the person.
public enum OperatorSignInRefusal: LocalizedDomainError, Equatable {
    case wrongCredentials
    case wrongCode
    case inactive

    public var messageKey: String {
        switch self {
        case .wrongCredentials: "error.signIn.wrongCredentials"
        case .wrongCode: "error.signIn.wrongCode"
        case .inactive: "error.signIn.wrongCredentials"
        }
    }
}

/// Local operator sign-in: password first, then the second factor.
public struct OperatorSignIn: Sendable {
    let operators: any OperatorRepository
    let passwords: any PasswordHasher
    let codes: any OneTimeCodeVerifier
    /// Compared against when the username is unknown, so timing does not reveal which usernames exist.
    let decoyHash: String

    public init(
        operators: any OperatorRepository, passwords: any PasswordHasher, codes: any OneTimeCodeVerifier, decoyHash: String
    ) {
        self.operators = operators
        self.passwords = passwords
        self.codes = codes
        self.decoyHash = decoyHash
    }

    /// First step: the password. Returns the operator who must now give the second factor.
    public func checkPassword(username: String, password: String, tenantID: Tenant.ID) async throws -> Operator {
        let found = try await operators.find(username: username.lowercased(), tenantID: tenantID)
        guard let found, let hash = found.passwordHash else {
            _ = passwords.verify(password, against: decoyHash)
            throw OperatorSignInRefusal.wrongCredentials
        }
        guard passwords.verify(password, against: hash) else { throw OperatorSignInRefusal.wrongCredentials }
        guard found.isActive else { throw OperatorSignInRefusal.inactive }
        return found
    }

    /// Second step: the one-time code of the operator who passed the first.
    public func checkSecondFactor(operatorID: Operator.ID, code: String, tenantID: Tenant.ID, now: Date) async throws -> Operator
    {
        guard let found = try await operators.find(id: operatorID, tenantID: tenantID), found.isActive else {
            throw OperatorSignInRefusal.wrongCredentials
        }
        let digits = code.filter { !$0.isWhitespace }
        guard let step = codes.matchingStep(code: digits, secret: found.totpSecret, at: now) else {
            throw OperatorSignInRefusal.wrongCode
        }
        // A code works once: someone who saw it over a shoulder or in a proxy log cannot reuse it.
        guard try await operators.recordOneTimeCodeUse(operatorID: found.id, step: step, tenantID: tenantID) else {
            throw OperatorSignInRefusal.wrongCode
        }
        return found
    }
}

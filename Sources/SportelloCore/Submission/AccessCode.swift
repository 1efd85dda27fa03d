public import Foundation

/// The code mailed to the citizen after submission that, with the filing code, opens that filing's
/// documents without signing in. Only its digest is stored; it expires and wrong tries are limited.
public struct AccessCodeRecord: Equatable, Sendable {
    public var filingID: Filing.ID
    public var tenantID: Tenant.ID
    /// The filing's owner: documents opened with the code are still read as theirs.
    public var owner: CodiceFiscale
    /// The filing code the citizen types with it (``Filing/displayCode``).
    public var filingCode: String
    /// The digest of the code (see the web layer's `AccessCodes`), never the code itself.
    public var digest: String
    public var expiresAt: Date

    public init(
        filingID: Filing.ID, tenantID: Tenant.ID, owner: CodiceFiscale, filingCode: String, digest: String, expiresAt: Date
    ) {
        self.filingID = filingID
        self.tenantID = tenantID
        self.owner = owner
        self.filingCode = filingCode
        self.digest = digest
        self.expiresAt = expiresAt
    }
}

/// A stored access code, with how many wrong codes were typed for its filing code.
public struct AccessCodeCandidate: Equatable, Sendable {
    public var record: AccessCodeRecord
    public var failedAttempts: Int
    public var lockedUntil: Date?

    public init(record: AccessCodeRecord, failedAttempts: Int, lockedUntil: Date?) {
        self.record = record
        self.failedAttempts = failedAttempts
        self.lockedUntil = lockedUntil
    }
}

/// Where access codes are kept.
public protocol AccessCodeRepository: Sendable {
    /// The codes of the tenant's filings with this filing code (a short code may be shared by a few).
    func candidates(filingCode: String, tenantID: Tenant.ID) async throws -> [AccessCodeCandidate]
    /// Counts a wrong code for every filing with this filing code, locking them until `lockUntil` when
    /// `maximumAttempts` is reached.
    func recordFailure(filingCode: String, tenantID: Tenant.ID, maximumAttempts: Int, lockUntil: Date) async throws
    func resetFailures(filingID: Filing.ID, tenantID: Tenant.ID) async throws
}

/// The alphabet and shape of access codes: ten characters without look-alikes (no 0/O, 1/I/L), shown as
/// two groups of five, about 50 bits.
public enum AccessCodeFormat {
    public static let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
    public static let length = 10

    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let characters = (0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
        return String(characters.prefix(5)) + "-" + String(characters.dropFirst(5))
    }

    /// What a citizen typed, in the canonical form: upper case, without spaces or dashes; nil if it cannot be a code.
    public static func normalize(_ typed: String) -> String? {
        let cleaned = typed.uppercased().filter { $0 != " " && $0 != "-" }
        guard cleaned.count == length, cleaned.allSatisfy({ alphabet.contains($0) }) else { return nil }
        return cleaned
    }
}

import Crypto
import Foundation
import SportelloCore

/// Checks the code mailed after submission: with the filing code it opens that filing's documents
/// without signing in. Codes are stored as digests, expire, and five wrong codes for a filing code lock
/// it for fifteen minutes.
struct AccessCodes {
    let repository: any AccessCodeRepository
    let clock: any Clock
    static let maximumAttempts = 5
    static let lockout: TimeInterval = 15 * 60

    enum Outcome: Equatable {
        case granted(Filing.ID, owner: CodiceFiscale)
        case wrong
        case locked
    }

    /// The stored form of a code: SHA-256 over the filing id and the code, so equal codes of two filings differ.
    static func digest(code: String, filingID: Filing.ID) -> String {
        Hex.encode(SHA256.hash(data: Data((filingID.uuidString.lowercased() + ":" + code).utf8)))
    }

    /// A new code for a filing: what to mail, and what to store.
    static func make(filing: Filing, lifetime: TimeInterval, now: Date) -> (code: String, record: AccessCodeRecord) {
        let code = AccessCodeFormat.generate()
        let normalized = AccessCodeFormat.normalize(code) ?? code
        return (
            code,
            AccessCodeRecord(
                filingID: filing.id, tenantID: filing.tenantID, owner: filing.owner, filingCode: filing.displayCode,
                digest: digest(code: normalized, filingID: filing.id), expiresAt: now.addingTimeInterval(lifetime))
        )
    }

    func check(filingCode typedFilingCode: String, code typedCode: String, tenantID: Tenant.ID) async throws -> Outcome {
        let now = clock.now
        let filingCode = typedFilingCode.trimmingCharacters(in: .whitespaces).uppercased()
        let candidates = try await repository.candidates(filingCode: filingCode, tenantID: tenantID)
        if candidates.contains(where: { ($0.lockedUntil ?? .distantPast) > now }) { return .locked }
        if let code = AccessCodeFormat.normalize(typedCode) {
            for candidate in candidates where candidate.record.expiresAt > now {
                if ConstantTime.equals(candidate.record.digest, Self.digest(code: code, filingID: candidate.record.filingID)) {
                    try await repository.resetFailures(filingID: candidate.record.filingID, tenantID: tenantID)
                    return .granted(candidate.record.filingID, owner: candidate.record.owner)
                }
            }
        }
        if !candidates.isEmpty {
            try await repository.recordFailure(
                filingCode: filingCode, tenantID: tenantID, maximumAttempts: Self.maximumAttempts,
                lockUntil: now.addingTimeInterval(Self.lockout))
        }
        return .wrong
    }
}

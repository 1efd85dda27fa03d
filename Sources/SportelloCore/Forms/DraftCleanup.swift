public import Foundation

/// The daily removal of drafts nobody will submit: started too long ago, or of a call for applications
/// that closed more than the grace period ago (see `DraftRetention`).
public struct DraftCleanup: Sendable {
    let filings: any FilingRepository
    let procedures: any ProcedureRepository
    let retention: DraftRetention

    public init(filings: any FilingRepository, procedures: any ProcedureRepository, retention: DraftRetention) {
        self.filings = filings
        self.procedures = procedures
        self.retention = retention
    }

    /// Deletes the stale drafts as of `now`; returns how many.
    public func run(now: Date) async throws -> Int {
        let closed = try await procedures.versions(closedBefore: retention.closedCutoff(now: now))
        return try await filings.deleteStaleDrafts(startedBefore: retention.startedCutoff(now: now), ofVersions: closed)
    }
}

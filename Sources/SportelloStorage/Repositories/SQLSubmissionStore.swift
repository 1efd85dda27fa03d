import Crypto
public import Foundation
import SQLKit
public import SportelloCore

/// Submits filings in the SQL database. Each submission is one durable act: the filing is locked and
/// checked to be a draft, the register gives the next number, the stamped main document is made and its
/// SHA-256 recorded in the entry, the document is stored, the filing moves to "submitted" and the
/// messages and the access code are written. Submissions arriving together share one transaction (one
/// sync to disk); see `GroupCommit`.
public struct SQLSubmissionStore: SubmissionStore {
    private let batches: GroupCommit<SubmissionRequest, SubmissionOutcome>
    private let storage: Storage
    private let clock: any Clock

    /// - Parameters:
    ///   - timeZone: the municipality's, for the year of the number and the date in the segnatura.
    ///   - clock: the registration time is taken when the act is written, so numbers and times go up together.
    public init(storage: Storage, timeZone: TimeZone, clock: any Clock) {
        let forUpdate = storage.location.isPostgres ? " FOR UPDATE" : ""
        self.storage = storage
        self.clock = clock
        batches = GroupCommit { requests in
            try await storage.durableTransaction { sql in
                let date = clock.now
                var outcomes: [SubmissionOutcome] = []
                for request in requests {
                    outcomes.append(
                        try await Self.submit(request, at: date, timeZone: timeZone, lock: forUpdate, on: sql))
                }
                return outcomes
            }
        }
    }

    public func submit(_ request: SubmissionRequest) async throws -> SubmissionOutcome {
        try await batches.submit(request)
    }

    public func queue(_ submission: QueuedSubmission) async throws -> Bool {
        let lock = storage.location.isPostgres ? " FOR UPDATE" : ""
        let date = clock.now
        return try await storage.durableTransaction { sql in
            let filing = submission.filing
            guard
                try await Self.status(of: filing.id, tenantID: filing.tenantID, owner: filing.owner, lock: lock, on: sql)
                    == .draft
            else { return false }
            try await SQLFilingDocuments.insert(
                submission.document, content: submission.content, tenantID: filing.tenantID, on: sql)
            let answers = String(decoding: try JSONEncoder().encode(filing.answers), as: UTF8.self)
            try await sql.raw(
                """
                UPDATE filings SET status = \(bind: FilingStatus.readyToSubmit.rawValue), answers = \(bind: answers), \
                confirmed_at = \(bind: filing.confirmedAt ?? date), updated_at = \(bind: date) \
                WHERE id = \(bind: filing.id) AND tenant_id = \(bind: filing.tenantID)
                """
            ).run()
            try await SQLOutbox.insert([submission.registration], at: date, on: sql)
            return true
        }
    }

    public func complete(_ completion: RemoteCompletion) async throws -> Bool {
        let lock = storage.location.isPostgres ? " FOR UPDATE" : ""
        let date = clock.now
        return try await storage.durableTransaction { sql in
            let row = try await sql.raw(
                """
                SELECT status FROM filings WHERE id = \(bind: completion.filingID) \
                AND tenant_id = \(bind: completion.tenantID)\(unsafeRaw: lock)
                """
            ).first()
            guard try row?.decode(column: "status", as: String.self) == FilingStatus.readyToSubmit.rawValue else { return false }
            let entry = completion.entry
            try await SQLProtocolRegister.insert(entry, on: sql)
            try await sql.raw(
                """
                UPDATE filings SET status = \(bind: FilingStatus.submitted.rawValue), updated_at = \(bind: date), \
                protocol_entry_id = \(bind: entry.id), protocol_year = \(bind: entry.year), \
                protocol_number = \(bind: Int64(entry.number)), registered_at = \(bind: entry.registeredAt) \
                WHERE id = \(bind: completion.filingID) AND tenant_id = \(bind: completion.tenantID)
                """
            ).run()
            try await SQLOutbox.insert(completion.messages, at: date, on: sql)
            if let code = completion.accessCode { try await SQLAccessCodes.insert(code, on: sql) }
            return true
        }
    }

    static func status(
        of id: Filing.ID, tenantID: Tenant.ID, owner: CodiceFiscale, lock: String, on sql: any SQLDatabase
    )
        async throws -> FilingStatus?
    {
        try await sql.raw(
            """
            SELECT status FROM filings WHERE id = \(bind: id) AND tenant_id = \(bind: tenantID) \
            AND owner_fiscal_code = \(bind: owner.value)\(unsafeRaw: lock)
            """
        ).first().flatMap { FilingStatus(rawValue: try $0.decode(column: "status", as: String.self)) }
    }

    static func submit(
        _ request: SubmissionRequest, at date: Date, timeZone: TimeZone, lock: String, on sql: any SQLDatabase
    ) async throws -> SubmissionOutcome {
        let filing = request.filing
        guard try await status(of: filing.id, tenantID: filing.tenantID, owner: filing.owner, lock: lock, on: sql) == .draft
        else {
            return .notADraft
        }

        let year = LocalDate(date, in: timeZone).year
        let number = try await SQLProtocolRegister.nextNumber(
            register: request.register, tenantID: filing.tenantID, year: year, on: sql)
        let stamp = ProtocolStamp(register: request.register, year: year, number: number, registeredAt: date)
        let content = try request.document.make(stamp)
        let digest = Hex.encode(SHA256.hash(data: content))
        let main = ProtocolDocument(fileName: request.document.fileName, mimeType: request.document.mimeType, sha256: digest)
        let entry = SQLProtocolRegister.makeEntry(
            ProtocolRegistration(
                direction: .incoming, subject: request.subject, correspondents: [request.sender],
                documents: [main] + request.attachments),
            register: request.register, tenantID: filing.tenantID, year: year, number: number, date: date, timeZone: timeZone)
        try await SQLProtocolRegister.insert(entry, on: sql)

        let document = StoredDocument(
            filingID: filing.id, kind: .filing, fileName: main.fileName, mimeType: main.mimeType, sha256: digest,
            size: content.count, createdAt: date)
        try await SQLFilingDocuments.insert(document, content: content, tenantID: filing.tenantID, on: sql)

        let answers = String(decoding: try JSONEncoder().encode(filing.answers), as: UTF8.self)
        try await sql.raw(
            """
            UPDATE filings SET status = \(bind: FilingStatus.submitted.rawValue), answers = \(bind: answers), \
            confirmed_at = \(bind: filing.confirmedAt ?? date), updated_at = \(bind: date), \
            protocol_entry_id = \(bind: entry.id), protocol_year = \(bind: year), protocol_number = \(bind: Int64(number)), \
            registered_at = \(bind: date) WHERE id = \(bind: filing.id) AND tenant_id = \(bind: filing.tenantID)
            """
        ).run()
        try await SQLOutbox.insert(request.messages, at: date, on: sql)
        if let code = request.accessCode { try await SQLAccessCodes.insert(code, on: sql) }
        return .submitted(
            FilingRegistration(entryID: entry.id, year: year, number: number, registeredAt: date), document: document)
    }
}

extension DatabaseLocation {
    var isPostgres: Bool {
        if case .postgres = self { return true }
        return false
    }
}

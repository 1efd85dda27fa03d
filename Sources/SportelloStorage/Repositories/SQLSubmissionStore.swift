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
                try await Self.submit(requests, at: clock.now, timeZone: timeZone, lock: forUpdate, on: sql)
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
                    == submission.expectedStatus
            else { return false }
            try await SQLFilingDocuments.insert(
                [(submission.document, submission.content, filing.tenantID)]
                    + submission.supporting.map { ($0.document, $0.content, filing.tenantID) }, on: sql)
            let answers = String(decoding: try JSONEncoder().encode(filing.answers), as: UTF8.self)
            try await sql.raw(
                """
                UPDATE filings SET status = \(bind: FilingStatus.readyToSubmit.rawValue), answers = \(bind: answers), \
                confirmed_at = \(bind: filing.confirmedAt ?? date), updated_at = \(bind: date) \
                WHERE id = \(bind: filing.id) AND tenant_id = \(bind: filing.tenantID)
                """
            ).run()
            try await SQLOutbox.insert([submission.registration], at: date, on: sql)
            try await SQLCasework.open(
                [(filing, submission.casework, nil, FilingStatus.readyToSubmit)], at: date, on: sql)
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
            try await SQLCasework.registered(
                completion.filingID, tenantID: completion.tenantID,
                registration: FilingRegistration(
                    entryID: entry.id, year: entry.year, number: entry.number, registeredAt: entry.registeredAt),
                at: date, on: sql)
            return true
        }
    }

    public func awaitPayment(_ payment: PendingPayment) async throws -> Bool {
        let lock = storage.location.isPostgres ? " FOR UPDATE" : ""
        let date = clock.now
        let json = String(decoding: try JSONEncoder().encode(payment.position), as: UTF8.self)
        let answers = String(decoding: try JSONEncoder().encode(payment.filing.answers), as: UTF8.self)
        return try await storage.durableTransaction { sql in
            let filing = payment.filing
            guard
                try await Self.status(of: filing.id, tenantID: filing.tenantID, owner: filing.owner, lock: lock, on: sql)
                    == .draft
            else { return false }
            try await sql.raw(
                """
                UPDATE filings SET status = \(bind: FilingStatus.awaitingPayment.rawValue), answers = \(bind: answers), \
                confirmed_at = \(bind: filing.confirmedAt ?? date), updated_at = \(bind: date) \
                WHERE id = \(bind: filing.id) AND tenant_id = \(bind: filing.tenantID)
                """
            ).run()
            try await SQLDebtPositions.insert([(payment.position, json)], at: date, on: sql)
            try await sql.raw(
                """
                INSERT INTO filing_fees (tenant_id, iupd, filing_id, job_kind, job_key, job_payload, created_at) \
                VALUES (\(bind: filing.tenantID), \(bind: payment.position.iupd), \(bind: filing.id), \
                \(bind: payment.onPaid.kind), \(bind: payment.onPaid.key), \(bind: payment.onPaid.payload), \(bind: date))
                """
            ).run()
            try await SQLOutbox.insert(payment.jobs, at: date, on: sql)
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

    /// A batch of submissions in one transaction, with a handful of statements whatever its size: the statuses
    /// are read (and locked) together, each register's counter moves once by the number of filings it numbers, and
    /// the entries, documents, messages and codes are inserted with one statement per table.
    static func submit(
        _ requests: [SubmissionRequest], at date: Date, timeZone: TimeZone, lock: String, on sql: any SQLDatabase
    ) async throws -> [SubmissionOutcome] {
        let ids = SQLList(requests.map { SQLBind($0.filing.id) })
        var statuses: [Filing.ID: (tenant: Tenant.ID, owner: String, status: String)] = [:]
        for row in try await sql.raw(
            "SELECT id, tenant_id, owner_fiscal_code, status FROM filings WHERE id IN (\(ids))\(unsafeRaw: lock)"
        ).all() {
            statuses[try row.decode(column: "id", as: UUID.self)] = (
                try row.decode(column: "tenant_id", as: UUID.self), try row.decode(column: "owner_fiscal_code", as: String.self),
                try row.decode(column: "status", as: String.self)
            )
        }
        // Only filings of their owner and municipality standing where expected (drafts, or paid filings) are
        // submitted, each once even if confirmed twice.
        var taken = Set<Filing.ID>()
        let eligible = requests.indices.filter { index in
            let filing = requests[index].filing
            guard let stored = statuses[filing.id], stored.tenant == filing.tenantID, stored.owner == filing.owner.value,
                stored.status == requests[index].expectedStatus.rawValue
            else { return false }
            return taken.insert(filing.id).inserted
        }
        var outcomes = [SubmissionOutcome](repeating: .notADraft, count: requests.count)
        guard !eligible.isEmpty else { return outcomes }

        // Numbers: one counter move per register and year, handed out in the order the requests came.
        let year = LocalDate(date, in: timeZone).year
        var numbers: [Int: Int] = [:]
        let byRegister = Dictionary(grouping: eligible) { index in
            RegisterKey(tenantID: requests[index].filing.tenantID, registerCode: requests[index].register.registerCode)
        }
        for (key, indices) in byRegister.sorted(by: { $0.key.sortKey < $1.key.sortKey }) {
            let last = try await SQLProtocolRegister.nextNumbers(
                indices.count, registerCode: key.registerCode, tenantID: key.tenantID, year: year, on: sql)
            for (offset, index) in indices.enumerated() { numbers[index] = last - indices.count + 1 + offset }
        }

        var entries: [ProtocolEntry] = []
        var documents: [(StoredDocument, [UInt8], Tenant.ID)] = []
        var messages: [NewOutboxJob] = []
        var codes: [AccessCodeRecord] = []
        var cases: [(Filing, CaseOpening, FilingRegistration?, FilingStatus)] = []
        for index in eligible {
            let request = requests[index]
            let filing = request.filing
            let number = numbers[index]!
            let content = try request.document.make(
                ProtocolStamp(register: request.register, year: year, number: number, registeredAt: date))
            let digest = Hex.encode(SHA256.hash(data: content))
            let main = ProtocolDocument(fileName: request.document.fileName, mimeType: request.document.mimeType, sha256: digest)
            let entry = SQLProtocolRegister.makeEntry(
                ProtocolRegistration(
                    direction: .incoming, subject: request.subject, correspondents: [request.sender],
                    documents: [main] + request.attachments + request.supporting.map(\.registered)),
                register: request.register, tenantID: filing.tenantID, year: year, number: number, date: date,
                timeZone: timeZone)
            let document = StoredDocument(
                filingID: filing.id, kind: .filing, fileName: main.fileName, mimeType: main.mimeType, sha256: digest,
                size: content.count, createdAt: date)
            entries.append(entry)
            documents.append((document, content, filing.tenantID))
            documents += request.supporting.map { ($0.document, $0.content, filing.tenantID) }
            messages += request.messages
            if let code = request.accessCode { codes.append(code) }
            let registration = FilingRegistration(entryID: entry.id, year: year, number: number, registeredAt: date)
            outcomes[index] = .submitted(registration, document: document)
            cases.append((filing, request.casework, registration, .submitted))
        }
        try await SQLProtocolRegister.insert(entries, on: sql)
        try await SQLFilingDocuments.insert(documents, on: sql)
        // The answers are those of the last save: a draft is only changed by saving it. One statement for the batch.
        let rows = zip(eligible, entries).map { index, entry -> SQLQueryString in
            let filing = requests[index].filing
            return """
                (\(bind: filing.id), \(bind: filing.tenantID), \(bind: filing.confirmedAt ?? date), \(bind: entry.id), \
                \(bind: Int64(entry.number)))
                """
        }
        try await sql.raw(
            """
            WITH registered (id, tenant_id, confirmed_at, entry_id, number) AS (VALUES \(rows.joined(separator: ", "))) \
            UPDATE filings SET status = \(bind: FilingStatus.submitted.rawValue), \
            confirmed_at = registered.confirmed_at, updated_at = \(bind: date), \
            protocol_entry_id = registered.entry_id, protocol_year = \(bind: year), \
            protocol_number = registered.number, registered_at = \(bind: date) \
            FROM registered WHERE filings.id = registered.id AND filings.tenant_id = registered.tenant_id
            """
        ).run()
        try await SQLOutbox.insert(messages, at: date, on: sql)
        try await SQLAccessCodes.insert(codes, on: sql)
        try await SQLCasework.open(cases, at: date, on: sql)
        return outcomes
    }

    /// A register of a municipality, to group a batch's numbers by.
    struct RegisterKey: Hashable {
        var tenantID: Tenant.ID
        var registerCode: String
        /// Counters are always moved in the same order, so two transactions can never wait for each other.
        var sortKey: String { tenantID.uuidString + "/" + registerCode }
    }
}

extension DatabaseLocation {
    var isPostgres: Bool {
        if case .postgres = self { return true }
        return false
    }
}

import Crypto
public import Foundation
import SQLKit
public import SportelloCore

/// The back office's store in SQL. The inbox reads the narrow `cases` table only; a move of a filing is one durable
/// transaction that checks the state, registers the protocol entry with its stamped letter, and writes the message,
/// the outbox jobs and the audit event, or nothing.
public struct SQLCasework: CaseworkStore {
    let storage: Storage
    let timeZone: TimeZone
    let clock: any Clock

    public init(storage: Storage, timeZone: TimeZone, clock: any Clock) {
        self.storage = storage
        self.timeZone = timeZone
        self.clock = clock
    }

    static let columns =
        """
        filing_id, tenant_id, procedure_code, status, citizen_fiscal_code, citizen_name, citizen_email, citizen_pec, \
        sign_in_method, filing_code, protocol_entry_id, protocol_year, protocol_number, registered_at, submitted_at, due_at, assigned_operator_id, \
        assigned_operator_name, concluded_at, updated_at
        """

    // MARK: Opening, from the submission's act

    /// Writes the case rows of filings just confirmed (registered, or waiting for a remote number).
    static func open(
        _ cases: [(Filing, CaseOpening, FilingRegistration?, FilingStatus)], at date: Date, on sql: any SQLDatabase
    ) async throws {
        guard !cases.isEmpty else { return }
        let encoder = JSONEncoder()
        var terms: [(Tenant.ID, String, Filing.ID)] = []
        let rows: [SQLQueryString] = try cases.map { filing, opening, registration, status in
            let code = filing.displayCode
            terms += CaseFile.searchTerms(
                citizenName: opening.citizenName, fiscalCode: filing.owner.value, filingCode: code, registration: registration
            ).map { (filing.tenantID, $0, filing.id) }
            return """
                (\(bind: filing.id), \(bind: filing.tenantID), \(bind: filing.procedureCode), \(bind: status.rawValue), \
                \(bind: filing.owner.value), \(bind: opening.citizenName), \(bind: opening.citizenEmail), \
                \(bind: opening.citizenPEC), \(bind: opening.signInMethod), \(bind: code), \
                \(bind: registration?.entryID), \(bind: registration?.year), \(bind: registration.map { Int64($0.number) }), \
                \(bind: registration?.registeredAt), \(bind: date), \(bind: opening.dueAt), \(bind: date), \
                \(bind: String(decoding: try encoder.encode(opening.prefill), as: UTF8.self)))
                """
        }
        try await sql.raw(
            """
            INSERT INTO cases (filing_id, tenant_id, procedure_code, status, citizen_fiscal_code, citizen_name, \
            citizen_email, citizen_pec, sign_in_method, filing_code, protocol_entry_id, protocol_year, protocol_number, registered_at, submitted_at, \
            due_at, updated_at, prefill) VALUES \(rows.joined(separator: ", "))
            """
        ).run()
        try await insertTerms(terms, on: sql)
    }

    /// Writes search words with one statement per few hundred.
    static func insertTerms(_ terms: [(Tenant.ID, String, Filing.ID)], on sql: any SQLDatabase) async throws {
        for start in stride(from: 0, to: terms.count, by: 1000) {
            let rows: [SQLQueryString] = terms[start..<min(start + 1000, terms.count)].map { tenantID, term, filingID in
                "(\(bind: tenantID), \(bind: term), \(bind: filingID))"
            }
            try await sql.raw(
                """
                INSERT INTO case_terms (tenant_id, term, filing_id) VALUES \(rows.joined(separator: ", ")) \
                ON CONFLICT DO NOTHING
                """
            ).run()
        }
    }

    /// Records the number a municipality's own protocol system gave a waiting filing.
    static func registered(
        _ filingID: Filing.ID, tenantID: Tenant.ID, registration: FilingRegistration, at date: Date, on sql: any SQLDatabase
    ) async throws {
        guard
            let row = try await sql.raw(
                """
                SELECT citizen_name, citizen_fiscal_code, filing_code FROM cases \
                WHERE filing_id = \(bind: filingID) AND tenant_id = \(bind: tenantID)
                """
            ).first()
        else { return }
        let terms = CaseFile.searchTerms(
            citizenName: try row.decode(column: "citizen_name", as: String.self),
            fiscalCode: try row.decode(column: "citizen_fiscal_code", as: String.self),
            filingCode: try row.decode(column: "filing_code", as: String.self), registration: registration)
        try await insertTerms(terms.map { (tenantID, $0, filingID) }, on: sql)
        try await sql.raw(
            """
            UPDATE cases SET status = \(bind: FilingStatus.submitted.rawValue), protocol_entry_id = \(bind: registration.entryID), \
            protocol_year = \(bind: registration.year), protocol_number = \(bind: Int64(registration.number)), \
            registered_at = \(bind: registration.registeredAt), submitted_at = \(bind: registration.registeredAt), \
            updated_at = \(bind: date) \
            WHERE filing_id = \(bind: filingID) AND tenant_id = \(bind: tenantID)
            """
        ).run()
    }

    // MARK: Inbox

    public func inbox(_ query: InboxQuery) async throws -> InboxPage {
        guard let conditions = Self.conditions(query, postgres: storage.location.isPostgres) else {
            return InboxPage(items: [], total: 0, page: query.page, pageSize: query.pageSize)
        }
        let sql = storage.reader()
        let filter = conditions.joined(separator: " AND ")
        // Counted up to the limit: past it the pager says "more than", and no page counts every row.
        let counted =
            try await sql.raw(
                """
                SELECT COUNT(*) AS total FROM (SELECT 1 AS one FROM cases WHERE \(filter) \
                LIMIT \(literal: InboxPage.countLimit + 1)) AS bounded
                """
            ).first().map { Int(try $0.decode(column: "total", as: Int64.self)) } ?? 0
        let items = try await sql.raw(
            """
            SELECT \(unsafeRaw: Self.columns) FROM cases WHERE \(filter) \
            ORDER BY \(unsafeRaw: Self.order(query.sort)) \
            LIMIT \(literal: query.pageSize) OFFSET \(literal: (query.page - 1) * query.pageSize)
            """
        ).all().map(Self.caseFile)
        return InboxPage(
            items: items, total: min(counted, InboxPage.countLimit), totalIsCapped: counted > InboxPage.countLimit,
            page: query.page, pageSize: query.pageSize)
    }

    public func export(_ query: InboxQuery, batchSize: Int, _ body: ([CaseFile]) async throws -> Void) async throws {
        guard let conditions = Self.conditions(query, postgres: storage.location.isPostgres) else { return }
        let sql = storage.reader()
        var after: (Date, UUID)?
        while true {
            var page = conditions
            if let (date, id) = after {
                // A row-value comparison: both databases walk the index from there (an OR would rescan from the start).
                page.append("(submitted_at, filing_id) > (\(bind: date), \(bind: id))")
            }
            let items = try await sql.raw(
                """
                SELECT \(unsafeRaw: Self.columns) FROM cases WHERE \(page.joined(separator: " AND ")) \
                ORDER BY submitted_at, filing_id LIMIT \(literal: batchSize)
                """
            ).all().map(Self.caseFile)
            guard let last = items.last else { return }
            try await body(items)
            if items.count < batchSize { return }
            after = (last.submittedAt, last.filingID)
        }
    }

    /// The WHERE of an inbox query; nil when the operator's scope is empty (nothing to show).
    static func conditions(_ query: InboxQuery, postgres: Bool) -> [SQLQueryString]? {
        var where_: [SQLQueryString] = [
            "tenant_id = \(bind: query.tenantID)", "status <> \(bind: FilingStatus.readyToSubmit.rawValue)",
        ]
        if let scope = query.procedureCodes {
            guard !scope.isEmpty else { return nil }
            where_.append("procedure_code IN (\(SQLList(scope.map { SQLBind($0) })))")
        }
        if let code = query.procedureCode { where_.append("procedure_code = \(bind: code)") }
        if let status = query.status { where_.append("status = \(bind: status.rawValue)") }
        if let from = query.submittedFrom { where_.append("submitted_at >= \(bind: from)") }
        if let before = query.submittedBefore { where_.append("submitted_at < \(bind: before)") }
        switch query.assignment {
        case .anyone: break
        case .assigned(let id): where_.append("assigned_operator_id = \(bind: id)")
        case .unassigned: where_.append("assigned_operator_id IS NULL")
        }
        if let date = query.overdueAt {
            let concluded = FilingStatus.allCases.filter(\.isConcluded).map { SQLBind($0.rawValue) }
            // Most open filings of a busy year are past due: on SQLite the deadline index would be picked and every
            // one of them sorted; "+due_at" leaves the date order to the submission index (PostgreSQL plans it well).
            let column = postgres ? "due_at" : "+due_at"
            where_.append("\(unsafeRaw: column) < \(bind: date) AND status NOT IN (\(SQLList(concluded)))")
        }
        for term in query.searchTerms {
            where_.append(
                """
                filing_id IN (SELECT filing_id FROM case_terms WHERE tenant_id = \(bind: query.tenantID) \
                AND term >= \(bind: term) AND term < \(bind: term + "\u{10FFFF}"))
                """)
        }
        return where_
    }

    static func order(_ sort: InboxQuery.Sort) -> String {
        switch sort {
        case .newest: "submitted_at DESC, filing_id DESC"
        case .oldest: "submitted_at, filing_id"
        case .dueSoonest: "due_at, filing_id"
        case .citizen: "citizen_name, submitted_at DESC"
        }
    }

    static func caseFile(_ row: any SQLRow) throws -> CaseFile {
        var registration: FilingRegistration?
        if let entryID = try row.decode(column: "protocol_entry_id", as: UUID?.self) {
            registration = FilingRegistration(
                entryID: entryID, year: try row.decode(column: "protocol_year", as: Int.self),
                number: Int(try row.decode(column: "protocol_number", as: Int64.self)),
                registeredAt: try row.decode(column: "registered_at", as: Date.self))
        }
        return CaseFile(
            filingID: try row.decode(column: "filing_id", as: UUID.self),
            tenantID: try row.decode(column: "tenant_id", as: UUID.self),
            procedureCode: try row.decode(column: "procedure_code", as: String.self),
            status: FilingStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .submitted,
            citizenFiscalCode: try row.decode(column: "citizen_fiscal_code", as: String.self),
            citizenName: try row.decode(column: "citizen_name", as: String.self),
            citizenEmail: try row.decode(column: "citizen_email", as: String?.self),
            citizenPEC: try row.decode(column: "citizen_pec", as: String?.self),
            signInMethod: try row.decode(column: "sign_in_method", as: String.self),
            filingCode: try row.decode(column: "filing_code", as: String.self), registration: registration,
            submittedAt: try row.decode(column: "submitted_at", as: Date.self),
            dueAt: try row.decode(column: "due_at", as: Date.self),
            assignedOperatorID: try row.decode(column: "assigned_operator_id", as: UUID?.self),
            assignedOperatorName: try row.decode(column: "assigned_operator_name", as: String?.self),
            concludedAt: try row.decode(column: "concluded_at", as: Date?.self),
            updatedAt: try row.decode(column: "updated_at", as: Date.self))
    }

    public func caseFile(filingID: Filing.ID, tenantID: Tenant.ID) async throws -> CaseFile? {
        try await storage.reader().raw(
            """
            SELECT \(unsafeRaw: Self.columns) FROM cases WHERE filing_id = \(bind: filingID) AND tenant_id = \(bind: tenantID)
            """
        ).first().map(Self.caseFile)
    }

    public func prefill(filingID: Filing.ID, tenantID: Tenant.ID) async throws -> [String: Value] {
        guard
            let text = try await storage.reader().raw(
                "SELECT prefill FROM cases WHERE filing_id = \(bind: filingID) AND tenant_id = \(bind: tenantID)"
            ).first()?.decode(column: "prefill", as: String.self)
        else { return [:] }
        return try JSONDecoder().decode([String: Value].self, from: Data(text.utf8))
    }

    // MARK: Moves

    public func apply(_ act: CaseAct) async throws -> CaseActOutcome {
        try act.validate()
        let lock = storage.location.isPostgres ? " FOR UPDATE" : ""
        let timeZone = self.timeZone
        let clock = self.clock
        return try await storage.durableTransaction { sql in
            guard
                let row = try await sql.raw(
                    """
                    SELECT status, citizen_fiscal_code FROM cases \
                    WHERE filing_id = \(bind: act.filingID) AND tenant_id = \(bind: act.tenantID)\(unsafeRaw: lock)
                    """
                ).first(),
                try row.decode(column: "citizen_fiscal_code", as: String.self) == act.owner
            else { throw CaseNotFound() }
            guard try row.decode(column: "status", as: String.self) == act.expectedStatus.rawValue else {
                throw WorkflowRefusal.changedMeanwhile
            }
            // Times of a filing's events only go up, so its history reads in the order things happened.
            let last = try await sql.raw(
                """
                SELECT MAX(created_at) AS last FROM audit_events \
                WHERE tenant_id = \(bind: act.tenantID) AND filing_id = \(bind: act.filingID)
                """
            ).first()?.decode(column: "last", as: Date?.self)
            let now = max(clock.now, act.at, last.map { $0.addingTimeInterval(0.001) } ?? .distantPast)
            let transition = act.transition
            var entry: ProtocolEntry?
            var document: CaseDocument?
            if let registration = act.registration {
                (entry, document) = try await Self.register(
                    registration, filingID: act.filingID, tenantID: act.tenantID, at: now, timeZone: timeZone, on: sql)
            }
            let reference = entry?.reference
            switch act.supplement {
            case .request(let text, let deadline):
                try await sql.raw(
                    """
                    INSERT INTO supplement_requests (id, tenant_id, filing_id, request_text, deadline, requested_at, \
                    protocol_reference) VALUES (\(bind: UUID()), \(bind: act.tenantID), \(bind: act.filingID), \(bind: text), \
                    \(bind: deadline), \(bind: now), \(bind: reference))
                    """
                ).run()
            case .answer(let text, let attachments):
                let files = String(decoding: try JSONEncoder().encode(attachments), as: UTF8.self)
                try await sql.raw(
                    """
                    UPDATE supplement_requests SET answer_text = \(bind: text), answer_attachments = \(bind: files), \
                    answered_at = \(bind: now), answer_protocol_reference = \(bind: reference) \
                    WHERE tenant_id = \(bind: act.tenantID) AND filing_id = \(bind: act.filingID) AND answered_at IS NULL
                    """
                ).run()
            case nil: break
            }
            if var message = act.message {
                message.protocolReference = reference
                message.documentID = document?.id
                message.createdAt = now
                try await SQLCitizenMessages.insert([message], on: sql)
            }
            var assignment: SQLQueryString = ""
            if transition.has(.assignToActor), let assignee = act.assignee {
                assignment = ", assigned_operator_id = \(bind: assignee), assigned_operator_name = \(bind: act.actor.name)"
            }
            let concluded: SQLQueryString =
                transition.to.isConcluded && !act.expectedStatus.isConcluded ? ", concluded_at = \(bind: now)" : ""
            try await sql.raw(
                """
                UPDATE cases SET status = \(bind: transition.to.rawValue), updated_at = \(bind: now)\(assignment)\(concluded) \
                WHERE filing_id = \(bind: act.filingID) AND tenant_id = \(bind: act.tenantID)
                """
            ).run()
            try await sql.raw(
                """
                UPDATE filings SET status = \(bind: transition.to.rawValue), updated_at = \(bind: now) \
                WHERE id = \(bind: act.filingID) AND tenant_id = \(bind: act.tenantID)
                """
            ).run()
            try await SQLOutbox.insert(act.jobs, at: now, on: sql)
            let detail = [act.text?.trimmingCharacters(in: .whitespacesAndNewlines), reference.map { "prot. \($0)" }]
                .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " — ")
            try await Self.insert(
                AuditEvent(
                    tenantID: act.tenantID, filingID: act.filingID, actor: act.actor, action: transition.action,
                    fromStatus: act.expectedStatus, toStatus: transition.to, detail: detail, at: now),
                on: sql)
            return CaseActOutcome(status: transition.to, entry: entry, document: document)
        }
    }

    /// Registers the act's letter: next number, the stamped document made and fingerprinted, the entry and the stored copy.
    static func register(
        _ registration: CaseRegistration, filingID: Filing.ID, tenantID: Tenant.ID, at date: Date, timeZone: TimeZone,
        on sql: any SQLDatabase
    ) async throws -> (ProtocolEntry, CaseDocument?) {
        let year = LocalDate(date, in: timeZone).year
        let number = try await SQLProtocolRegister.nextNumber(
            register: registration.register, tenantID: tenantID, year: year, on: sql)
        var documents = registration.attachments
        var stored: (CaseDocument, [UInt8])?
        if let main = registration.document {
            let content = try main.make(
                ProtocolStamp(register: registration.register, year: year, number: number, registeredAt: date))
            let digest = Hex.encode(SHA256.hash(data: content))
            documents.insert(ProtocolDocument(fileName: main.fileName, mimeType: main.mimeType, sha256: digest), at: 0)
            stored = (
                CaseDocument(
                    filingID: filingID, kind: registration.documentKind, fileName: main.fileName, mimeType: main.mimeType,
                    sha256: digest, size: content.count,
                    protocolReference: ProtocolEntry.reference(year: year, number: number), createdAt: date),
                content
            )
        }
        let entry = SQLProtocolRegister.makeEntry(
            ProtocolRegistration(
                direction: registration.direction, subject: registration.subject,
                correspondents: registration.correspondents, documents: documents),
            register: registration.register, tenantID: tenantID, year: year, number: number, date: date, timeZone: timeZone)
        try await SQLProtocolRegister.insert(entry, on: sql)
        if let (document, content) = stored {
            try await sql.raw(
                """
                INSERT INTO case_documents (id, tenant_id, filing_id, kind, file_name, mime_type, sha256, size, content, \
                protocol_entry_id, protocol_reference, created_at) VALUES (\(bind: document.id), \(bind: tenantID), \
                \(bind: filingID), \(bind: document.kind.rawValue), \(bind: document.fileName), \(bind: document.mimeType), \
                \(bind: document.sha256), \(bind: Int64(document.size)), \(bind: Data(content)), \(bind: entry.id), \
                \(bind: entry.reference), \(bind: date))
                """
            ).run()
        }
        return (entry, stored?.0)
    }

    // MARK: History

    public func record(_ event: AuditEvent) async throws {
        try await Self.insert(event, on: storage.sql())
    }

    static func insert(_ event: AuditEvent, on sql: any SQLDatabase) async throws {
        try await insert([event], on: sql)
    }

    /// Writes audit lines with one statement.
    static func insert(_ events: [AuditEvent], on sql: any SQLDatabase) async throws {
        guard !events.isEmpty else { return }
        let rows: [SQLQueryString] = events.map { event in
            """
            (\(bind: event.id), \(bind: event.tenantID), \(bind: event.filingID), \(bind: event.actor.kind.rawValue), \
            \(bind: event.actor.id), \(bind: event.actor.name), \(bind: event.action), \(bind: event.fromStatus?.rawValue), \
            \(bind: event.toStatus?.rawValue), \(bind: event.detail), \(bind: event.at))
            """
        }
        try await sql.raw(
            """
            INSERT INTO audit_events (id, tenant_id, filing_id, actor_kind, actor_id, actor_name, action, from_status, \
            to_status, detail, created_at) VALUES \(rows.joined(separator: ", "))
            """
        ).run()
    }

    public func history(filingID: Filing.ID, tenantID: Tenant.ID) async throws -> [AuditEvent] {
        try await storage.reader().raw(
            """
            SELECT id, actor_kind, actor_id, actor_name, action, from_status, to_status, detail, created_at FROM audit_events \
            WHERE tenant_id = \(bind: tenantID) AND filing_id = \(bind: filingID) ORDER BY created_at, id
            """
        ).all().map { row in
            AuditEvent(
                id: try row.decode(column: "id", as: UUID.self), tenantID: tenantID, filingID: filingID,
                actor: AuditActor(
                    kind: AuditActor.Kind(rawValue: try row.decode(column: "actor_kind", as: String.self)) ?? .system,
                    id: try row.decode(column: "actor_id", as: String.self),
                    name: try row.decode(column: "actor_name", as: String.self)),
                action: try row.decode(column: "action", as: String.self),
                fromStatus: try row.decode(column: "from_status", as: String?.self).flatMap(FilingStatus.init(rawValue:)),
                toStatus: try row.decode(column: "to_status", as: String?.self).flatMap(FilingStatus.init(rawValue:)),
                detail: try row.decode(column: "detail", as: String.self), at: try row.decode(column: "created_at", as: Date.self)
            )
        }
    }

    public func supplements(filingID: Filing.ID, tenantID: Tenant.ID) async throws -> [SupplementRequest] {
        try await storage.reader().raw(
            """
            SELECT id, request_text, deadline, requested_at, protocol_reference, answer_text, answer_attachments, answered_at, \
            answer_protocol_reference FROM supplement_requests \
            WHERE tenant_id = \(bind: tenantID) AND filing_id = \(bind: filingID) ORDER BY requested_at
            """
        ).all().map { row in
            var answer: SupplementAnswer?
            if let text = try row.decode(column: "answer_text", as: String?.self),
                let answeredAt = try row.decode(column: "answered_at", as: Date?.self)
            {
                let files = try row.decode(column: "answer_attachments", as: String?.self) ?? "[]"
                answer = SupplementAnswer(
                    text: text, attachments: try JSONDecoder().decode([ProtocolDocument].self, from: Data(files.utf8)),
                    answeredAt: answeredAt,
                    protocolReference: try row.decode(column: "answer_protocol_reference", as: String?.self))
            }
            return SupplementRequest(
                id: try row.decode(column: "id", as: UUID.self), filingID: filingID,
                text: try row.decode(column: "request_text", as: String.self),
                deadline: try row.decode(column: "deadline", as: Date.self),
                requestedAt: try row.decode(column: "requested_at", as: Date.self),
                protocolReference: try row.decode(column: "protocol_reference", as: String?.self), answer: answer)
        }
    }

    public func documents(filingID: Filing.ID, tenantID: Tenant.ID) async throws -> [CaseDocument] {
        try await storage.reader().raw(
            """
            SELECT id, kind, file_name, mime_type, sha256, size, protocol_reference, created_at FROM case_documents \
            WHERE tenant_id = \(bind: tenantID) AND filing_id = \(bind: filingID) ORDER BY created_at
            """
        ).all().compactMap { row in
            guard let kind = CaseDocument.Kind(rawValue: try row.decode(column: "kind", as: String.self)) else { return nil }
            return CaseDocument(
                id: try row.decode(column: "id", as: UUID.self), filingID: filingID, kind: kind,
                fileName: try row.decode(column: "file_name", as: String.self),
                mimeType: try row.decode(column: "mime_type", as: String.self),
                sha256: try row.decode(column: "sha256", as: String.self),
                size: Int(try row.decode(column: "size", as: Int64.self)),
                protocolReference: try row.decode(column: "protocol_reference", as: String?.self),
                createdAt: try row.decode(column: "created_at", as: Date.self))
        }
    }

    public func documentContent(id: UUID, filingID: Filing.ID, tenantID: Tenant.ID) async throws -> [UInt8]? {
        try await storage.reader().raw(
            """
            SELECT content FROM case_documents \
            WHERE id = \(bind: id) AND tenant_id = \(bind: tenantID) AND filing_id = \(bind: filingID)
            """
        ).first().map { [UInt8](try $0.decode(column: "content", as: Data.self)) }
    }
}

/// No such case in the municipality (or not the citizen's own).
public struct CaseNotFound: LocalizedDomainError {
    public var messageKey: String { "error.casework.notFound" }
    public init() {}
}

/// The messages of citizens' personal areas.
public struct SQLCitizenMessages: CitizenMessageStore {
    let storage: Storage

    public init(storage: Storage) { self.storage = storage }

    static let columns =
        """
        id, tenant_id, recipient_fiscal_code, filing_id, subject, body, protocol_reference, document_id, attachments, \
        communication_id, created_at, read_at
        """

    /// Writes messages with one statement (mass communications write them in batches).
    static func insert(_ messages: [CitizenMessage], on sql: any SQLDatabase) async throws {
        guard !messages.isEmpty else { return }
        let encoder = JSONEncoder()
        let rows: [SQLQueryString] = try messages.map { message in
            """
            (\(bind: message.id), \(bind: message.tenantID), \(bind: message.recipient), \(bind: message.filingID), \
            \(bind: message.subject), \(bind: message.body), \(bind: message.protocolReference), \(bind: message.documentID), \
            \(bind: String(decoding: try encoder.encode(message.attachments), as: UTF8.self)), \
            \(bind: message.communicationID), \(bind: message.createdAt), \(bind: message.readAt))
            """
        }
        try await sql.raw(
            "INSERT INTO citizen_messages (\(unsafeRaw: columns)) VALUES \(rows.joined(separator: ", "))"
        ).run()
    }

    static func message(_ row: any SQLRow) throws -> CitizenMessage {
        CitizenMessage(
            id: try row.decode(column: "id", as: UUID.self), tenantID: try row.decode(column: "tenant_id", as: UUID.self),
            recipient: try row.decode(column: "recipient_fiscal_code", as: String.self),
            filingID: try row.decode(column: "filing_id", as: UUID?.self),
            subject: try row.decode(column: "subject", as: String.self), body: try row.decode(column: "body", as: String.self),
            protocolReference: try row.decode(column: "protocol_reference", as: String?.self),
            documentID: try row.decode(column: "document_id", as: UUID?.self),
            attachments: try JSONDecoder().decode(
                [ProtocolDocument].self, from: Data(try row.decode(column: "attachments", as: String.self).utf8)),
            communicationID: try row.decode(column: "communication_id", as: UUID?.self),
            createdAt: try row.decode(column: "created_at", as: Date.self),
            readAt: try row.decode(column: "read_at", as: Date?.self))
    }

    public func messages(recipient: String, tenantID: Tenant.ID) async throws -> [CitizenMessage] {
        try await storage.reader().raw(
            """
            SELECT \(unsafeRaw: Self.columns) FROM citizen_messages \
            WHERE tenant_id = \(bind: tenantID) AND recipient_fiscal_code = \(bind: recipient) ORDER BY created_at DESC
            """
        ).all().map(Self.message)
    }

    public func message(id: UUID, recipient: String, tenantID: Tenant.ID) async throws -> CitizenMessage? {
        try await storage.reader().raw(
            """
            SELECT \(unsafeRaw: Self.columns) FROM citizen_messages \
            WHERE id = \(bind: id) AND tenant_id = \(bind: tenantID) AND recipient_fiscal_code = \(bind: recipient)
            """
        ).first().map(Self.message)
    }

    public func markRead(id: UUID, recipient: String, tenantID: Tenant.ID, at date: Date) async throws {
        try await storage.sql().raw(
            """
            UPDATE citizen_messages SET read_at = \(bind: date) WHERE id = \(bind: id) AND tenant_id = \(bind: tenantID) \
            AND recipient_fiscal_code = \(bind: recipient) AND read_at IS NULL
            """
        ).run()
    }

    public func messages(filingID: Filing.ID, tenantID: Tenant.ID) async throws -> [CitizenMessage] {
        try await storage.reader().raw(
            """
            SELECT \(unsafeRaw: Self.columns) FROM citizen_messages \
            WHERE tenant_id = \(bind: tenantID) AND filing_id = \(bind: filingID) ORDER BY created_at
            """
        ).all().map(Self.message)
    }
}

/// Which office owns each procedure.
public struct SQLProcedureOwnership: ProcedureOwnership {
    let storage: Storage

    public init(storage: Storage) { self.storage = storage }

    public func owners(tenantID: Tenant.ID) async throws -> [String: Office.ID] {
        var owners: [String: Office.ID] = [:]
        for row in try await storage.reader().raw(
            "SELECT procedure_code, office_id FROM procedure_offices WHERE tenant_id = \(bind: tenantID)"
        ).all() {
            owners[try row.decode(column: "procedure_code", as: String.self)] = try row.decode(column: "office_id", as: UUID.self)
        }
        return owners
    }

    public func assign(procedureCode: String, to office: Office.ID?, tenantID: Tenant.ID) async throws {
        try await storage.durableTransaction { sql in
            try await sql.raw(
                "DELETE FROM procedure_offices WHERE tenant_id = \(bind: tenantID) AND procedure_code = \(bind: procedureCode)"
            ).run()
            if let office {
                try await sql.raw(
                    """
                    INSERT INTO procedure_offices (tenant_id, procedure_code, office_id) \
                    SELECT \(bind: tenantID), \(bind: procedureCode), id FROM offices \
                    WHERE id = \(bind: office) AND tenant_id = \(bind: tenantID)
                    """
                ).run()
            }
        }
    }
}

/// Mass communications: the recipients are read, the communication registered and every message, email job and
/// audit line written in one durable act (in chunks of statements, one transaction).
public struct SQLCommunications: CommunicationStore {
    let storage: Storage
    let timeZone: TimeZone
    let clock: any Clock
    static let chunk = 500

    public init(storage: Storage, timeZone: TimeZone, clock: any Clock) {
        self.storage = storage
        self.timeZone = timeZone
        self.clock = clock
    }

    public func send(_ act: MassCommunicationAct) async throws -> MassCommunication {
        let timeZone = self.timeZone
        let clock = self.clock
        return try await storage.durableTransaction { sql in
            let now = max(clock.now, act.at)
            var conditions: [SQLQueryString] = [
                "tenant_id = \(bind: act.tenantID)", "procedure_code = \(bind: act.procedureCode)",
                "status <> \(bind: FilingStatus.readyToSubmit.rawValue)",
            ]
            if let status = act.status { conditions.append("status = \(bind: status.rawValue)") }
            let recipients = try await sql.raw(
                """
                SELECT \(unsafeRaw: SQLCasework.columns) FROM cases WHERE \(conditions.joined(separator: " AND ")) \
                ORDER BY submitted_at, filing_id
                """
            ).all().map(SQLCasework.caseFile)
            guard !recipients.isEmpty else { throw NoRecipients() }

            let year = LocalDate(now, in: timeZone).year
            let number = try await SQLProtocolRegister.nextNumber(
                register: act.register, tenantID: act.tenantID, year: year, on: sql)
            let content = try act.letter.make(
                ProtocolStamp(register: act.register, year: year, number: number, registeredAt: now))
            let digest = Hex.encode(SHA256.hash(data: content))
            let entry = SQLProtocolRegister.makeEntry(
                ProtocolRegistration(
                    direction: .outgoing, subject: act.subject,
                    correspondents: recipients.map { ProtocolParty(name: $0.citizenName, fiscalCode: $0.citizenFiscalCode) },
                    documents: [ProtocolDocument(fileName: act.letter.fileName, mimeType: act.letter.mimeType, sha256: digest)]),
                register: act.register, tenantID: act.tenantID, year: year, number: number, date: now, timeZone: timeZone)
            try await SQLProtocolRegister.insert(entry, on: sql)
            try await sql.raw(
                """
                INSERT INTO mass_communications (id, tenant_id, procedure_code, status, subject, body, author, created_at, \
                recipients, protocol_entry_id, protocol_reference, file_name, content) VALUES (\(bind: act.id), \
                \(bind: act.tenantID), \(bind: act.procedureCode), \(bind: act.status?.rawValue), \(bind: act.subject), \
                \(bind: act.body), \(bind: act.actor.name), \(bind: now), \(bind: recipients.count), \(bind: entry.id), \
                \(bind: entry.reference), \(bind: act.letter.fileName), \(bind: Data(content)))
                """
            ).run()

            for batch in stride(from: 0, to: recipients.count, by: Self.chunk).map({
                recipients[$0..<min($0 + Self.chunk, recipients.count)]
            }) {
                let messages = batch.map { recipient in
                    CitizenMessage(
                        tenantID: act.tenantID, recipient: recipient.citizenFiscalCode, filingID: recipient.filingID,
                        subject: act.subject, body: act.body, protocolReference: entry.reference, communicationID: act.id,
                        createdAt: now)
                }
                try await SQLCitizenMessages.insert(messages, on: sql)
                try await SQLOutbox.insert(try zip(messages, batch).compactMap { try act.emailJob($0, $1) }, at: now, on: sql)
                try await SQLCasework.insert(
                    batch.map { recipient in
                        AuditEvent(
                            tenantID: act.tenantID, filingID: recipient.filingID, actor: act.actor, action: "communication",
                            fromStatus: nil, toStatus: nil, detail: "\(act.subject) — prot. \(entry.reference)", at: now)
                    }, on: sql)
            }
            return MassCommunication(
                id: act.id, procedureCode: act.procedureCode, status: act.status, subject: act.subject, author: act.actor.name,
                createdAt: now, recipients: recipients.count, protocolReference: entry.reference)
        }
    }

    public func communications(tenantID: Tenant.ID, procedureCodes: [String]?, limit: Int) async throws -> [MassCommunication] {
        var conditions: [SQLQueryString] = ["tenant_id = \(bind: tenantID)"]
        if let procedureCodes {
            guard !procedureCodes.isEmpty else { return [] }
            conditions.append("procedure_code IN (\(SQLList(procedureCodes.map { SQLBind($0) })))")
        }
        let sql = storage.reader()
        var result: [MassCommunication] = []
        for row in try await sql.raw(
            """
            SELECT id, procedure_code, status, subject, author, created_at, recipients, protocol_reference \
            FROM mass_communications WHERE \(conditions.joined(separator: " AND ")) ORDER BY created_at DESC \
            LIMIT \(literal: limit)
            """
        ).all() {
            let id = try row.decode(column: "id", as: UUID.self)
            var communication = MassCommunication(
                id: id, procedureCode: try row.decode(column: "procedure_code", as: String.self),
                status: try row.decode(column: "status", as: String?.self).flatMap(FilingStatus.init(rawValue:)),
                subject: try row.decode(column: "subject", as: String.self),
                author: try row.decode(column: "author", as: String.self),
                createdAt: try row.decode(column: "created_at", as: Date.self),
                recipients: try row.decode(column: "recipients", as: Int.self),
                protocolReference: try row.decode(column: "protocol_reference", as: String?.self))
            for state in try await sql.raw(
                """
                SELECT state, COUNT(*) AS n FROM outbox_jobs \
                WHERE idempotency_key LIKE \(bind: Self.keyPrefix(id) + "%") GROUP BY state
                """
            ).all() {
                if let key = OutboxJobState(rawValue: try state.decode(column: "state", as: String.self)) {
                    communication.emails[key] = try state.decode(column: "n", as: Int.self)
                }
            }
            communication.read =
                try await sql.raw(
                    """
                    SELECT COUNT(*) AS n FROM citizen_messages \
                    WHERE tenant_id = \(bind: tenantID) AND communication_id = \(bind: id) AND read_at IS NOT NULL
                    """
                ).first()?.decode(column: "n", as: Int.self) ?? 0
            result.append(communication)
        }
        return result
    }

    /// The idempotency keys of a communication's emails start with this, so its delivery report is one query.
    public static func keyPrefix(_ communicationID: UUID) -> String {
        "email.case-message:" + communicationID.uuidString.lowercased() + ":"
    }
}

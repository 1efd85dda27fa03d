public import Foundation

/// A submitted filing as the back office handles it: one narrow row per filing, what the inbox lists and filters.
public struct CaseFile: Equatable, Sendable, Identifiable {
    public var id: Filing.ID { filingID }
    public var filingID: Filing.ID
    public var tenantID: Tenant.ID
    public var procedureCode: String
    public var status: FilingStatus
    public var citizenFiscalCode: String
    public var citizenName: String
    /// Where messages about the filing are mailed (the one given in the form, else the one from sign-in).
    public var citizenEmail: String?
    /// The citizen's PEC address (domicilio digitale), when the form asked for it: the office's registered letters go
    /// there by PEC too.
    public var citizenPEC: String?
    /// How the citizen signed in ("spid", "cie", "cns", "test"), for the statistics on strong sign-in.
    public var signInMethod: String
    /// The short code the citizen quotes.
    public var filingCode: String
    /// Set once registered (a municipality with its own protocol system registers a little later).
    public var registration: FilingRegistration?
    public var submittedAt: Date
    /// The legal deadline: submission plus the procedure's maximum completion days.
    public var dueAt: Date
    public var assignedOperatorID: Operator.ID?
    public var assignedOperatorName: String?
    /// When the final decision (or the withdrawal) was recorded.
    public var concludedAt: Date?
    public var updatedAt: Date

    public init(
        filingID: Filing.ID, tenantID: Tenant.ID, procedureCode: String, status: FilingStatus, citizenFiscalCode: String,
        citizenName: String, citizenEmail: String? = nil, citizenPEC: String? = nil, signInMethod: String,
        filingCode: String, registration: FilingRegistration?, submittedAt: Date,
        dueAt: Date, assignedOperatorID: Operator.ID? = nil, assignedOperatorName: String? = nil, concludedAt: Date? = nil,
        updatedAt: Date
    ) {
        self.citizenPEC = citizenPEC
        self.filingID = filingID
        self.tenantID = tenantID
        self.procedureCode = procedureCode
        self.status = status
        self.citizenFiscalCode = citizenFiscalCode
        self.citizenName = citizenName
        self.citizenEmail = citizenEmail
        self.signInMethod = signInMethod
        self.filingCode = filingCode
        self.registration = registration
        self.submittedAt = submittedAt
        self.dueAt = dueAt
        self.assignedOperatorID = assignedOperatorID
        self.assignedOperatorName = assignedOperatorName
        self.concludedAt = concludedAt
        self.updatedAt = updatedAt
    }

    /// Past its legal deadline without a decision.
    public func isOverdue(at date: Date) -> Bool { !status.isConcluded && dueAt < date }

    /// The words the inbox search finds a filing by (each search word must start one of them): the parts of the
    /// name (also after an apostrophe: "d'angelo" and "angelo"), the fiscal code, the filing code, the protocol
    /// reference ("2026/0000042"), its seven digits and the plain number.
    public static func searchTerms(
        citizenName: String, fiscalCode: String, filingCode: String, registration: FilingRegistration?
    ) -> [String] {
        var terms: [String] = []
        for word in InboxQuery.fold(citizenName).split(whereSeparator: { $0 == " " || $0 == "-" }) {
            terms.append(String(word))
            if let apostrophe = word.lastIndex(where: { $0 == "'" || $0 == "’" }) {
                terms.append(String(word[word.index(after: apostrophe)...]))
            }
        }
        terms += [InboxQuery.fold(fiscalCode), InboxQuery.fold(filingCode)]
        if let registration {
            terms += [registration.reference, ProtocolEntry.format(registration.number), String(registration.number)]
        }
        var seen: Set<String> = []
        return terms.filter { !$0.isEmpty && seen.insert($0).inserted }
    }
}

/// What the back office knows of a filing when it is submitted: the case row is written in the same act.
public struct CaseOpening: Equatable, Sendable {
    public var citizenName: String
    public var citizenEmail: String?
    /// The PEC address the citizen gave for official letters, if the form asked for one.
    public var citizenPEC: String?
    public var signInMethod: String
    public var dueAt: Date
    /// The data the municipality already had (identity, population registry) as the citizen saw them when
    /// confirming, so the office reads the answers exactly as they were filed.
    public var prefill: [String: Value]

    public init(
        citizenName: String, citizenEmail: String?, citizenPEC: String? = nil, signInMethod: String, dueAt: Date,
        prefill: [String: Value] = [:]
    ) {
        self.citizenPEC = citizenPEC
        self.prefill = prefill
        self.citizenName = citizenName
        self.citizenEmail = citizenEmail
        self.signInMethod = signInMethod
        self.dueAt = dueAt
    }

    /// The legal deadline of a filing submitted at `date` for a procedure concluded within `days`.
    public static func dueDate(submittedAt date: Date, maximumDays days: Int) -> Date {
        date.addingTimeInterval(Double(max(days, 0)) * 86_400)
    }
}

/// Filters, search, sort and page of the operator's inbox. `procedureCodes` is the operator's scope: the procedures
/// their offices own (`nil` only for admins, who see the whole municipality).
public struct InboxQuery: Equatable, Sendable {
    public enum Assignment: Equatable, Sendable {
        case anyone
        case assigned(to: Operator.ID)
        case unassigned
    }

    public enum Sort: String, Sendable, CaseIterable {
        case newest, oldest, dueSoonest, citizen
    }

    public var tenantID: Tenant.ID
    public var procedureCodes: [String]?
    /// One procedure among those in scope.
    public var procedureCode: String?
    public var status: FilingStatus?
    /// Submitted on or after / before these instants.
    public var submittedFrom: Date?
    public var submittedBefore: Date?
    public var assignment: Assignment
    /// Only filings past their deadline at this instant, without a decision.
    public var overdueAt: Date?
    /// Words to find in name, fiscal code, filing code or protocol number.
    public var search: String?
    public var sort: Sort
    /// From 1.
    public var page: Int
    public var pageSize: Int

    public init(
        tenantID: Tenant.ID, procedureCodes: [String]?, procedureCode: String? = nil, status: FilingStatus? = nil,
        submittedFrom: Date? = nil, submittedBefore: Date? = nil, assignment: Assignment = .anyone, overdueAt: Date? = nil,
        search: String? = nil, sort: Sort = .newest, page: Int = 1, pageSize: Int = 25
    ) {
        self.tenantID = tenantID
        self.procedureCodes = procedureCodes
        self.procedureCode = procedureCode
        self.status = status
        self.submittedFrom = submittedFrom
        self.submittedBefore = submittedBefore
        self.assignment = assignment
        self.overdueAt = overdueAt
        self.search = search
        self.sort = sort
        self.page = max(page, 1)
        self.pageSize = min(max(pageSize, 1), 200)
    }

    /// The search terms: lower case, without accents, split on spaces; each must appear.
    public var searchTerms: [String] {
        guard let search else { return [] }
        return Self.fold(search).split(separator: " ").map(String.init).filter { !$0.isEmpty }.prefix(5).map { $0 }
    }

    /// Lower case without diacritics, so "Niccolò" is found by "niccolo".
    public static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "it_IT")).lowercased()
    }
}

/// One page of the inbox, with the total for the pager. Totals are counted up to `InboxPage.countLimit`: beyond it
/// the page says "more than …" instead of counting a hundred thousand rows for every page.
public struct InboxPage: Equatable, Sendable {
    public var items: [CaseFile]
    public var total: Int
    /// More filings match than `total` says.
    public var totalIsCapped: Bool
    public var page: Int
    public var pageSize: Int

    public static let countLimit = 1_000

    public init(items: [CaseFile], total: Int, totalIsCapped: Bool = false, page: Int, pageSize: Int) {
        self.items = items
        self.total = total
        self.totalIsCapped = totalIsCapped
        self.page = page
        self.pageSize = pageSize
    }

    public var pageCount: Int { max(1, (total + pageSize - 1) / pageSize) }
}

/// Who did something, as the audit trail records it.
public struct AuditActor: Equatable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable {
        case `operator`, citizen, system
    }

    public var kind: Kind
    /// The operator's id or the citizen's fiscal code.
    public var id: String
    public var name: String

    public init(kind: Kind, id: String, name: String) {
        self.kind = kind
        self.id = id
        self.name = name
    }
}

/// One line of a filing's history: who did what, when, from which state to which. Nobody can change or delete it.
public struct AuditEvent: Equatable, Sendable, Identifiable {
    public var id: UUID
    public var tenantID: Tenant.ID
    public var filingID: Filing.ID
    public var actor: AuditActor
    public var action: String
    public var fromStatus: FilingStatus?
    public var toStatus: FilingStatus?
    /// What was written (the reason, the request, the message subject), or a protocol reference.
    public var detail: String
    public var at: Date

    public init(
        id: UUID = UUID(), tenantID: Tenant.ID, filingID: Filing.ID, actor: AuditActor, action: String,
        fromStatus: FilingStatus?, toStatus: FilingStatus?, detail: String, at: Date
    ) {
        self.id = id
        self.tenantID = tenantID
        self.filingID = filingID
        self.actor = actor
        self.action = action
        self.fromStatus = fromStatus
        self.toStatus = toStatus
        self.detail = detail
        self.at = at
    }
}

/// A message from the municipality in a citizen's personal area.
public struct CitizenMessage: Equatable, Sendable, Identifiable {
    public var id: UUID
    public var tenantID: Tenant.ID
    public var recipient: String
    public var filingID: Filing.ID?
    public var subject: String
    public var body: String
    /// The outgoing protocol registration of the message, when it was registered.
    public var protocolReference: String?
    /// A letter (PDF/A) that goes with the message.
    public var documentID: UUID?
    /// Further documents sent with it (the attachments of a final decision), stored by content.
    public var attachments: [ProtocolDocument]
    /// The mass communication it belongs to.
    public var communicationID: UUID?
    public var createdAt: Date
    public var readAt: Date?

    public init(
        id: UUID = UUID(), tenantID: Tenant.ID, recipient: String, filingID: Filing.ID?, subject: String, body: String,
        protocolReference: String? = nil, documentID: UUID? = nil, attachments: [ProtocolDocument] = [],
        communicationID: UUID? = nil, createdAt: Date, readAt: Date? = nil
    ) {
        self.attachments = attachments
        self.id = id
        self.tenantID = tenantID
        self.recipient = recipient
        self.filingID = filingID
        self.subject = subject
        self.body = body
        self.protocolReference = protocolReference
        self.documentID = documentID
        self.communicationID = communicationID
        self.createdAt = createdAt
        self.readAt = readAt
    }
}

/// A document the office sent or received after submission: a supplement request, a final decision, the citizen's
/// answer. Stored with its protocol registration.
public struct CaseDocument: Equatable, Sendable, Identifiable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case supplementRequest, supplementAnswer, decision, message, withdrawal
    }

    public var id: UUID
    public var filingID: Filing.ID
    public var kind: Kind
    public var fileName: String
    public var mimeType: String
    public var sha256: String
    public var size: Int
    public var protocolReference: String?
    public var createdAt: Date

    public init(
        id: UUID = UUID(), filingID: Filing.ID, kind: Kind, fileName: String, mimeType: String, sha256: String, size: Int,
        protocolReference: String?, createdAt: Date
    ) {
        self.id = id
        self.filingID = filingID
        self.kind = kind
        self.fileName = fileName
        self.mimeType = mimeType
        self.sha256 = sha256
        self.size = size
        self.protocolReference = protocolReference
        self.createdAt = createdAt
    }
}

/// A request for more documents and, once given, the citizen's answer.
public struct SupplementRequest: Equatable, Sendable, Identifiable {
    public var id: UUID
    public var filingID: Filing.ID
    public var text: String
    public var deadline: Date
    public var requestedAt: Date
    public var protocolReference: String?
    public var answer: SupplementAnswer?

    public init(
        id: UUID = UUID(), filingID: Filing.ID, text: String, deadline: Date, requestedAt: Date, protocolReference: String?,
        answer: SupplementAnswer? = nil
    ) {
        self.id = id
        self.filingID = filingID
        self.text = text
        self.deadline = deadline
        self.requestedAt = requestedAt
        self.protocolReference = protocolReference
        self.answer = answer
    }
}

/// The citizen's answer to a supplement request, with its files (already stored by hash).
public struct SupplementAnswer: Equatable, Sendable {
    public var text: String
    public var attachments: [ProtocolDocument]
    public var answeredAt: Date
    public var protocolReference: String?

    public init(text: String, attachments: [ProtocolDocument], answeredAt: Date, protocolReference: String?) {
        self.text = text
        self.attachments = attachments
        self.answeredAt = answeredAt
        self.protocolReference = protocolReference
    }
}

public import Foundation

/// A protocol registration that goes with a move: the letter (numbered inside the act) and its attachments.
public struct CaseRegistration: Sendable {
    public var register: ProtocolRegisterIdentity
    public var direction: ProtocolDirection
    public var subject: String
    public var correspondents: [ProtocolParty]
    /// The main document; its protocol stamp is filled in once the number is known.
    public var document: StampedDocument?
    public var documentKind: CaseDocument.Kind
    /// Further documents, already stored elsewhere (the citizen's files), registered after the main one.
    public var attachments: [ProtocolDocument]

    public init(
        register: ProtocolRegisterIdentity, direction: ProtocolDirection, subject: String, correspondents: [ProtocolParty],
        document: StampedDocument?, documentKind: CaseDocument.Kind, attachments: [ProtocolDocument]
    ) {
        self.register = register
        self.direction = direction
        self.subject = subject
        self.correspondents = correspondents
        self.document = document
        self.documentKind = documentKind
        self.attachments = attachments
    }
}

/// The supplement side of a move.
public enum SupplementChange: Sendable, Equatable {
    case request(text: String, deadline: Date)
    case answer(text: String, attachments: [ProtocolDocument])
}

/// One move of a filing through its workflow, with everything that goes with it. The store does all of it in one
/// durable act, or nothing: the state (checked to be still `expectedStatus`), the assignment, the protocol entry and
/// its stored letter, the supplement, the citizen's message, the outbox jobs and the audit event.
public struct CaseAct: Sendable {
    public var filingID: Filing.ID
    public var tenantID: Tenant.ID
    /// The citizen who owns the filing (checked, so a citizen's act can only touch their own filing).
    public var owner: String
    public var transition: WorkflowTransition
    /// The state the actor saw; another state in the database means someone else moved first.
    public var expectedStatus: FilingStatus
    public var actor: AuditActor
    /// The operator who takes charge (for `assignToActor`).
    public var assignee: Operator.ID?
    /// The text of the act: reason, request, decision or answer.
    public var text: String?
    public var registration: CaseRegistration?
    public var supplement: SupplementChange?
    /// The message in the personal area; its protocol reference and letter are added by the store.
    public var message: CitizenMessage?
    public var jobs: [NewOutboxJob]
    public var at: Date

    public init(
        filingID: Filing.ID, tenantID: Tenant.ID, owner: String, transition: WorkflowTransition, expectedStatus: FilingStatus,
        actor: AuditActor, assignee: Operator.ID? = nil, text: String? = nil, registration: CaseRegistration? = nil,
        supplement: SupplementChange? = nil, message: CitizenMessage? = nil, jobs: [NewOutboxJob] = [], at: Date
    ) {
        self.filingID = filingID
        self.tenantID = tenantID
        self.owner = owner
        self.transition = transition
        self.expectedStatus = expectedStatus
        self.actor = actor
        self.assignee = assignee
        self.text = text
        self.registration = registration
        self.supplement = supplement
        self.message = message
        self.jobs = jobs
        self.at = at
    }

    /// Checks the act against its transition before anything is written.
    public func validate() throws(WorkflowRefusal) {
        let text = self.text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if transition.requiresText && text.isEmpty { throw .textRequired }
        if transition.requiresDeadline {
            guard case .request(_, let deadline) = supplement else { throw .deadlineRequired }
            if deadline <= at { throw .deadlineInThePast }
        }
        guard transition.from.contains(expectedStatus) else { throw .notAllowedFrom(expectedStatus) }
    }
}

/// What a move produced.
public struct CaseActOutcome: Equatable, Sendable {
    public var status: FilingStatus
    /// The protocol entry registered with the move, if any.
    public var entry: ProtocolEntry?
    public var document: CaseDocument?

    public init(status: FilingStatus, entry: ProtocolEntry?, document: CaseDocument?) {
        self.status = status
        self.entry = entry
        self.document = document
    }
}

/// The back office's store: the inbox, the moves of filings, their history, documents, supplements and messages.
/// Every read names the tenant; the operator's scope (procedures of their offices) is part of the inbox query.
public protocol CaseworkStore: Sendable {
    func inbox(_ query: InboxQuery) async throws -> InboxPage
    /// Every filing matching the query (page and size ignored), in batches, for the CSV export.
    func export(_ query: InboxQuery, batchSize: Int, _ body: ([CaseFile]) async throws -> Void) async throws
    func caseFile(filingID: Filing.ID, tenantID: Tenant.ID) async throws -> CaseFile?
    /// The prefilled data the filing was confirmed with.
    func prefill(filingID: Filing.ID, tenantID: Tenant.ID) async throws -> [String: Value]
    /// Moves the filing; throws `WorkflowRefusal.changedMeanwhile` if it is no longer in `expectedStatus`.
    func apply(_ act: CaseAct) async throws -> CaseActOutcome
    func history(filingID: Filing.ID, tenantID: Tenant.ID) async throws -> [AuditEvent]
    /// Records an action that does not move the filing (a message, a download of its documents).
    func record(_ event: AuditEvent) async throws
    func supplements(filingID: Filing.ID, tenantID: Tenant.ID) async throws -> [SupplementRequest]
    func documents(filingID: Filing.ID, tenantID: Tenant.ID) async throws -> [CaseDocument]
    func documentContent(id: UUID, filingID: Filing.ID, tenantID: Tenant.ID) async throws -> [UInt8]?
}

/// The messages of citizens' personal areas.
public protocol CitizenMessageStore: Sendable {
    func messages(recipient: String, tenantID: Tenant.ID) async throws -> [CitizenMessage]
    func message(id: UUID, recipient: String, tenantID: Tenant.ID) async throws -> CitizenMessage?
    func markRead(id: UUID, recipient: String, tenantID: Tenant.ID, at date: Date) async throws
    func messages(filingID: Filing.ID, tenantID: Tenant.ID) async throws -> [CitizenMessage]
}

/// Which office owns each procedure of a municipality.
public protocol ProcedureOwnership: Sendable {
    func owners(tenantID: Tenant.ID) async throws -> [String: Office.ID]
    func assign(procedureCode: String, to office: Office.ID?, tenantID: Tenant.ID) async throws
}

extension Operator {
    /// The procedures whose filings the operator handles: those owned by the offices where they are an operator
    /// (or an admin). `nil` means all of the municipality (admins).
    public func caseScope(owners: [String: Office.ID]) -> [String]? {
        if hasRole(.admin) { return nil }
        let offices = Set(memberships.filter { $0.role == .operator }.map(\.officeID))
        return owners.filter { offices.contains($0.value) }.map(\.key).sorted()
    }

    public var auditActor: AuditActor { AuditActor(kind: .operator, id: id.uuidString.lowercased(), name: displayName) }
}

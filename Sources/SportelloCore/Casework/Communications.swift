public import Foundation

/// A message to every filer of a procedure (optionally only those whose filing is in one state): registered once in
/// the protocol as outgoing with all of them as recipients, then one message in each personal area and one email each
/// through the outbox.
public struct MassCommunicationAct: Sendable {
    public var id: UUID
    public var tenantID: Tenant.ID
    public var procedureCode: String
    public var status: FilingStatus?
    public var subject: String
    public var body: String
    public var actor: AuditActor
    public var register: ProtocolRegisterIdentity
    public var letter: StampedDocument
    /// The email job of one recipient's message (nil when the citizen left no address).
    public var emailJob: @Sendable (CitizenMessage, CaseFile) throws -> NewOutboxJob?
    public var at: Date

    public init(
        id: UUID = UUID(), tenantID: Tenant.ID, procedureCode: String, status: FilingStatus?, subject: String, body: String,
        actor: AuditActor, register: ProtocolRegisterIdentity, letter: StampedDocument,
        emailJob: @escaping @Sendable (CitizenMessage, CaseFile) throws -> NewOutboxJob?, at: Date
    ) {
        self.id = id
        self.tenantID = tenantID
        self.procedureCode = procedureCode
        self.status = status
        self.subject = subject
        self.body = body
        self.actor = actor
        self.register = register
        self.letter = letter
        self.emailJob = emailJob
        self.at = at
    }
}

/// A mass communication as sent, with how its delivery is going.
public struct MassCommunication: Equatable, Sendable, Identifiable {
    public var id: UUID
    public var procedureCode: String
    public var status: FilingStatus?
    public var subject: String
    public var author: String
    public var createdAt: Date
    public var recipients: Int
    public var protocolReference: String?
    /// Emails by outbox state, and messages opened in the personal area.
    public var emails: [OutboxJobState: Int]
    public var read: Int

    public init(
        id: UUID, procedureCode: String, status: FilingStatus?, subject: String, author: String, createdAt: Date,
        recipients: Int, protocolReference: String?, emails: [OutboxJobState: Int] = [:], read: Int = 0
    ) {
        self.id = id
        self.procedureCode = procedureCode
        self.status = status
        self.subject = subject
        self.author = author
        self.createdAt = createdAt
        self.recipients = recipients
        self.protocolReference = protocolReference
        self.emails = emails
        self.read = read
    }
}

/// Where mass communications are sent from and reported.
public protocol CommunicationStore: Sendable {
    /// Sends it in one act; throws `NoRecipients` when nobody matches.
    func send(_ act: MassCommunicationAct) async throws -> MassCommunication
    /// The municipality's communications, newest first, with their delivery report.
    func communications(tenantID: Tenant.ID, procedureCodes: [String]?, limit: Int) async throws -> [MassCommunication]
}

/// Nobody filed for that procedure (in that state).
public struct NoRecipients: LocalizedDomainError {
    public var messageKey: String { "error.communication.noRecipients" }
    public init() {}
}

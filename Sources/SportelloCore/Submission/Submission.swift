public import Foundation

/// The number and date a registration received, as written on the registered document.
public struct ProtocolStamp: Equatable, Sendable {
    public var register: ProtocolRegisterIdentity
    public var year: Int
    public var number: Int
    public var registeredAt: Date

    public init(register: ProtocolRegisterIdentity, year: Int, number: Int, registeredAt: Date) {
        self.register = register
        self.year = year
        self.number = number
        self.registeredAt = registeredAt
    }

    /// At least seven digits: "0000042".
    public var formattedNumber: String { ProtocolEntry.format(number) }
}

/// The main document of a registration, whose bytes carry the protocol stamp: made once the number and
/// date are known, inside the act that registers it, so its SHA-256 is the one recorded.
public struct StampedDocument: Sendable {
    public var fileName: String
    public var mimeType: String
    public var make: @Sendable (ProtocolStamp) throws -> [UInt8]

    public init(fileName: String, mimeType: String, make: @escaping @Sendable (ProtocolStamp) throws -> [UInt8]) {
        self.fileName = fileName
        self.mimeType = mimeType
        self.make = make
    }
}

/// Everything a confirmed filing needs to be submitted in one act: the filing moves to "submitted", the
/// protocol registers it with its documents, the filing PDF is stored, the access code and the messages
/// to the citizen are written. Either all of it happens or none of it.
public struct SubmissionRequest: Sendable {
    /// The filing as confirmed (answers, confirmation time); it must still be a draft in the database.
    public var filing: Filing
    public var register: ProtocolRegisterIdentity
    public var subject: String
    public var sender: ProtocolParty
    public var document: StampedDocument
    /// The citizen's attached files, already stored, registered after the main document.
    public var attachments: [ProtocolDocument]
    /// Messages to the citizen, delivered by the outbox once the act is committed.
    public var messages: [NewOutboxJob]
    /// The digest of the code that opens the filing's documents without signing in.
    public var accessCode: AccessCodeRecord?
    /// What the back office's case row starts with.
    public var casework: CaseOpening
    /// Where the filing must stand: a draft, or "paid, waiting for its number" after the fee's receipt.
    public var expectedStatus: FilingStatus
    /// Documents made by Sportello that are registered and stored with the filing (the fee's payment receipt).
    public var supporting: [SupportingDocument]

    public init(
        filing: Filing, register: ProtocolRegisterIdentity, subject: String, sender: ProtocolParty, document: StampedDocument,
        attachments: [ProtocolDocument], messages: [NewOutboxJob], accessCode: AccessCodeRecord?, casework: CaseOpening,
        expectedStatus: FilingStatus = .draft, supporting: [SupportingDocument] = []
    ) {
        self.casework = casework
        self.expectedStatus = expectedStatus
        self.supporting = supporting
        self.filing = filing
        self.register = register
        self.subject = subject
        self.sender = sender
        self.document = document
        self.attachments = attachments
        self.messages = messages
        self.accessCode = accessCode
    }
}

/// A confirmed filing of a municipality with its own protocol system: locked and stored now, registered by
/// the outbox when that system answers.
public struct QueuedSubmission: Sendable {
    public var filing: Filing
    public var document: StoredDocument
    public var content: [UInt8]
    /// The job that will call the protocol system.
    public var registration: NewOutboxJob
    public var casework: CaseOpening
    /// Where the filing must stand: a draft, or "paid, waiting for its number" after the fee's receipt.
    public var expectedStatus: FilingStatus
    /// Stored with the filing now; the registration job names them among its documents.
    public var supporting: [SupportingDocument]

    public init(
        filing: Filing, document: StoredDocument, content: [UInt8], registration: NewOutboxJob, casework: CaseOpening,
        expectedStatus: FilingStatus = .draft, supporting: [SupportingDocument] = []
    ) {
        self.casework = casework
        self.expectedStatus = expectedStatus
        self.supporting = supporting
        self.filing = filing
        self.document = document
        self.content = content
        self.registration = registration
    }
}

/// A document Sportello made for a filing (not typed or uploaded by the citizen) that is registered with it and kept.
public struct SupportingDocument: Sendable {
    public var document: StoredDocument
    public var content: [UInt8]

    public init(document: StoredDocument, content: [UInt8]) {
        self.document = document
        self.content = content
    }

    /// How the protocol entry lists it.
    public var registered: ProtocolDocument {
        ProtocolDocument(fileName: document.fileName, mimeType: document.mimeType, sha256: document.sha256)
    }
}

/// A confirmed filing of a procedure with a fee: locked as "awaiting payment" together with its debt position, in
/// one act. `onPaid` is kept with the position and queued in the act that records its positive receipt: it is the
/// job that registers the filing.
public struct PendingPayment: Sendable {
    public var filing: Filing
    public var position: DebtPosition
    /// Jobs queued now (publishing the position on GPD).
    public var jobs: [NewOutboxJob]
    public var onPaid: NewOutboxJob

    public init(filing: Filing, position: DebtPosition, jobs: [NewOutboxJob], onPaid: NewOutboxJob) {
        self.filing = filing
        self.position = position
        self.jobs = jobs
        self.onPaid = onPaid
    }
}

/// The registration a municipality's protocol system returned, to record with the filing.
public struct RemoteCompletion: Sendable {
    public var filingID: Filing.ID
    public var tenantID: Tenant.ID
    /// A copy of the registration as the other system wrote it (number, date, segnatura).
    public var entry: ProtocolEntry
    public var messages: [NewOutboxJob]
    public var accessCode: AccessCodeRecord?

    public init(
        filingID: Filing.ID, tenantID: Tenant.ID, entry: ProtocolEntry, messages: [NewOutboxJob], accessCode: AccessCodeRecord?
    ) {
        self.filingID = filingID
        self.tenantID = tenantID
        self.entry = entry
        self.messages = messages
        self.accessCode = accessCode
    }
}

/// What came of a submission.
public enum SubmissionOutcome: Sendable, Equatable {
    /// Registered: the filing's protocol data and its stored main document.
    case submitted(FilingRegistration, document: StoredDocument)
    /// Locked and queued for the municipality's own protocol system.
    case awaitingRegistration
    /// Locked until the fee is paid; registered when its receipt arrives.
    case awaitingPayment
    /// The filing was no longer a draft (submitted twice, from two tabs): nothing was registered.
    case notADraft
}

/// Submits confirmed filings: protocol registration, stored document, outbox and status in one durable act.
public protocol SubmissionStore: Sendable {
    func submit(_ request: SubmissionRequest) async throws -> SubmissionOutcome
    /// Locks the filing ("confirmed, waiting for its number"), stores its copy and queues the registration,
    /// in one act; false when the filing was no longer a draft.
    func queue(_ submission: QueuedSubmission) async throws -> Bool
    /// Records a registration made by another system, moves the filing to "submitted" and queues the emails, in
    /// one act; false when the filing was not waiting (already recorded by an earlier attempt).
    func complete(_ completion: RemoteCompletion) async throws -> Bool
    /// Locks the filing as "awaiting payment" and stores its debt position and the job its payment releases, in one
    /// act; false when the filing was no longer a draft.
    func awaitPayment(_ payment: PendingPayment) async throws -> Bool
}

/// What a stored document of a filing is.
public enum DocumentKind: String, Sendable, Codable, CaseIterable {
    /// The filing as submitted, with its protocol stamp (the registered main document).
    case filing
    /// The receipt of the start of the procedure (ricevuta di avvio del procedimento).
    case receipt
    /// The pagoPA receipt of the procedure's fee, registered with the filing.
    case payment
}

/// A document kept with a filing, content addressed by its SHA-256.
public struct StoredDocument: Equatable, Sendable {
    public var filingID: Filing.ID
    public var kind: DocumentKind
    public var fileName: String
    public var mimeType: String
    public var sha256: String
    public var size: Int
    public var createdAt: Date

    public init(
        filingID: Filing.ID, kind: DocumentKind, fileName: String, mimeType: String, sha256: String, size: Int,
        createdAt: Date
    ) {
        self.filingID = filingID
        self.kind = kind
        self.fileName = fileName
        self.mimeType = mimeType
        self.sha256 = sha256
        self.size = size
        self.createdAt = createdAt
    }
}

/// The stored documents of filings; reads name the tenant, and callers have checked who may see the filing.
public protocol FilingDocumentRepository: Sendable {
    func documents(filingID: Filing.ID, tenantID: Tenant.ID) async throws -> [StoredDocument]
    func content(filingID: Filing.ID, kind: DocumentKind, tenantID: Tenant.ID) async throws -> [UInt8]?
}

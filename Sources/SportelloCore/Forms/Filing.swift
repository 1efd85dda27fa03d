public import Foundation

/// A published, frozen version of a procedure for one municipality.
public struct ProcedureVersion: Equatable, Sendable {
    public var tenantID: Tenant.ID
    public var code: String
    public var version: Int
    public var definition: ProcedureDefinition
    public var publishedAt: Date

    public init(tenantID: Tenant.ID, code: String, version: Int, definition: ProcedureDefinition, publishedAt: Date) {
        self.tenantID = tenantID
        self.code = code
        self.version = version
        self.definition = definition
        self.publishedAt = publishedAt
    }
}

/// One published version of a procedure of one municipality, by name.
public struct ProcedureVersionKey: Hashable, Sendable {
    public var tenantID: Tenant.ID
    public var code: String
    public var version: Int

    public init(tenantID: Tenant.ID, code: String, version: Int) {
        self.tenantID = tenantID
        self.code = code
        self.version = version
    }
}

/// How long drafts are kept: never submitted, they go when started more than `startedDays` ago, or
/// `closedGraceDays` after their call for applications closed.
public struct DraftRetention: Equatable, Sendable {
    public var startedDays: Int
    public var closedGraceDays: Int

    public init(startedDays: Int = 180, closedGraceDays: Int = 7) {
        self.startedDays = startedDays
        self.closedGraceDays = closedGraceDays
    }

    /// Drafts started before this are deleted.
    public func startedCutoff(now: Date) -> Date { now.addingTimeInterval(-Double(startedDays) * 86_400) }
    /// Drafts of calls closed before this are deleted.
    public func closedCutoff(now: Date) -> Date { now.addingTimeInterval(-Double(closedGraceDays) * 86_400) }
}

/// Where procedures are kept; a published version is never changed, only followed by a new one.
public protocol ProcedureRepository: Sendable {
    /// The versions, of every municipality, whose call for applications closed before `date`.
    func versions(closedBefore date: Date) async throws -> [ProcedureVersionKey]
    /// Stores `definition` as the next version of its code, unless it equals the latest one.
    @discardableResult
    func publish(_ definition: ProcedureDefinition, tenantID: Tenant.ID, at date: Date) async throws -> ProcedureVersion
    func latest(code: String, tenantID: Tenant.ID) async throws -> ProcedureVersion?
    /// The number of the latest version, without reading its definition.
    func latestVersionNumber(code: String, tenantID: Tenant.ID) async throws -> Int?
    func version(_ version: Int, code: String, tenantID: Tenant.ID) async throws -> ProcedureVersion?
    /// The latest version of every procedure of the tenant.
    func catalog(tenantID: Tenant.ID) async throws -> [ProcedureVersion]
}

/// Where a filing stands.
public enum FilingStatus: String, Sendable, Codable, CaseIterable {
    /// Being filled in; saved at every page.
    case draft
    /// Confirmed by the citizen and locked; waiting for its protocol number (a remote register answers later).
    case readyToSubmit
    /// Confirmed and locked; the procedure's fee must be paid through pagoPA before the filing is registered.
    case awaitingPayment
    /// Registered in the protocol: officially received by the municipality.
    case submitted
    /// An operator has taken the filing in charge.
    case inProgress
    /// The office asked the citizen for more documents (integrazione documentale) and waits.
    case supplementRequested
    /// The citizen answered the request; back with the office.
    case supplementReceived
    /// Decided in the citizen's favour (final decision sent).
    case accepted
    /// Refused, with the reason stated in the final decision.
    case rejected
    /// Withdrawn by the citizen before a decision.
    case withdrawn
    /// Archived after the decision or the withdrawal.
    case closed

    /// Whether the filing can still be changed by its citizen.
    public var isDraft: Bool { self == .draft }

    /// Whether the filing has been registered in the protocol (every state from "submitted" on).
    public var isRegistered: Bool {
        switch self {
        case .draft, .readyToSubmit, .awaitingPayment: false
        default: true
        }
    }

    /// Whether the procedure has ended for this filing (a decision, a withdrawal or the archive).
    public var isConcluded: Bool {
        switch self {
        case .accepted, .rejected, .withdrawn, .closed: true
        default: false
        }
    }
}

/// The protocol registration of a submitted filing, as shown to the citizen.
public struct FilingRegistration: Equatable, Sendable {
    public var entryID: ProtocolEntry.ID
    public var year: Int
    public var number: Int
    public var registeredAt: Date

    public init(entryID: ProtocolEntry.ID, year: Int, number: Int, registeredAt: Date) {
        self.entryID = entryID
        self.year = year
        self.number = number
        self.registeredAt = registeredAt
    }

    /// "2026/0000042".
    public var reference: String { ProtocolEntry.reference(year: year, number: number) }
}

/// One citizen's application (istanza), remembering the procedure version it was filled with.
public struct Filing: Identifiable, Equatable, Sendable {
    public typealias ID = UUID

    public var id: ID
    public var tenantID: Tenant.ID
    public var procedureCode: String
    public var procedureVersion: Int
    /// The citizen who owns the filing; nobody else may read it.
    public var owner: CodiceFiscale
    public var status: FilingStatus
    public var answers: Answers
    /// The page the citizen reached, to resume there.
    public var currentPage: String?
    public var consentedAt: Date?
    public var createdAt: Date
    public var updatedAt: Date
    public var confirmedAt: Date?
    /// Set once the filing is registered in the protocol.
    public var registration: FilingRegistration?

    public init(
        id: ID = UUID(), tenantID: Tenant.ID, procedureCode: String, procedureVersion: Int, owner: CodiceFiscale,
        status: FilingStatus = .draft, answers: Answers = [:], currentPage: String? = nil, consentedAt: Date? = nil,
        createdAt: Date, updatedAt: Date, confirmedAt: Date? = nil, registration: FilingRegistration? = nil
    ) {
        self.id = id
        self.tenantID = tenantID
        self.procedureCode = procedureCode
        self.procedureVersion = procedureVersion
        self.owner = owner
        self.status = status
        self.answers = answers
        self.currentPage = currentPage
        self.consentedAt = consentedAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.confirmedAt = confirmedAt
        self.registration = registration
    }

    /// A short code citizens can quote (first 8 characters of the id, upper case).
    public var displayCode: String {
        String(id.uuidString.replacingOccurrences(of: "-", with: "").prefix(8))
    }
}

/// Where filings are kept. Every read names the owner and the tenant, so a citizen can never
/// reach another person's filing, nor a filing of another municipality.
public protocol FilingRepository: Sendable {
    func create(_ filing: Filing) async throws
    func find(id: Filing.ID, owner: CodiceFiscale, tenantID: Tenant.ID) async throws -> Filing?
    /// Saves answers, page, status; refuses (returns false) when the stored filing is no longer a draft.
    func saveDraft(_ filing: Filing) async throws -> Bool
    /// Forgets any copy kept in memory: the filing was changed by another path (its submission).
    func invalidate(id: Filing.ID)
    func list(owner: CodiceFiscale, tenantID: Tenant.ID, status: FilingStatus) async throws -> [Filing]
    /// Every filing of the owner in the tenant, most recently updated first (one query for the personal area).
    func list(owner: CodiceFiscale, tenantID: Tenant.ID) async throws -> [Filing]
    /// Deletes a draft; confirmed filings cannot be deleted.
    func deleteDraft(id: Filing.ID, owner: CodiceFiscale, tenantID: Tenant.ID) async throws -> Bool
    /// The daily cleanup: deletes, in batches, the drafts started before `startedBefore` and the drafts of
    /// `versions` (calls that closed); returns how many. Confirmed filings are never touched.
    func deleteStaleDrafts(startedBefore: Date, ofVersions versions: [ProcedureVersionKey]) async throws -> Int
}

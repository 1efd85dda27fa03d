public import Foundation

/// Whether a registration records something the municipality received or sent.
public enum ProtocolDirection: String, Sendable, Codable, CaseIterable {
    case incoming, outgoing
}

/// The register of one area of a municipality (AOO), as named in the IPA index.
public struct ProtocolRegisterIdentity: Equatable, Sendable, Codable {
    /// The municipality's name, as the segnatura states it.
    public var administrationName: String
    /// The municipality's IPA code (codice amministrazione).
    public var administrationCode: String
    /// The homogeneous organisational area (area organizzativa omogenea).
    public var aooCode: String
    /// The register within the AOO, e.g. "PG" (protocollo generale).
    public var registerCode: String

    public init(administrationName: String, administrationCode: String, aooCode: String, registerCode: String) {
        self.administrationName = administrationName
        self.administrationCode = administrationCode
        self.aooCode = aooCode
        self.registerCode = registerCode
    }
}

/// The sender of an incoming document or a recipient of an outgoing one.
public struct ProtocolParty: Equatable, Sendable, Codable {
    public var name: String
    /// Codice fiscale or partita IVA, when known.
    public var fiscalCode: String?
    public var email: String?

    public init(name: String, fiscalCode: String? = nil, email: String? = nil) {
        self.name = name
        self.fiscalCode = fiscalCode
        self.email = email
    }
}

/// A document registered with an entry: named, typed and fingerprinted (SHA-256).
public struct ProtocolDocument: Equatable, Sendable, Codable {
    public var fileName: String
    public var mimeType: String
    /// The SHA-256 of the content, 64 lowercase hexadecimal characters.
    public var sha256: String

    public init(fileName: String, mimeType: String, sha256: String) {
        self.fileName = fileName
        self.mimeType = mimeType
        self.sha256 = sha256
    }
}

/// What is to be registered; the register adds number and date.
public struct ProtocolRegistration: Equatable, Sendable {
    public var direction: ProtocolDirection
    public var subject: String
    /// The sender (incoming) or the recipients (outgoing).
    public var correspondents: [ProtocolParty]
    /// The main document first, then its attachments.
    public var documents: [ProtocolDocument]

    public init(
        direction: ProtocolDirection, subject: String, correspondents: [ProtocolParty], documents: [ProtocolDocument]
    ) {
        self.direction = direction
        self.subject = subject
        self.correspondents = correspondents
        self.documents = documents
    }
}

/// One registration in the protocol register: immutable once written.
public struct ProtocolEntry: Equatable, Sendable, Identifiable {
    public typealias ID = UUID

    public var id: ID
    public var tenantID: Tenant.ID
    public var register: ProtocolRegisterIdentity
    public var year: Int
    /// Progressive within the register and the calendar year, from 1, without gaps.
    public var number: Int
    public var registeredAt: Date
    /// What was registered: direction, subject, correspondents, documents.
    public var registration: ProtocolRegistration
    /// The segnatura XML written with the entry (AgID 2021, Allegato 6).
    public var segnatura: String
    /// Set when the registration was later annulled; the entry itself stays as it was written.
    public var annulment: ProtocolAnnulment?

    public init(
        id: ID = UUID(), tenantID: Tenant.ID, register: ProtocolRegisterIdentity, year: Int, number: Int, registeredAt: Date,
        registration: ProtocolRegistration, segnatura: String, annulment: ProtocolAnnulment? = nil
    ) {
        self.id = id
        self.tenantID = tenantID
        self.register = register
        self.year = year
        self.number = number
        self.registeredAt = registeredAt
        self.registration = registration
        self.segnatura = segnatura
        self.annulment = annulment
    }

    /// The number as written on documents: at least seven digits ("0000042").
    public var formattedNumber: String { Self.format(number) }

    /// "2026/0000042": year and number, as citizens quote it.
    public var reference: String { Self.reference(year: year, number: number) }

    public static func reference(year: Int, number: Int) -> String { "\(year)/\(format(number))" }

    public static func format(_ number: Int) -> String {
        let digits = String(number)
        return digits.count >= 7 ? digits : String(repeating: "0", count: 7 - digits.count) + digits
    }
}

/// The annulment of a registration (DPR 445/2000, art. 54): a separate act with its reason, its author
/// and its time. The annulled entry stays readable, marked as annulled; its number is never given again.
public struct ProtocolAnnulment: Equatable, Sendable {
    public var entryID: ProtocolEntry.ID
    public var reason: String
    /// Who decided it (an operator's name or username).
    public var annulledBy: String
    public var annulledAt: Date

    public init(entryID: ProtocolEntry.ID, reason: String, annulledBy: String, annulledAt: Date) {
        self.entryID = entryID
        self.reason = reason
        self.annulledBy = annulledBy
        self.annulledAt = annulledAt
    }
}

/// Why an annulment was refused.
public enum ProtocolAnnulmentError: Error, Equatable {
    case reasonRequired
    case notFound
    case alreadyAnnulled
}

/// The protocol register of the municipalities: registrations get the next number of their
/// register and year, in one durable act; there are never gaps or duplicates.
public protocol ProtocolRegister: Sendable {
    func register(
        _ registration: ProtocolRegistration, in register: ProtocolRegisterIdentity, tenantID: Tenant.ID, at date: Date
    ) async throws -> ProtocolEntry
    /// One entry of the municipality.
    func entry(id: ProtocolEntry.ID, tenantID: Tenant.ID) async throws -> ProtocolEntry?
    /// The entries of one register and year, by number.
    func entries(in register: ProtocolRegisterIdentity, tenantID: Tenant.ID, year: Int) async throws -> [ProtocolEntry]
    /// Annuls an entry with a reason; the entry stays readable.
    func annul(
        _ entryID: ProtocolEntry.ID, tenantID: Tenant.ID, reason: String, by author: String, at date: Date
    )
        async throws -> ProtocolAnnulment
    /// The entries registered, and the annulments made, between two instants (the daily register).
    func activity(
        in register: ProtocolRegisterIdentity, tenantID: Tenant.ID, from start: Date, to end: Date
    )
        async throws -> (entries: [ProtocolEntry], annulments: [ProtocolAnnulment])
}

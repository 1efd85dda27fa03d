public import Foundation

/// How a municipality collects through pagoPA: its segregation code (the first two digits of its IUVs) and the
/// defaults an office's CSV may leave out.
public struct PaymentSettings: Sendable, Equatable {
    public var segregationCode: Int
    public var defaultIBAN: String?
    public var defaultCategory: String?
    /// Where positions are published (GPD REST), and its subscription key; not published when nil.
    public var gpdURL: String?
    public var gpdKey: String?

    public init(
        segregationCode: Int = 1, defaultIBAN: String? = nil, defaultCategory: String? = nil, gpdURL: String? = nil,
        gpdKey: String? = nil
    ) {
        self.gpdURL = gpdURL
        self.gpdKey = gpdKey
        self.segregationCode = segregationCode
        self.defaultIBAN = defaultIBAN
        self.defaultCategory = defaultCategory
    }
}

/// What storing a batch of positions did.
public struct StoredPositions: Equatable, Sendable {
    public var stored: Int
    /// Identifiers (iupd) already stored: a position created twice is one position.
    public var alreadyStored: [String]

    public init(stored: Int, alreadyStored: [String]) {
        self.stored = stored
        self.alreadyStored = alreadyStored
    }
}

/// Where debt positions are kept, with an index of their notice numbers. Every read names the municipality.
public protocol DebtPositionStore: Sendable {
    /// Takes `count` sequence numbers of a segregation code at once and returns the first: IUVs are never given twice.
    func reserveSequence(_ count: Int64, segregationCode: Int, tenantID: Tenant.ID) async throws -> Int64
    /// Stores positions with the jobs that publish them, in one act; a position whose iupd is already stored is
    /// left as it is and reported.
    func store(
        _ positions: [DebtPosition], jobs: (DebtPosition) throws -> [NewOutboxJob], at date: Date
    ) async throws
        -> StoredPositions
    /// A debtor's positions, most recent first.
    func positions(debtor: String, tenantID: Tenant.ID) async throws -> [DebtPosition]
    /// A position by its identifier.
    func position(iupd: String, tenantID: Tenant.ID) async throws -> DebtPosition?
    /// The position a notice number belongs to.
    func position(noticeNumber: NoticeNumber, tenantID: Tenant.ID) async throws -> DebtPosition?
    /// The most recently created positions of the municipality.
    func recent(tenantID: Tenant.ID, limit: Int) async throws -> [DebtPosition]
}

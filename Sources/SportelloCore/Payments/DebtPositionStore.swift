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
    /// Cancels a position nobody has paid yet, with the jobs that tell pagoPA, in one act. The fee of a filing waiting
    /// for payment is not cancelled here: the filing would wait for ever.
    func invalidate(
        iupd: String, tenantID: Tenant.ID, jobs: (DebtPosition) throws -> [NewOutboxJob], at date: Date
    ) async throws -> PositionInvalidation
}

/// What cancelling a position did.
public enum PositionInvalidation: Equatable, Sendable {
    case invalidated(DebtPosition)
    case notFound
    /// Not cancelled, with the message key of the reason.
    case refused(String)
}

/// A receipt as kept: what was paid, by whom, when, and how it applied.
public struct StoredReceipt: Equatable, Sendable {
    public var receipt: PaymentReceipt
    public var iupd: String
    public var recordedAt: Date

    public init(receipt: PaymentReceipt, iupd: String, recordedAt: Date) {
        self.receipt = receipt
        self.iupd = iupd
        self.recordedAt = recordedAt
    }
}

/// Where receipts (ricevute telematiche) are recorded: each applied to its position in the same act, each recorded
/// once whatever the number of deliveries.
public protocol PaymentReceiptStore: Sendable {
    /// Applies and records a receipt of the municipality: a positive one pays its option (the position's state
    /// follows); a negative one is kept without changing the position; the same receipt again changes nothing.
    func record(_ receipt: PaymentReceipt, tenantID: Tenant.ID, at date: Date) async throws -> ReceiptApplication
    /// A debtor's receipts, newest first.
    func receipts(debtor: String, tenantID: Tenant.ID) async throws -> [StoredReceipt]
    /// The receipts of one position of a debtor (its positive one, and any failed attempts).
    func receipts(iupd: String, debtor: String, tenantID: Tenant.ID) async throws -> [StoredReceipt]
    /// One receipt of a debtor, by its identifier.
    func receipt(id: String, debtor: String, tenantID: Tenant.ID) async throws -> StoredReceipt?
    /// The municipality's receipts paid between two instants, for reconciliation.
    func receipts(paidFrom start: Date, to end: Date, tenantID: Tenant.ID) async throws -> [PaymentReceipt]
    /// Every IUV the municipality has issued (to tell a missing receipt from an unknown IUV).
    func issuedIUVs(tenantID: Tenant.ID) async throws -> Set<IUV>
}

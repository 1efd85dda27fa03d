public import Foundation

/// A debtor is a person (F, fisica) or an organisation (G, giuridica).
public enum GPDSubjectType: String, Codable, Sendable {
    case person = "F"
    case organization = "G"
}

/// The life of a debt position in GPD.
public enum GPDPositionStatus: String, Codable, Sendable, CaseIterable {
    case draft = "DRAFT"
    case published = "PUBLISHED"
    case valid = "VALID"
    case invalid = "INVALID"
    case expired = "EXPIRED"
    case partiallyPaid = "PARTIALLY_PAID"
    case paid = "PAID"
    case reported = "REPORTED"
}

/// Whether one payment option has been paid and reported.
public enum GPDPaymentOptionStatus: String, Codable, Sendable {
    case unpaid = "PO_UNPAID"
    case paid = "PO_PAID"
    case partiallyReported = "PO_PARTIALLY_REPORTED"
    case reported = "PO_REPORTED"
}

/// Whether one transfer has appeared in a reconciliation flow.
public enum GPDTransferStatus: String, Codable, Sendable {
    case unreported = "T_UNREPORTED"
    case reported = "T_REPORTED"
}

/// A debt position as it is created and updated (`PaymentPositionModel`). `status` is read-only: GPD sets it.
public struct GPDPaymentPosition: Codable, Equatable, Sendable {
    /// The creditor's own unique id of the position.
    public var iupd: String
    public var type: GPDSubjectType
    /// The debtor's fiscal code (or VAT number for an organisation).
    public var fiscalCode: String
    public var fullName: String
    /// The creditor's name (≤ 140).
    public var companyName: String
    public var officeName: String?
    public var email: String?
    /// When the position becomes payable; none: at once when published.
    public var validityDate: Date?
    /// The position expires after its last due date instead of staying payable.
    public var switchToExpired: Bool
    public var status: GPDPositionStatus?
    public var paymentOption: [GPDPaymentOption]

    public init(
        iupd: String, type: GPDSubjectType, fiscalCode: String, fullName: String, companyName: String,
        officeName: String? = nil, email: String? = nil, validityDate: Date? = nil, switchToExpired: Bool = false,
        status: GPDPositionStatus? = nil, paymentOption: [GPDPaymentOption]
    ) {
        self.iupd = iupd
        self.type = type
        self.fiscalCode = fiscalCode
        self.fullName = fullName
        self.companyName = companyName
        self.officeName = officeName
        self.email = email
        self.validityDate = validityDate
        self.switchToExpired = switchToExpired
        self.status = status
        self.paymentOption = paymentOption
    }
}

/// One way to pay a position: the whole amount, or one instalment (`isPartialPayment`). The fields after `transfer`
/// are read-only, filled in by GPD in its answers.
public struct GPDPaymentOption: Codable, Equatable, Sendable {
    /// The 17-digit creditor reference (IUV).
    public var iuv: String
    /// The 18-digit notice number; GPD derives it from the IUV when absent.
    public var nav: String?
    /// Euro cents.
    public var amount: Int
    /// ≤ 140 characters.
    public var description: String
    public var isPartialPayment: Bool
    public var dueDate: Date
    public var retentionDate: Date?
    public var fee: Int?
    public var transfer: [GPDTransfer]
    public var status: GPDPaymentOptionStatus?
    public var paymentDate: Date?
    public var reportingDate: Date?
    public var paymentMethod: String?
    public var pspCompany: String?
    public var idReceipt: String?

    public init(
        iuv: String, nav: String? = nil, amount: Int, description: String, isPartialPayment: Bool = false,
        dueDate: Date, retentionDate: Date? = nil, fee: Int? = nil, transfer: [GPDTransfer]
    ) {
        self.iuv = iuv
        self.nav = nav
        self.amount = amount
        self.description = description
        self.isPartialPayment = isPartialPayment
        self.dueDate = dueDate
        self.retentionDate = retentionDate
        self.fee = fee
        self.transfer = transfer
    }
}

/// Where (part of) an option's amount goes: a bank account, or a digital revenue stamp.
public struct GPDTransfer: Codable, Equatable, Sendable {
    /// "1" to "5".
    public var idTransfer: String
    /// Euro cents.
    public var amount: Int
    /// The beneficiary when it is not the position's creditor.
    public var organizationFiscalCode: String?
    /// ≤ 140 characters.
    public var remittanceInformation: String
    /// The taxonomy code of the revenue (for example `9/0101108TS/`).
    public var category: String
    public var iban: String?
    public var postalIban: String?
    public var stamp: GPDStamp?
    public var status: GPDTransferStatus?

    public init(
        idTransfer: String, amount: Int, remittanceInformation: String, category: String, iban: String? = nil,
        postalIban: String? = nil, stamp: GPDStamp? = nil, organizationFiscalCode: String? = nil
    ) {
        self.idTransfer = idTransfer
        self.amount = amount
        self.remittanceInformation = remittanceInformation
        self.category = category
        self.iban = iban
        self.postalIban = postalIban
        self.stamp = stamp
        self.organizationFiscalCode = organizationFiscalCode
    }
}

/// A digital revenue stamp (marca da bollo) paid in place of a bank transfer.
public struct GPDStamp: Codable, Equatable, Sendable {
    /// Base64 of the document's SHA-256.
    public var hashDocument: String
    /// "01".
    public var stampType: String
    /// Two-letter province of the debtor.
    public var provincialResidence: String

    public init(hashDocument: String, stampType: String, provincialResidence: String) {
        self.hashDocument = hashDocument
        self.stampType = stampType
        self.provincialResidence = provincialResidence
    }
}

/// A debt position as GPD reads it back (`PaymentPositionModelBaseResponse`): without the debtor, with dates and
/// the state of each option.
public struct GPDPaymentPositionDetails: Codable, Equatable, Sendable {
    public var iupd: String
    public var organizationFiscalCode: String?
    public var type: GPDSubjectType?
    public var companyName: String?
    public var officeName: String?
    public var insertedDate: Date?
    public var publishDate: Date?
    public var validityDate: Date?
    public var paymentDate: Date?
    public var status: GPDPositionStatus
    public var lastUpdatedDate: Date?
    public var paymentOption: [GPDPaymentOption]

    public init(
        iupd: String, organizationFiscalCode: String?, type: GPDSubjectType?, companyName: String?, officeName: String?,
        insertedDate: Date?, publishDate: Date?, validityDate: Date?, paymentDate: Date?, status: GPDPositionStatus,
        lastUpdatedDate: Date?, paymentOption: [GPDPaymentOption]
    ) {
        self.iupd = iupd
        self.organizationFiscalCode = organizationFiscalCode
        self.type = type
        self.companyName = companyName
        self.officeName = officeName
        self.insertedDate = insertedDate
        self.publishDate = publishDate
        self.validityDate = validityDate
        self.paymentDate = paymentDate
        self.status = status
        self.lastUpdatedDate = lastUpdatedDate
        self.paymentOption = paymentOption
    }
}

/// One page of an organisation's positions.
public struct GPDPositionPage: Codable, Equatable, Sendable {
    /// Where the page stands in the whole list.
    public struct PageInfo: Codable, Equatable, Sendable {
        public var page: Int
        public var limit: Int
        public var itemsFound: Int
        public var totalPages: Int

        public init(page: Int, limit: Int, itemsFound: Int, totalPages: Int) {
            self.page = page
            self.limit = limit
            self.itemsFound = itemsFound
            self.totalPages = totalPages
        }

        enum CodingKeys: String, CodingKey {
            case page, limit
            case itemsFound = "items_found"
            case totalPages = "total_pages"
        }
    }

    public var positions: [GPDPaymentPositionDetails]
    public var pageInfo: PageInfo

    public init(positions: [GPDPaymentPositionDetails], pageInfo: PageInfo) {
        self.positions = positions
        self.pageInfo = pageInfo
    }

    enum CodingKeys: String, CodingKey {
        case positions = "payment_position_list"
        case pageInfo = "page_info"
    }
}

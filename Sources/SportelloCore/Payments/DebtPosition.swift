public import Foundation

/// A debt position (posizione debitoria) in the model of pagoPA's GPD: what one debtor owes one
/// creditor for one reason, payable through one or more payment options.
///
/// The options are either a single payment, a plan of instalments, or both (pay all at once or in
/// instalments): paying the single option, or every instalment, pays the position. ``status`` moves
/// only through ``applying(_:)`` (see `DebtPositionStatus.swift`); ``validationErrors(today:)``
/// checks the content before a position is created or changed.
public struct DebtPosition: Hashable, Sendable, Codable {
    public var tenantID: Tenant.ID
    /// The position's unique identifier for its creditor (GPD `iupd`).
    public var iupd: String
    /// The creditor: the municipality, or the body it collects for.
    public var creditorFiscalCode: CreditorFiscalCode
    /// The creditor's name as shown on notices and receipts (GPD `companyName`).
    public var companyName: String
    /// Why the money is owed (causale), at most 140 characters.
    public var reason: String
    public var debtor: Debtor
    public var paymentOptions: [PaymentOption]
    /// The first day the position can be paid; nil makes it payable as soon as it is published.
    public var validityDate: LocalDate?
    /// Whether the position expires (and can no longer be paid) after its last due date.
    public var switchToExpired: Bool
    public var status: DebtPositionStatus
    /// The options paid so far, in the order their receipts arrived.
    public var payments: [OptionPayment]

    public init(
        tenantID: Tenant.ID, iupd: String, creditorFiscalCode: CreditorFiscalCode, companyName: String, reason: String,
        debtor: Debtor, paymentOptions: [PaymentOption], validityDate: LocalDate? = nil, switchToExpired: Bool = false,
        status: DebtPositionStatus = .draft, payments: [OptionPayment] = []
    ) {
        self.tenantID = tenantID
        self.iupd = iupd
        self.creditorFiscalCode = creditorFiscalCode
        self.companyName = companyName
        self.reason = reason
        self.debtor = debtor
        self.paymentOptions = paymentOptions
        self.validityDate = validityDate
        self.switchToExpired = switchToExpired
        self.status = status
        self.payments = payments
    }

    /// The option with this IUV, if the position has one.
    public func option(_ iuv: IUV) -> PaymentOption? {
        paymentOptions.first { $0.iuv == iuv }
    }

    /// The payment recorded for an option, if it is paid.
    public func payment(of iuv: IUV) -> OptionPayment? {
        payments.first { $0.iuv == iuv }
    }

    /// The latest due date among the options: after it an expiring position expires.
    public var lastDueDate: LocalDate? {
        paymentOptions.map(\.dueDate).max()
    }
}

/// One way to pay a position: the whole amount, or one instalment of it (GPD `PaymentOption`).
public struct PaymentOption: Hashable, Sendable, Codable {
    public var iuv: IUV
    public var amount: Money
    public var dueDate: LocalDate
    /// Shown on the notice, at most 140 characters.
    public var description: String
    /// True for an instalment, false for the single payment of the whole amount.
    public var isPartialPayment: Bool
    /// Where the money goes: one to five transfers whose amounts add up to `amount`.
    public var transfers: [PaymentTransfer]

    public init(
        iuv: IUV, amount: Money, dueDate: LocalDate, description: String, isPartialPayment: Bool,
        transfers: [PaymentTransfer]
    ) {
        self.iuv = iuv
        self.amount = amount
        self.dueDate = dueDate
        self.description = description
        self.isPartialPayment = isPartialPayment
        self.transfers = transfers
    }

    /// The notice number printed on the notice for this option.
    public var noticeNumber: NoticeNumber { iuv.noticeNumber }
}

/// The part of an option's amount credited to one account or paid as a revenue stamp (GPD `Transfer`).
public struct PaymentTransfer: Hashable, Sendable, Codable {
    /// The transfer's index within its option, 1...5 (GPD `idTransfer`, the flows' `indiceDatiSingoloPagamento`).
    public var id: Int
    public var amount: Money
    /// Shown on the receipt and the bank statement, at most 140 characters.
    public var remittanceInformation: String
    /// The pagoPA taxonomy code of the revenue, e.g. "9/0101100IM/".
    public var category: String
    public var destination: TransferDestination
    /// Another creditor that receives this transfer; nil for the position's own creditor.
    public var creditorFiscalCode: CreditorFiscalCode?

    public init(
        id: Int, amount: Money, remittanceInformation: String, category: String, destination: TransferDestination,
        creditorFiscalCode: CreditorFiscalCode? = nil
    ) {
        self.id = id
        self.amount = amount
        self.remittanceInformation = remittanceInformation
        self.category = category
        self.destination = destination
        self.creditorFiscalCode = creditorFiscalCode
    }
}

/// Where a transfer's money goes.
public enum TransferDestination: Hashable, Sendable, Codable {
    /// Credited to an account (IBAN, normalised: uppercase, no spaces).
    case iban(String)
    /// Paid as a digital revenue stamp (marca da bollo digitale).
    case stamp(RevenueStamp)
}

/// A digital revenue stamp bought with the payment (GPD `Stamp`).
public struct RevenueStamp: Hashable, Sendable, Codable {
    /// Base64 SHA-256 of the document the stamp is for.
    public var documentHash: String
    /// The stamp's type code (2 characters, e.g. "01").
    public var stampType: String
    /// The two-letter province code of the debtor's residence (e.g. "RM").
    public var provincialResidence: String

    public init(documentHash: String, stampType: String, provincialResidence: String) {
        self.documentHash = documentHash
        self.stampType = stampType
        self.provincialResidence = provincialResidence
    }
}

/// A payment option settled by a receipt.
public struct OptionPayment: Hashable, Sendable, Codable {
    public var iuv: IUV
    /// The pagoPA receipt that settled it, which makes a repeated receipt recognisable.
    public var receiptID: String

    public init(iuv: IUV, receiptID: String) {
        self.iuv = iuv
        self.receiptID = receiptID
    }
}

/// Who owes the money: a person (type F) or an organisation (type G), as pagoPA names them.
public struct Debtor: Hashable, Sendable, Codable {
    public var identifier: DebtorIdentifier
    /// Name and surname, or the organisation's name, at most 70 characters.
    public var fullName: String
    public var email: String?

    public init(identifier: DebtorIdentifier, fullName: String, email: String? = nil) {
        self.identifier = identifier
        self.fullName = fullName
        self.email = email
    }

    /// GPD's `type`.
    public var type: DebtorType { identifier.type }
}

/// pagoPA's entity type: F for a natural person, G for a legal person.
public enum DebtorType: String, Hashable, Sendable, Codable, CaseIterable {
    case person = "F"
    case organisation = "G"
}

/// A debtor's fiscal code: a codice fiscale for a person, an 11-digit code for an organisation.
public enum DebtorIdentifier: Hashable, Sendable, Codable, CustomStringConvertible {
    case person(CodiceFiscale)
    case organisation(PartitaIVA)

    /// Reads a code by its length: 11 digits for an organisation, otherwise a person's codice fiscale.
    public init(validating raw: String) throws(DebtorIdentifierError) {
        let compact = raw.filter { !$0.isWhitespace }
        if compact.count == 11, compact.allSatisfy({ $0.isASCII && $0.isNumber }) {
            do {
                self = .organisation(try PartitaIVA(validating: compact))
            } catch {
                throw .organisation(error)
            }
        } else {
            do {
                self = .person(try CodiceFiscale(validating: compact))
            } catch {
                throw .person(error)
            }
        }
    }

    public var type: DebtorType {
        switch self {
        case .person: .person
        case .organisation: .organisation
        }
    }

    /// The code as written.
    public var value: String {
        switch self {
        case .person(let code): code.value
        case .organisation(let code): code.value
        }
    }

    public var description: String { value }

    private enum CodingKeys: String, CodingKey {
        case type, fiscalCode
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let code = try container.decode(String.self, forKey: .fiscalCode)
        switch try container.decode(DebtorType.self, forKey: .type) {
        case .person: self = .person(try CodiceFiscale(validating: code))
        case .organisation: self = .organisation(try PartitaIVA(validating: code))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(value, forKey: .fiscalCode)
    }
}

/// Why a text is not a debtor's fiscal code: the error of the kind of code it was read as.
public enum DebtorIdentifierError: LocalizedDomainError, Equatable {
    case person(CodiceFiscaleError)
    case organisation(PartitaIVAError)

    public var messageKey: String {
        switch self {
        case .person(let error): error.messageKey
        case .organisation(let error): error.messageKey
        }
    }
}

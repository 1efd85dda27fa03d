public import Foundation

/// A reconciliation flow (flusso di rendicontazione, FdR): a PSP's account of the payments it settled
/// to one creditor with one bank transfer (FlussoRiversamento).
///
/// The header's totals are computed from the payments, so a flow can never disagree with itself; the
/// XML reader refuses a file whose declared totals differ (`ReconciliationFlowXML.swift`).
public struct ReconciliationFlow: Hashable, Sendable, Codable {
    /// `identificativoFlusso`, e.g. "2025-03-04ABI03069-S0001".
    public var id: String
    /// `dataOraFlusso`: when the PSP produced the flow.
    public var dateTime: Date
    /// `identificativoUnivocoRegolamento`: the identifier (IUR) of the bank transfer that settled the payments.
    public var settlementID: String
    /// `dataRegolamento`: the day of that bank transfer.
    public var settlementDate: LocalDate
    /// `istitutoMittente`: the PSP.
    public var sender: FlowSender
    /// `codiceBicBancaDiRiversamento`, when given.
    public var settlementBankBIC: String?
    /// `istitutoRicevente`: the creditor.
    public var receiver: FlowReceiver
    /// `datiSingoliPagamenti`, in the order of the file.
    public var payments: [FlowPayment]

    public init(
        id: String, dateTime: Date, settlementID: String, settlementDate: LocalDate, sender: FlowSender,
        settlementBankBIC: String? = nil, receiver: FlowReceiver, payments: [FlowPayment]
    ) {
        self.id = id
        self.dateTime = dateTime
        self.settlementID = settlementID
        self.settlementDate = settlementDate
        self.sender = sender
        self.settlementBankBIC = settlementBankBIC
        self.receiver = receiver
        self.payments = payments
    }

    /// `numeroTotalePagamenti`.
    public var totalCount: Int { payments.count }

    /// `importoTotalePagamenti`. Each amount is at most ``FlowPayment/maximumAmount``, so the sum of
    /// any flow that fits in memory fits in 64-bit cents.
    public var totalAmount: Money {
        Money(cents: payments.reduce(0) { $0 &+ $1.amount.cents })
    }
}

/// The PSP that sent a flow.
public struct FlowSender: Hashable, Sendable, Codable {
    /// How ``id`` identifies the PSP.
    public enum IDType: String, Hashable, Sendable, Codable, CaseIterable {
        /// ABI code of an Italian bank.
        case abi = "A"
        /// BIC code.
        case bic = "B"
        /// Fiscal code of a legal person; also what pagoPA uses for its own PSP identifiers.
        case legalPerson = "G"
    }

    public var idType: IDType
    /// The PSP's identifier (`codiceIdentificativoUnivoco`): pagoPA's PSP id, the same as in receipts.
    public var id: String
    public var name: String?

    public init(idType: IDType, id: String, name: String? = nil) {
        self.idType = idType
        self.id = id
        self.name = name
    }
}

/// The creditor a flow reports to.
public struct FlowReceiver: Hashable, Sendable, Codable {
    public var fiscalCode: CreditorFiscalCode
    public var name: String?

    public init(fiscalCode: CreditorFiscalCode, name: String? = nil) {
        self.fiscalCode = fiscalCode
        self.name = name
    }
}

/// One line of a flow: one transfer of one payment.
public struct FlowPayment: Hashable, Sendable, Codable {
    /// `identificativoUnivocoVersamento`. Kept as written: a flow may name IUVs the creditor never
    /// issued, and those must be reported, not refused.
    public var iuv: String
    /// `identificativoUnivocoRiscossione`: the PSP's identifier of the collection.
    public var iur: String
    /// `indiceDatiSingoloPagamento`: which transfer of the payment (1...5).
    public var transferIndex: Int
    /// `singoloImportoPagato`.
    public var amount: Money
    /// `codiceEsitoSingoloPagamento`.
    public var outcome: FlowPaymentOutcome
    /// `dataEsitoSingoloPagamento`.
    public var outcomeDate: LocalDate

    /// The largest amount of one line the schema allows (999 999 999,99 €).
    public static let maximumAmount = Money(cents: 99_999_999_999)

    public init(
        iuv: String, iur: String, transferIndex: Int, amount: Money, outcome: FlowPaymentOutcome, outcomeDate: LocalDate
    ) {
        self.iuv = iuv
        self.iur = iur
        self.transferIndex = transferIndex
        self.amount = amount
        self.outcome = outcome
        self.outcomeDate = outcomeDate
    }
}

/// `codiceEsitoSingoloPagamento`: what happened to a payment.
public enum FlowPaymentOutcome: String, Hashable, Sendable, Codable, CaseIterable {
    /// Paid (pagamento eseguito).
    case paid = "0"
    /// Revoked: the payment was reversed (pagamento revocato).
    case revoked = "3"
    /// Paid while pagoPA ran in stand-in mode.
    case paidInStandIn = "4"
    /// Paid in stand-in mode with no payment request on record.
    case paidInStandInWithoutRPT = "8"
    /// Paid with no payment request (RPT) on record (pagamento eseguito in assenza di RPT).
    case paidWithoutRPT = "9"

    /// Whether money was collected (every code but revoked).
    public var isPaid: Bool { self != .revoked }
}

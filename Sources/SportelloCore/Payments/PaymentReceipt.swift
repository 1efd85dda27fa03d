public import Foundation

/// A payment receipt (ricevuta telematica) as pagoPA sends it to the creditor (`paSendRT`).
public struct PaymentReceipt: Hashable, Sendable, Codable {
    /// pagoPA's identifier of the receipt; the same receipt sent again carries the same one.
    public var receiptID: String
    public var noticeNumber: NoticeNumber
    /// The creditor the notice belongs to (`fiscalCode`).
    public var creditorFiscalCode: CreditorFiscalCode
    public var outcome: PaymentOutcome
    /// The IUV (`creditorReferenceId`), which must be the notice number's.
    public var creditorReferenceID: IUV
    public var paymentAmount: Money
    public var description: String
    public var companyName: String
    public var debtor: Debtor
    /// Where the money went: one to five transfers adding up to `paymentAmount`.
    public var transfers: [ReceiptTransfer]
    public var pspID: String
    public var pspName: String
    public var channelID: String
    public var paymentMethod: String
    /// The PSP's commission paid by the debtor on top of the amount, if known.
    public var fee: Money?
    public var paymentDateTime: Date
    public var applicationDate: LocalDate
    public var transferDate: LocalDate

    public init(
        receiptID: String, noticeNumber: NoticeNumber, creditorFiscalCode: CreditorFiscalCode, outcome: PaymentOutcome,
        creditorReferenceID: IUV, paymentAmount: Money, description: String, companyName: String, debtor: Debtor,
        transfers: [ReceiptTransfer], pspID: String, pspName: String, channelID: String, paymentMethod: String,
        fee: Money? = nil, paymentDateTime: Date, applicationDate: LocalDate, transferDate: LocalDate
    ) {
        self.receiptID = receiptID
        self.noticeNumber = noticeNumber
        self.creditorFiscalCode = creditorFiscalCode
        self.outcome = outcome
        self.creditorReferenceID = creditorReferenceID
        self.paymentAmount = paymentAmount
        self.description = description
        self.companyName = companyName
        self.debtor = debtor
        self.transfers = transfers
        self.pspID = pspID
        self.pspName = pspName
        self.channelID = channelID
        self.paymentMethod = paymentMethod
        self.fee = fee
        self.paymentDateTime = paymentDateTime
        self.applicationDate = applicationDate
        self.transferDate = transferDate
    }

    /// Every inconsistency of the receipt itself, with message keys under `error.receipt.`.
    public var validationErrors: [FieldError] {
        var errors: [FieldError] = []
        func add(_ field: String, _ name: String) {
            errors.append(FieldError(field: field, messageKey: "error.receipt." + name))
        }
        if receiptID.allSatisfy(\.isWhitespace) || receiptID.count > 35 { add("receiptID", "invalidReceiptID") }
        if noticeNumber.iuv != creditorReferenceID { add("creditorReferenceID", "iuvDiffersFromNoticeNumber") }
        if paymentAmount.cents <= 0 { add("paymentAmount", "amountNotPositive") }
        if let fee, fee.cents < 0 { add("fee", "amountNotPositive") }
        if !(1...DebtPosition.maximumTransfers).contains(transfers.count) { add("transfers", "wrongTransferCount") }
        if Money.sum(transfers.map(\.amount)) != paymentAmount { add("transfers", "transfersSumMismatch") }
        var ids: Set<Int> = []
        for (index, transfer) in transfers.enumerated() {
            if !(1...DebtPosition.maximumTransfers).contains(transfer.id) || !ids.insert(transfer.id).inserted {
                add("transfers[\(index)].id", "invalidTransferID")
            }
            if transfer.amount.cents <= 0 { add("transfers[\(index)].amount", "amountNotPositive") }
        }
        return errors
    }
}

/// The outcome a receipt reports.
public enum PaymentOutcome: String, Hashable, Sendable, Codable, CaseIterable {
    case ok = "OK"
    case ko = "KO"
}

/// One transfer of a receipt (`transferList`).
public struct ReceiptTransfer: Hashable, Sendable, Codable {
    /// 1...5, as in the debt position (`idTransfer`).
    public var id: Int
    public var amount: Money
    /// The creditor credited (`fiscalCodePA`).
    public var creditorFiscalCode: CreditorFiscalCode
    /// The account credited; nil for a revenue stamp.
    public var iban: String?
    public var remittanceInformation: String
    /// The taxonomy code (`transferCategory`).
    public var category: String

    public init(
        id: Int, amount: Money, creditorFiscalCode: CreditorFiscalCode, iban: String?, remittanceInformation: String,
        category: String
    ) {
        self.id = id
        self.amount = amount
        self.creditorFiscalCode = creditorFiscalCode
        self.iban = iban
        self.remittanceInformation = remittanceInformation
        self.category = category
    }
}

/// The faults a creditor answers pagoPA with when it cannot take a payment (GPD and paForNode names).
public enum PaymentFault: String, Hashable, Sendable, Codable, CaseIterable {
    /// No such notice for this creditor, or not payable yet.
    case unknown = "PAA_PAGAMENTO_SCONOSCIUTO"
    /// The notice is paid already.
    case duplicate = "PAA_PAGAMENTO_DUPLICATO"
    /// The position expired.
    case expired = "PAA_PAGAMENTO_SCADUTO"
    /// The position was cancelled.
    case cancelled = "PAA_PAGAMENTO_ANNULLATO"
}

/// What a receipt does to a debt position (`DebtPosition.applying(_:)` given a receipt).
public enum ReceiptApplication: Equatable, Sendable {
    /// A new payment: the position as it is now (status changed) and the option the receipt paid.
    case recorded(DebtPosition, option: IUV)
    /// The same receipt again (pagoPA retries until it gets an answer): nothing changes, answer OK.
    case alreadyRecorded(option: IUV)
    /// A different receipt for a debt already settled, by this option or by the other way of paying:
    /// money arrived twice and must be refunded.
    case duplicatePayment(option: IUV, recordedReceiptID: String)
    /// The receipt reports a failed payment (KO): nothing was paid, the position is unchanged.
    case notPaid
    /// The position cannot take this payment.
    case refused(PaymentFault)
    /// The receipt contradicts itself or the option it names.
    case invalid([FieldError])

    /// The fault to answer pagoPA with, if any.
    public var fault: PaymentFault? {
        switch self {
        case .refused(let fault): fault
        case .duplicatePayment: .duplicate
        case .recorded, .alreadyRecorded, .notPaid, .invalid: nil
        }
    }
}

extension DebtPosition {
    /// What `receipt` does to this position; a pure decision, so storing the result (and answering
    /// pagoPA) is up to the caller, inside one transaction.
    ///
    /// A receipt already recorded is recognised by its `receiptID` before anything else, so a retry
    /// is answered the same way even after the position moved on (paid, reported).
    public func applying(_ receipt: PaymentReceipt) -> ReceiptApplication {
        let problems = receipt.validationErrors
        guard problems.isEmpty else { return .invalid(problems) }
        guard receipt.creditorFiscalCode == creditorFiscalCode, let option = option(receipt.creditorReferenceID) else {
            return .refused(.unknown)
        }
        if let recorded = payments.first(where: { $0.receiptID == receipt.receiptID }) {
            return recorded.iuv == option.iuv
                ? .alreadyRecorded(option: option.iuv)
                : .invalid([FieldError(field: "receiptID", messageKey: "error.receipt.receiptIDReused")])
        }
        guard receipt.outcome == .ok else { return .notPaid }
        if let recorded = payment(of: option.iuv) {
            return .duplicatePayment(option: option.iuv, recordedReceiptID: recorded.receiptID)
        }
        switch status {
        case .invalid: return .refused(.cancelled)
        case .expired: return .refused(.expired)
        case .draft, .published: return .refused(.unknown)
        case .valid, .partiallyPaid, .paid, .reported: break
        }
        guard receipt.paymentAmount == option.amount else {
            return .invalid([FieldError(field: "paymentAmount", messageKey: "error.receipt.amountDiffersFromOption")])
        }
        do {
            return .recorded(try applying(.payment(iuv: option.iuv, receiptID: receipt.receiptID)), option: option.iuv)
        } catch {
            // Paid by the other way (the whole amount, or instalments), or the position is settled.
            let other = payments.first.map(\.receiptID) ?? ""
            return .duplicatePayment(option: option.iuv, recordedReceiptID: other)
        }
    }
}

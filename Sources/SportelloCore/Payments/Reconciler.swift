public import Foundation

/// One transfer of a stored receipt: what reconciliation compares a flow line with.
public struct ReconciliationReceipt: Hashable, Sendable, Codable {
    public var receiptID: String
    /// The creditor the transfer credits (the receipt transfer's `fiscalCodePA`).
    public var creditorFiscalCode: CreditorFiscalCode
    public var iuv: IUV
    public var transferIndex: Int
    public var amount: Money
    public var pspID: String
    /// The day of payment in the municipality's time zone.
    public var paymentDate: LocalDate

    public init(
        receiptID: String, creditorFiscalCode: CreditorFiscalCode, iuv: IUV, transferIndex: Int, amount: Money,
        pspID: String, paymentDate: LocalDate
    ) {
        self.receiptID = receiptID
        self.creditorFiscalCode = creditorFiscalCode
        self.iuv = iuv
        self.transferIndex = transferIndex
        self.amount = amount
        self.pspID = pspID
        self.paymentDate = paymentDate
    }
}

extension PaymentReceipt {
    /// One entry per transfer of a successful receipt (none for a KO receipt, which moved no money).
    public func reconciliationEntries(timeZone: TimeZone = .rome) -> [ReconciliationReceipt] {
        guard outcome == .ok else { return [] }
        let day = LocalDate(paymentDateTime, in: timeZone)
        return transfers.map {
            ReconciliationReceipt(
                receiptID: receiptID, creditorFiscalCode: $0.creditorFiscalCode, iuv: creditorReferenceID,
                transferIndex: $0.id, amount: $0.amount, pspID: pspID, paymentDate: day)
        }
    }
}

/// How a flow line or a receipt came out of reconciliation.
public enum ReconciliationStatus: String, Hashable, Sendable, Codable, CaseIterable {
    /// Reported with the amount of its receipt.
    case matched = "MATCHED"
    /// Reported with an amount different from its receipt's.
    case amountMismatch = "AMOUNT_MISMATCH"
    /// Reported as paid, for an IUV the creditor knows, but no receipt of that transfer is stored.
    case missingReceipt = "MISSING_RECEIPT"
    /// Reported for an IUV the creditor never issued and has no receipt for.
    case unknownIUV = "UNKNOWN_IUV"
    /// Reported as revoked: the payment was reversed.
    case revoked = "REVOKED"
    /// The same IUV and transfer appear again in the flow.
    case duplicateInFlow = "DUPLICATE_IN_FLOW"
    /// A receipt of the flow's PSP and period that the flow does not mention.
    case notInFlow = "NOT_IN_FLOW"
}

/// One line of a reconciliation report: a flow line, a receipt, or both.
public struct ReconciliationLine: Hashable, Sendable {
    public var status: ReconciliationStatus
    /// The flow's line; nil for a receipt the flow does not mention.
    public var payment: FlowPayment?
    /// The receipt's transfer, when one was found.
    public var receipt: ReconciliationReceipt?

    public init(status: ReconciliationStatus, payment: FlowPayment?, receipt: ReconciliationReceipt?) {
        self.status = status
        self.payment = payment
        self.receipt = receipt
    }

    /// The amount the line counts for: the flow's, or the receipt's when the flow has none.
    public var amount: Money { payment?.amount ?? receipt?.amount ?? .zero }
}

/// Count and amount of the lines of one status.
public struct ReconciliationTotal: Hashable, Sendable {
    public var count: Int
    public var amount: Money

    public init(count: Int = 0, amount: Money = .zero) {
        self.count = count
        self.amount = amount
    }
}

/// The outcome of reconciling one flow.
public struct ReconciliationReport: Hashable, Sendable {
    public let flowID: String
    public let settlementID: String
    /// The flow's lines in file order, then the receipts it does not mention.
    public let lines: [ReconciliationLine]
    /// Count and amount per status (statuses with no line are absent).
    public let totals: [ReconciliationStatus: ReconciliationTotal]

    public init(flowID: String, settlementID: String, lines: [ReconciliationLine]) {
        self.flowID = flowID
        self.settlementID = settlementID
        self.lines = lines
        var totals: [ReconciliationStatus: ReconciliationTotal] = [:]
        for line in lines {
            let total = totals[line.status] ?? ReconciliationTotal()
            totals[line.status] = ReconciliationTotal(
                count: total.count + 1, amount: Money(cents: total.amount.cents &+ line.amount.cents))
        }
        self.totals = totals
    }

    /// Count and amount of one status (zero when none).
    public func total(_ status: ReconciliationStatus) -> ReconciliationTotal {
        totals[status] ?? ReconciliationTotal()
    }

    /// Whether every line matched.
    public var isClean: Bool { lines.allSatisfy { $0.status == .matched } }
}

/// Compares a reconciliation flow with the stored receipts.
public enum Reconciler {
    /// Matches every line of `flow` with the receipt transfer of the same creditor, IUV and transfer index
    /// (one dictionary lookup a line, so time grows linearly with the flow and the receipts).
    ///
    /// - Parameters:
    ///   - receipts: stored receipt transfers; pass those that may be reported (in doubt, more rather
    ///     than fewer: only those of the flow's PSP, creditor and `period` count as missing from the flow).
    ///   - issuedIUVs: the IUVs of the creditor's debt positions, which tell a paid line without receipt
    ///     (``ReconciliationStatus/missingReceipt``) from a line for an IUV never issued (``ReconciliationStatus/unknownIUV``).
    ///   - period: the payment days the flow should cover; receipts of the flow's PSP and creditor paid on
    ///     those days but not in the flow are reported as ``ReconciliationStatus/notInFlow``.
    public static func reconcile(
        _ flow: ReconciliationFlow, receipts: [ReconciliationReceipt], issuedIUVs: Set<IUV> = [],
        period: ClosedRange<LocalDate>
    ) -> ReconciliationReport {
        var receiptIndex: [Key: Int] = [:]
        receiptIndex.reserveCapacity(receipts.count)
        let creditor = flow.receiver.fiscalCode.value
        var knownIUVs = Set(issuedIUVs.map(\.value))
        for (index, receipt) in receipts.enumerated() {
            // A receipt stored twice counts once: the first copy.
            let key = Key(receipt)
            if receiptIndex[key] == nil { receiptIndex[key] = index }
            if key.creditor == creditor { knownIUVs.insert(key.iuv) }
        }
        var used = Set<Int>()
        var reported = Set<Key>()
        var lines: [ReconciliationLine] = []
        lines.reserveCapacity(flow.payments.count)
        for payment in flow.payments {
            let key = Key(creditor: creditor, iuv: payment.iuv, transferIndex: payment.transferIndex)
            guard reported.insert(key).inserted else {
                lines.append(ReconciliationLine(status: .duplicateInFlow, payment: payment, receipt: nil))
                continue
            }
            let found = receiptIndex[key]
            let receipt = found.map { receipts[$0] }
            if let found { used.insert(found) }
            let status: ReconciliationStatus =
                if !payment.outcome.isPaid {
                    .revoked
                } else if let receipt {
                    receipt.amount == payment.amount ? .matched : .amountMismatch
                } else {
                    knownIUVs.contains(payment.iuv) ? .missingReceipt : .unknownIUV
                }
            lines.append(ReconciliationLine(status: status, payment: payment, receipt: receipt))
        }
        let unreported = receipts.indices.filter { index in
            let receipt = receipts[index]
            return !used.contains(index) && receipt.creditorFiscalCode == flow.receiver.fiscalCode
                && receipt.pspID == flow.sender.id && period.contains(receipt.paymentDate)
                && receiptIndex[Key(receipt)] == index
        }
        for index in unreported {
            lines.append(ReconciliationLine(status: .notInFlow, payment: nil, receipt: receipts[index]))
        }
        return ReconciliationReport(flowID: flow.id, settlementID: flow.settlementID, lines: lines)
    }

    private struct Key: Hashable {
        var creditor: String
        var iuv: String
        var transferIndex: Int

        init(creditor: String, iuv: String, transferIndex: Int) {
            self.creditor = creditor
            self.iuv = iuv
            self.transferIndex = transferIndex
        }

        init(_ receipt: ReconciliationReceipt) {
            self.init(creditor: receipt.creditorFiscalCode.value, iuv: receipt.iuv.value, transferIndex: receipt.transferIndex)
        }
    }
}

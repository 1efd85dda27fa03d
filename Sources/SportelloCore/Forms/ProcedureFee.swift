public import Foundation

/// What a procedure costs to file (diritti di istruttoria, di segreteria): paid through pagoPA after the citizen
/// confirms, before the filing is registered in the protocol. The amount is fixed (`amount`) or read from a number or
/// money field of the form (`field`, usually computed from the answers, e.g. 30 € plus 5 € per parcel beyond five).
/// An amount of zero (an exemption) means nothing to pay: the filing is registered at once.
public struct ProcedureFee: Equatable, Sendable, Codable {
    /// A fixed amount in euro, with at most two decimals.
    public var amount: FormNumber?
    /// The id of a top-level `number` or `money` field giving the amount in euro.
    public var field: String?
    /// The reason (causale) printed on the notice and the receipt, at most 140 characters.
    public var reason: LocalizedText
    /// The pagoPA taxonomy code of the revenue; the municipality's default category when absent.
    public var category: String?
    /// Days the notice stays payable after confirmation; 30 when absent.
    public var dueDays: Int?

    public init(
        amount: FormNumber? = nil, field: String? = nil, reason: LocalizedText, category: String? = nil, dueDays: Int? = nil
    ) {
        self.amount = amount
        self.field = field
        self.reason = reason
        self.category = category
        self.dueDays = dueDays
    }

    public static let defaultDueDays = 30
    /// The largest fee a procedure may ask (GPD refuses amounts above 999,999,999.99 €; a fee is far less).
    static let largestCents: Int64 = 100_000_000

    /// Problems of the fee's definition, in the words of `CompiledProcedure`'s other messages.
    func problems(fields: [String: FormField]) -> [String] {
        var problems: [String] = []
        switch (amount, field) {
        case (nil, nil), (.some, .some): problems.append("fee: give either amount or field")
        case (let amount?, nil):
            if Self.cents(amount.value) == nil { problems.append("fee: amount must be above 0 with at most two decimals") }
        case (nil, let id?):
            if let field = fields[id] {
                if field.type != .number && field.type != .money {
                    problems.append("fee: field '\(id)' must be a number or money field")
                }
            } else {
                problems.append("fee: '\(id)' is not a top-level field of this form")
            }
        }
        if reason.italian.trimmingCharacters(in: .whitespaces).isEmpty || reason.italian.count > 140 {
            problems.append("fee: reason must have 1 to 140 characters")
        }
        if let days = dueDays, !(1...365).contains(days) { problems.append("fee: dueDays must be between 1 and 365") }
        return problems
    }

    /// Whole cents of a positive amount with at most two decimals, within the largest fee.
    static func cents(_ euros: Decimal) -> Int64? {
        var scaled = euros * 100
        var rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 0, .plain)
        guard rounded == scaled, rounded >= 0 else { return nil }
        let cents = NSDecimalNumber(decimal: rounded).int64Value
        return cents <= largestCents ? cents : nil
    }
}

extension FormEvaluation {
    /// What the citizen must pay before the filing is registered: nil when the procedure has no fee. A field left
    /// empty, or computed as zero or less, is an exemption (zero); fractions of a cent are rounded.
    public var fee: Money? {
        guard let fee = procedure.definition.fee else { return nil }
        if let amount = fee.amount { return ProcedureFee.cents(amount.value).map { Money(cents: $0) } }
        guard let id = fee.field, case .number(let euros)? = values[id], euros > 0 else { return .zero }
        var scaled = euros * 100
        var cents = Decimal()
        NSDecimalRound(&cents, &scaled, 0, .plain)
        return Money(cents: NSDecimalNumber(decimal: cents).int64Value)
    }
}

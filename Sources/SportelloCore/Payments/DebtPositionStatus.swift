/// Where a debt position stands, with GPD's names as stored raw values.
///
/// ```
/// DRAFT ─publish─▶ PUBLISHED ─validity date─▶ VALID ─instalment─▶ PARTIALLY_PAID ─last instalment─▶ PAID ─reported─▶ REPORTED
///   (no validity date, or already reached: publish goes straight to VALID; the single payment: VALID ─▶ PAID)
/// PUBLISHED, VALID ─invalidate─▶ INVALID        VALID ─day after the last due date, if switchToExpired─▶ EXPIRED
/// ```
public enum DebtPositionStatus: String, Hashable, Sendable, Codable, CaseIterable {
    /// Being prepared; not visible to pagoPA.
    case draft = "DRAFT"
    /// Published, waiting for its validity date.
    case published = "PUBLISHED"
    /// Payable.
    case valid = "VALID"
    /// Some instalments paid, others still payable.
    case partiallyPaid = "PARTIALLY_PAID"
    /// Paid in full.
    case paid = "PAID"
    /// Paid and found in a reconciliation flow: the money reached the creditor's account.
    case reported = "REPORTED"
    /// Cancelled by the creditor (annullata).
    case invalid = "INVALID"
    /// Past its last due date with `switchToExpired`: no longer payable.
    case expired = "EXPIRED"

    /// Whether a payment can be taken now.
    public var isPayable: Bool { self == .valid || self == .partiallyPaid }

    /// Whether no event can change it any more.
    public var isFinal: Bool { self == .reported || self == .invalid || self == .expired }
}

/// Something that happens to a debt position. Stored with a stable `kind` (see ``Kind``).
public enum DebtPositionEvent: Hashable, Sendable, Codable {
    /// The creditor publishes a draft on a day: it becomes valid at once unless its validity date is later.
    case publish(on: LocalDate)
    /// The creditor cancels the position.
    case invalidate
    /// A receipt settled one option.
    case payment(iuv: IUV, receiptID: String)
    /// A reconciliation flow reported the paid position.
    case reported
    /// The daily check: validity dates reached, expiring positions past their last due date.
    case dateCheck(on: LocalDate)

    /// The event's name as stored.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case publish = "PUBLISH"
        case invalidate = "INVALIDATE"
        case payment = "PAYMENT"
        case reported = "REPORTED"
        case dateCheck = "DATE_CHECK"
    }

    public var kind: Kind {
        switch self {
        case .publish: .publish
        case .invalidate: .invalidate
        case .payment: .payment
        case .reported: .reported
        case .dateCheck: .dateCheck
        }
    }

    private enum CodingKeys: String, CodingKey {
        case kind, date, iuv, receiptID
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(Kind.self, forKey: .kind) {
        case .publish: self = .publish(on: try container.decode(LocalDate.self, forKey: .date))
        case .invalidate: self = .invalidate
        case .payment:
            self = .payment(
                iuv: try container.decode(IUV.self, forKey: .iuv),
                receiptID: try container.decode(String.self, forKey: .receiptID))
        case .reported: self = .reported
        case .dateCheck: self = .dateCheck(on: try container.decode(LocalDate.self, forKey: .date))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        switch self {
        case .publish(let date), .dateCheck(let date):
            try container.encode(date, forKey: .date)
        case .payment(let iuv, let receiptID):
            try container.encode(iuv, forKey: .iuv)
            try container.encode(receiptID, forKey: .receiptID)
        case .invalidate, .reported:
            break
        }
    }
}

extension DebtPosition {
    /// The position after `event`, or an error naming why the event cannot happen now.
    ///
    /// The date check is never refused: it changes what is due on that day (PUBLISHED → VALID at the
    /// validity date; VALID → EXPIRED after the last due date when `switchToExpired`) and leaves
    /// anything else as it is, so it can run over every position daily.
    public func applying(_ event: DebtPositionEvent) throws(DebtPositionTransitionError) -> DebtPosition {
        var next = self
        switch (status, event) {
        case (.draft, .publish(let day)):
            next.status = .published
            next.activateIfValid(on: day)
        case (.published, .invalidate), (.valid, .invalidate):
            next.status = .invalid
        case (.valid, .payment(let iuv, let receiptID)), (.partiallyPaid, .payment(let iuv, let receiptID)):
            try next.recordPayment(of: iuv, receiptID: receiptID)
        case (.paid, .reported):
            next.status = .reported
        case (_, .dateCheck(let day)):
            next.activateIfValid(on: day)
            if next.status == .valid, switchToExpired, let lastDueDate, day > lastDueDate {
                next.status = .expired
            }
        default:
            throw .notAllowed(from: status, event: event.kind)
        }
        return next
    }

    private mutating func activateIfValid(on day: LocalDate) {
        guard status == .published else { return }
        if validityDate.map({ $0 <= day }) ?? true { status = .valid }
    }

    /// Marks an option paid: the single option pays the position; an instalment pays it once every
    /// instalment is paid. Once one kind is paid the other can no longer be.
    private mutating func recordPayment(of iuv: IUV, receiptID: String) throws(DebtPositionTransitionError) {
        guard let option = option(iuv) else { throw .unknownOption(iuv) }
        guard payment(of: iuv) == nil else { throw .optionAlreadyPaid(iuv) }
        let paidKinds = payments.compactMap { self.option($0.iuv)?.isPartialPayment }
        guard paidKinds.allSatisfy({ $0 == option.isPartialPayment }) else { throw .optionNoLongerPayable(iuv) }
        payments.append(OptionPayment(iuv: iuv, receiptID: receiptID))
        let instalmentsLeft = paymentOptions.contains { $0.isPartialPayment && payment(of: $0.iuv) == nil }
        status = option.isPartialPayment && instalmentsLeft ? .partiallyPaid : .paid
    }
}

/// Why an event cannot be applied to a debt position.
public enum DebtPositionTransitionError: LocalizedDomainError, Equatable {
    /// The event makes no sense in the position's current status (e.g. paying a cancelled position).
    case notAllowed(from: DebtPositionStatus, event: DebtPositionEvent.Kind)
    /// The position has no option with this IUV.
    case unknownOption(IUV)
    /// The option is paid already.
    case optionAlreadyPaid(IUV)
    /// The other way of paying was chosen: the single payment after an instalment, or the reverse.
    case optionNoLongerPayable(IUV)

    /// Localization key, e.g. "error.debtPositionTransition.notAllowed".
    public var messageKey: String {
        let name =
            switch self {
            case .notAllowed: "notAllowed"
            case .unknownOption: "unknownOption"
            case .optionAlreadyPaid: "optionAlreadyPaid"
            case .optionNoLongerPayable: "optionNoLongerPayable"
            }
        return "error.debtPositionTransition." + name
    }
}

public import Foundation

/// The debt position of a procedure's fee, made when the citizen confirms: one single payment to the municipality's
/// account, due `dueDays` after confirmation, its IUV from the municipality's sequence. The position's identifier is
/// derived from the filing, so a filing has at most one fee position.
public enum FilingFee {
    /// "DOM-" and the first 31 hex digits of the filing's id: 35 characters, the most GPD takes.
    public static func iupd(for filing: Filing.ID) -> String {
        "DOM-" + filing.uuidString.replacingOccurrences(of: "-", with: "").prefix(31)
    }

    public struct Problem: Error, Equatable, CustomStringConvertible {
        public let errors: [FieldError]
        public var description: String { errors.map { "\($0.field): \($0.messageKey)" }.joined(separator: ", ") }
    }

    /// The published, payable position.
    /// - Parameters:
    ///   - sequenceNumber: reserved from the municipality's IUV sequence for this position.
    ///   - reason: the fee's reason in the citizen's language, shortened to what a notice holds.
    public static func position(
        filing: Filing, amount: Money, reason: String, category: String?, dueDays: Int, debtor: Debtor,
        creditor: CreditorFiscalCode, companyName: String, settings: PaymentSettings, sequenceNumber: Int64, today: LocalDate
    ) throws -> DebtPosition {
        let iuv = try IUV.make(segregationCode: settings.segregationCode, sequenceNumber: sequenceNumber)
        let text = String(reason.prefix(DebtPosition.maximumTextLength))
        let due = today.adding(days: dueDays) ?? today
        let transfer = PaymentTransfer(
            id: 1, amount: amount, remittanceInformation: text, category: category ?? settings.defaultCategory ?? "",
            destination: .iban(settings.defaultIBAN ?? ""))
        let position = DebtPosition(
            tenantID: filing.tenantID, iupd: iupd(for: filing.id), creditorFiscalCode: creditor, companyName: companyName,
            reason: text, debtor: debtor,
            paymentOptions: [
                PaymentOption(
                    iuv: iuv, amount: amount, dueDate: due, description: text, isPartialPayment: false, transfers: [transfer])
            ],
            switchToExpired: false)
        let errors = position.validationErrors(today: today)
        guard errors.isEmpty else { throw Problem(errors: errors) }
        return try position.applying(.publish(on: today)).applying(.dateCheck(on: today))
    }
}

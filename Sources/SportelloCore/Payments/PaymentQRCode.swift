/// The text in the QR code of a pagoPA notice: `PAGOPA|002|<NAV 18>|<creditor CF 11>|<amount in cents>`.
///
/// The code itself (version 4, error correction M) is drawn by the document module; this is only its
/// content. Apps read it to prefill the payment, so the amount is the one due by the notice.
public struct PaymentQRCode: Hashable, Sendable {
    public let noticeNumber: NoticeNumber
    public let creditorFiscalCode: CreditorFiscalCode
    public let amount: Money

    public init(noticeNumber: NoticeNumber, creditorFiscalCode: CreditorFiscalCode, amount: Money) {
        precondition(amount.cents > 0, "A payment notice is for a positive amount")
        self.noticeNumber = noticeNumber
        self.creditorFiscalCode = creditorFiscalCode
        self.amount = amount
    }

    /// The text to encode.
    public var payload: String {
        [Self.prefix, Self.version, noticeNumber.value, creditorFiscalCode.value, String(amount.cents)]
            .joined(separator: "|")
    }

    /// Reads a payload back (used to check printed notices).
    public init(parsing payload: String) throws(PaymentQRCodeError) {
        let fields = payload.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 5 else { throw .wrongFieldCount(fields.count) }
        guard fields[0] == Self.prefix, fields[1] == Self.version else { throw .unsupportedFormat }
        do {
            noticeNumber = try NoticeNumber(validating: fields[2])
        } catch {
            throw .invalidNoticeNumber(error)
        }
        do {
            creditorFiscalCode = try CreditorFiscalCode(validating: fields[3])
        } catch {
            throw .invalidCreditorFiscalCode(error)
        }
        // Cents are plain digits here: no separators, no leading sign.
        guard fields[4].utf8.allSatisfy(\.isASCIIDigit), let cents = Int64(fields[4]), cents > 0 else {
            throw .invalidAmount
        }
        amount = Money(cents: cents)
    }

    private static let prefix = "PAGOPA"
    private static let version = "002"
}

/// Why a text is not a pagoPA QR payload.
public enum PaymentQRCodeError: LocalizedDomainError, Equatable {
    case wrongFieldCount(Int)
    case unsupportedFormat
    case invalidNoticeNumber(NoticeNumberError)
    case invalidCreditorFiscalCode(PartitaIVAError)
    case invalidAmount

    /// Localization key of the message shown to people; the inner errors name their own.
    public var messageKey: String {
        switch self {
        case .wrongFieldCount, .unsupportedFormat: "error.paymentQRCode.unsupportedFormat"
        case .invalidNoticeNumber(let error): error.messageKey
        case .invalidCreditorFiscalCode(let error): error.messageKey
        case .invalidAmount: "error.paymentQRCode.invalidAmount"
        }
    }
}

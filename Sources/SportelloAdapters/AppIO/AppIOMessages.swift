public import Foundation
import SportelloCore

/// A pagoPA notice attached to an App IO message, so the citizen can pay it from the app
/// (`payment_data` of the IO Services API).
public struct AppIOPaymentData: Codable, Equatable, Sendable {
    /// Euro cents, 1...9 999 999 999.
    public var amount: Int
    /// The 18-digit notice number (NAV): `^[0123][0-9]{17}$`.
    public var noticeNumber: String
    /// The app shows the notice as expired after the message's due date.
    public var invalidAfterDueDate: Bool
    /// The creditor's fiscal code (11 digits), when it is not the sending service's organisation.
    public var payee: AppIOPayee?

    public init(amount: Int, noticeNumber: String, invalidAfterDueDate: Bool = false, payee: AppIOPayee? = nil) {
        self.amount = amount
        self.noticeNumber = noticeNumber
        self.invalidAfterDueDate = invalidAfterDueDate
        self.payee = payee
    }

    enum CodingKeys: String, CodingKey {
        case amount
        case noticeNumber = "notice_number"
        case invalidAfterDueDate = "invalid_after_due_date"
        case payee
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        amount = try container.decode(Int.self, forKey: .amount)
        noticeNumber = try container.decode(String.self, forKey: .noticeNumber)
        invalidAfterDueDate = try container.decodeIfPresent(Bool.self, forKey: .invalidAfterDueDate) ?? false
        payee = try container.decodeIfPresent(AppIOPayee.self, forKey: .payee)
    }
}

/// The creditor of a notice sent through App IO.
public struct AppIOPayee: Codable, Equatable, Sendable {
    public var fiscalCode: String

    public init(fiscalCode: String) { self.fiscalCode = fiscalCode }

    enum CodingKeys: String, CodingKey { case fiscalCode = "fiscal_code" }
}

/// What the citizen reads: subject, Markdown body, an optional due date and an optional notice to pay.
public struct AppIOMessageContent: Codable, Equatable, Sendable {
    public var subject: String
    public var markdown: String
    public var dueDate: Date?
    public var paymentData: AppIOPaymentData?

    public init(subject: String, markdown: String, dueDate: Date? = nil, paymentData: AppIOPaymentData? = nil) {
        self.subject = subject
        self.markdown = markdown
        self.dueDate = dueDate
        self.paymentData = paymentData
    }

    enum CodingKeys: String, CodingKey {
        case subject, markdown
        case dueDate = "due_date"
        case paymentData = "payment_data"
    }
}

/// The body of `POST /api/v1/messages`. Make one with ``validated(fiscalCode:subject:markdown:dueDate:paymentData:timeToLive:)``.
public struct AppIONewMessage: Codable, Equatable, Sendable {
    public var fiscalCode: String
    /// Seconds IO keeps trying to deliver, 3600...604800.
    public var timeToLive: Int?
    public var content: AppIOMessageContent

    public init(fiscalCode: String, timeToLive: Int? = nil, content: AppIOMessageContent) {
        self.fiscalCode = fiscalCode
        self.timeToLive = timeToLive
        self.content = content
    }

    enum CodingKeys: String, CodingKey {
        case fiscalCode = "fiscal_code"
        case timeToLive = "time_to_live"
        case content
    }

    /// A message that App IO will accept, or a permanent error naming every rule it breaks. Nothing is padded or
    /// cut: text out of bounds is a mistake in the template that wrote it, and must be fixed there.
    public static func validated(
        fiscalCode: String, subject: String, markdown: String, dueDate: Date? = nil,
        paymentData: AppIOPaymentData? = nil, timeToLive: Int? = nil
    ) throws -> AppIONewMessage {
        let message = AppIONewMessage(
            fiscalCode: fiscalCode, timeToLive: timeToLive,
            content: AppIOMessageContent(subject: subject, markdown: markdown, dueDate: dueDate, paymentData: paymentData))
        try AppIOMessageRules.check(message)
        return message
    }
}

/// The limits of the IO Services API, checked by the client before sending and by the simulator on receipt.
public enum AppIOMessageRules {
    public static let subjectLength = 10...120
    public static let markdownLength = 80...10000
    public static let timeToLive = 3600...604_800
    public static let amount = 1...9_999_999_999

    /// Every rule the message breaks, in words; empty when IO would accept it.
    /// Lengths count UTF-16 code units, as the API (written in TypeScript) does.
    public static func problems(in message: AppIONewMessage) -> [String] {
        var problems: [String] = []
        if !isFiscalCode(message.fiscalCode) { problems.append("fiscal_code is not a personal fiscal code") }
        let subject = message.content.subject.utf16.count
        if !subjectLength.contains(subject) {
            problems.append(
                "subject has \(subject) characters, \(subjectLength.lowerBound)...\(subjectLength.upperBound) allowed")
        }
        let markdown = message.content.markdown.utf16.count
        if !markdownLength.contains(markdown) {
            problems.append(
                "markdown has \(markdown) characters, \(markdownLength.lowerBound)...\(markdownLength.upperBound) allowed")
        }
        if let ttl = message.timeToLive, !timeToLive.contains(ttl) {
            problems.append("time_to_live \(ttl) is outside \(timeToLive.lowerBound)...\(timeToLive.upperBound)")
        }
        if let payment = message.content.paymentData {
            if !amount.contains(payment.amount) { problems.append("payment_data.amount \(payment.amount) is out of range") }
            if !isNoticeNumber(payment.noticeNumber) {
                problems.append("payment_data.notice_number does not match ^[0123][0-9]{17}$")
            }
            if let payee = payment.payee, !(payee.fiscalCode.count == 11 && payee.fiscalCode.allSatisfy(\.isASCIIDigit)) {
                problems.append("payment_data.payee.fiscal_code is not an organisation's fiscal code")
            }
        }
        return problems
    }

    /// Throws a permanent error when the message breaks a rule: sending it again would be refused again.
    public static func check(_ message: AppIONewMessage) throws {
        let problems = problems(in: message)
        if !problems.isEmpty {
            throw PermanentDeliveryError("App IO message refused before sending: " + problems.joined(separator: "; "))
        }
    }

    /// `^[0123][0-9]{17}$`
    public static func isNoticeNumber(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.count == 18 && (UInt8(ascii: "0")...UInt8(ascii: "3")).contains(bytes[0])
            && bytes.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// The API's pattern for a person's fiscal code (omocodia letters allowed; the check letter is not verified).
    public static func isFiscalCode(_ text: String) -> Bool {
        let characters = Array(text)
        guard characters.count == 16 else { return false }
        let digitLike = "0123456789LMNPQRSTUV"
        func letter(_ index: Int) -> Bool { characters[index].isASCII && characters[index].isUppercase }
        func digit(_ index: Int) -> Bool { digitLike.contains(characters[index]) }
        return (0..<6).allSatisfy(letter) && digit(6) && digit(7) && "ABCDEHLMPRST".contains(characters[8])
            && digit(9) && digit(10) && letter(11) && (12..<15).allSatisfy(digit) && letter(15)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

/// A citizen's profile as a service sees it (`LimitedProfile`).
public struct AppIOProfile: Codable, Equatable, Sendable {
    /// False when the citizen has blocked the calling service.
    public var senderAllowed: Bool
    public var preferredLanguages: [String]?

    public init(senderAllowed: Bool, preferredLanguages: [String]? = nil) {
        self.senderAllowed = senderAllowed
        self.preferredLanguages = preferredLanguages
    }

    enum CodingKeys: String, CodingKey {
        case senderAllowed = "sender_allowed"
        case preferredLanguages = "preferred_languages"
    }
}

/// Where a message is in IO's processing.
public enum AppIOMessageStatus: String, Codable, Sendable {
    case accepted = "ACCEPTED"
    case throttled = "THROTTLED"
    case failed = "FAILED"
    case processed = "PROCESSED"
    case rejected = "REJECTED"
}

/// `GET /api/v1/messages/{fiscal_code}/{id}`: the message as stored and its status.
public struct AppIOMessageDetails: Codable, Equatable, Sendable {
    /// The stored message (`CreatedMessageWithContent`).
    public struct Message: Codable, Equatable, Sendable {
        public var id: String
        public var fiscalCode: String
        public var timeToLive: Int?
        public var createdAt: Date
        public var content: AppIOMessageContent
        public var senderServiceID: String

        public init(
            id: String, fiscalCode: String, timeToLive: Int?, createdAt: Date, content: AppIOMessageContent,
            senderServiceID: String
        ) {
            self.id = id
            self.fiscalCode = fiscalCode
            self.timeToLive = timeToLive
            self.createdAt = createdAt
            self.content = content
            self.senderServiceID = senderServiceID
        }

        enum CodingKeys: String, CodingKey {
            case id, content
            case fiscalCode = "fiscal_code"
            case timeToLive = "time_to_live"
            case createdAt = "created_at"
            case senderServiceID = "sender_service_id"
        }
    }

    public var message: Message
    public var status: AppIOMessageStatus?

    public init(message: Message, status: AppIOMessageStatus?) {
        self.message = message
        self.status = status
    }
}

/// What `POST /api/v1/messages` answered: the message id and where to ask for its status.
public struct AppIOSubmission: Equatable, Sendable {
    public var id: String
    public var location: String?

    public init(id: String, location: String?) {
        self.id = id
        self.location = location
    }
}

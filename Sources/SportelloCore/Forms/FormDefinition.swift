public import Foundation

/// The five AgID families of online services; they decide the flow after confirmation.
public enum Archetype: String, CaseIterable, Sendable, Codable {
    case permitsAndDocuments, paymentsDue, economicBenefit, rankingEnrolment, paidService
}

/// A kind of application a citizen can file (procedimento), as a designer writes it.
public struct ProcedureDefinition: Equatable, Sendable, Codable {
    /// Stable identifier, lowercase with hyphens, e.g. "contributo-affitto".
    public var code: String
    public var title: LocalizedText
    public var description: LocalizedText
    /// Service-information page: paragraphs (who may apply, what is needed, costs, times).
    public var info: [LocalizedText]
    public var archetype: Archetype
    /// Name of the office responsible for the procedure, with its contacts.
    public var office: OfficeReference
    /// The call for applications window; open-ended when absent.
    public var opensAt: Date?
    public var closesAt: Date?
    /// Legal maximum time to conclude the procedure, in days from filing.
    public var maximumCompletionDays: Int
    public var form: FormDefinition
    /// How filings move after submission; the archetype's standard workflow when absent.
    public var workflow: Workflow?
    /// What filing costs, paid through pagoPA before the filing is registered; free when absent.
    public var fee: ProcedureFee?

    /// The workflow the back office follows for this procedure.
    public var effectiveWorkflow: Workflow { workflow ?? .standard(for: archetype) }

    /// Whether filings may be started or confirmed at `date`.
    public func isOpen(at date: Date) -> Bool {
        (opensAt.map { date >= $0 } ?? true) && (closesAt.map { date < $0 } ?? true)
    }
}

/// The responsible office as named in a procedure file.
public struct OfficeReference: Equatable, Sendable, Codable {
    public var name: String
    public var email: String?
    public var phone: String?
}

/// Pages → sections → fields, with conditions, computed fields and cross-field rules.
public struct FormDefinition: Equatable, Sendable, Codable {
    public var pages: [FormPage]
}

/// One step of the guided filing, shown with its title in the progress bar.
public struct FormPage: Equatable, Sendable, Codable {
    public var id: String
    public var title: LocalizedText
    /// Expression; the page is skipped when it is false.
    public var showIf: String?
    public var sections: [FormSection]
    /// Cross-field rules checked when the page is saved.
    public var rules: [FormRule]?
}

/// A group of fields on a page, shown as a fieldset with an optional title.
public struct FormSection: Equatable, Sendable, Codable {
    public var id: String
    public var title: LocalizedText?
    public var description: LocalizedText?
    public var showIf: String?
    public var fields: [FormField]
}

/// A rule over several answers: when `check` is false, `message` is shown next to `field`.
public struct FormRule: Equatable, Sendable, Codable {
    public var check: String
    public var message: LocalizedText
    /// The field the message belongs to; the top of the page when absent.
    public var field: String?
}

/// The kinds of input a form offers.
public enum FieldType: String, CaseIterable, Sendable, Codable {
    case text, longText, number, money, date, choice, multipleChoice, yesNo, email, phone, fiscalCode, vatNumber,
        iban, cap, address, attachment, declaration, staticText, group
}

/// One question of the form (or a repeatable group of questions).
public struct FormField: Equatable, Sendable, Codable {
    public var id: String
    public var type: FieldType
    public var label: LocalizedText
    public var hint: LocalizedText?
    /// `true`, `false` or an expression deciding whether an answer is required.
    public var required: Requirement?
    public var showIf: String?
    /// Path in the prefill data ("identity.fiscalCode", "residence.address"): the answer is
    /// taken from what the municipality already knows and shown read-only.
    public var prefill: String?
    /// Expression computing the value; the field is read-only.
    public var compute: String?
    /// Choices for `choice` and `multipleChoice`.
    public var options: [FieldOption]?
    /// `choice` shown as a select instead of radio buttons.
    public var display: String?
    public var minimum: FormNumber?
    public var maximum: FormNumber?
    public var minimumLength: Int?
    public var maximumLength: Int?
    /// Regular expression the whole answer must match.
    public var pattern: String?
    public var patternMessage: LocalizedText?
    /// Earliest and latest dates: ISO date, or "today", or "today+30" / "today-6570".
    public var earliest: String?
    public var latest: String?
    /// Attachments: accepted extensions (pdf, jpg, png, p7m …) and size limit in megabytes.
    public var accept: [String]?
    public var maximumSizeMB: Double?
    /// Repeatable groups: the fields of each item and how many items.
    public var fields: [FormField]?
    public var minimumItems: Int?
    public var maximumItems: Int?
    /// Static text and declarations: the text shown.
    public var text: LocalizedText?
    /// `email` fields only: the answer is the citizen's PEC address (domicilio digitale), where the office's registered
    /// letters (supplement requests, decisions) are also sent by PEC.
    public var pec: Bool?
}

/// Whether a field must be answered: always, never, or when an expression holds.
public enum Requirement: Equatable, Sendable, Codable {
    case always, never
    case when(String)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            self = flag ? .always : .never
        } else {
            self = .when(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .always: try container.encode(true)
        case .never: try container.encode(false)
        case .when(let expression): try container.encode(expression)
        }
    }
}

/// One choice of a `choice` or `multipleChoice` field: the stored value and what people read.
public struct FieldOption: Equatable, Sendable, Codable {
    public var value: String
    public var label: LocalizedText

    public init(value: String, label: LocalizedText) {
        self.value = value
        self.label = label
    }
}

/// An exact number written in a form file (bounds of numbers and amounts). Read from a YAML/JSON
/// number through its shortest text form, so 0.1 stays 0.1 rather than the nearest binary double.
public struct FormNumber: Equatable, Hashable, Sendable, Codable, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    public var value: Decimal

    public init(_ value: Decimal) { self.value = value }
    public init(integerLiteral value: Int) { self.value = Decimal(value) }
    public init(floatLiteral value: Double) { self.value = Decimal(string: String(value)) ?? Decimal(value) }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let integer = try? container.decode(Int.self) {
            value = Decimal(integer)
        } else if let text = try? container.decode(String.self), let parsed = Decimal(string: text) {
            value = parsed
        } else {
            let double = try container.decode(Double.self)
            value = Decimal(string: String(double)) ?? Decimal(double)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(NSDecimalNumber(decimal: value).stringValue)
    }
}

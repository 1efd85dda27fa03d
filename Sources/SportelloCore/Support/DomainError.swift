/// An error a person can be told about: it carries the localization key of the
/// message to show and a detail for the log (which never reaches the page).
public protocol LocalizedDomainError: Error, Sendable {
    /// Key in the localization catalog of the message shown to people.
    var messageKey: String { get }
}

/// A validation problem tied to one input field, so the page can show it next to the field.
public struct FieldError: Equatable, Sendable {
    public let field: String
    public let messageKey: String

    public init(field: String, messageKey: String) {
        self.field = field
        self.messageKey = messageKey
    }
}

/// Several field problems found at once, so a form shows them all in one round trip.
public struct ValidationFailure: LocalizedDomainError, Equatable {
    public let errors: [FieldError]
    public var messageKey: String { "error.validation.summary" }

    public init(_ errors: [FieldError]) {
        self.errors = errors
    }

    /// The first message for a field, if any.
    public func messageKey(for field: String) -> String? {
        errors.first { $0.field == field }?.messageKey
    }
}

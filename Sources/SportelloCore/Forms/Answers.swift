/// What a citizen gave for one field, kept exactly as typed so nothing is lost when it is wrong.
public enum Answer: Equatable, Sendable, Codable {
    /// Text-like answers: text, numbers, dates, a choice, yes/no ("yes"/"no"), a declaration ("yes").
    case text(String)
    /// The values picked in a multiple choice.
    case choices([String])
    /// The items of a repeatable group, each with its own answers.
    case items([[String: Answer]])
    /// An uploaded file.
    case file(AttachmentReference)

    public var text: String? {
        if case .text(let value) = self { value } else { nil }
    }

    /// Whether nothing meaningful was given.
    public var isBlank: Bool {
        switch self {
        case .text(let value): value.allSatisfy(\.isWhitespace)
        case .choices(let values): values.isEmpty
        case .items(let items): items.isEmpty
        case .file: false
        }
    }
}

/// A stored upload, named by the SHA-256 of its content.
public struct AttachmentReference: Equatable, Hashable, Sendable, Codable {
    public var sha256: String
    public var fileName: String
    public var size: Int
    public var contentType: String

    public init(sha256: String, fileName: String, size: Int, contentType: String) {
        self.sha256 = sha256
        self.fileName = fileName
        self.size = size
        self.contentType = contentType
    }
}

/// All answers of a filing by field id.
public typealias Answers = [String: Answer]

/// A problem with one answer, or with the page when `field` is nil.
public struct FieldProblem: Equatable, Sendable {
    /// Field id, or `group.index.field` for a field of a group item (index from 1).
    public var field: String?
    public var message: ProblemMessage

    public init(field: String?, message: ProblemMessage) {
        self.field = field
        self.message = message
    }
}

/// A message from the catalog with its values, or a designer's own text from the form file.
public enum ProblemMessage: Equatable, Sendable {
    case key(String, [String: String])
    case custom(LocalizedText)

    public static func key(_ key: String) -> ProblemMessage { .key(key, [:]) }
}

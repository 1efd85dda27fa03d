/// Text shown to people, in Italian and optionally English. In a form file it is either
/// a plain string (Italian) or `{it: "...", en: "..."}`.
public struct LocalizedText: Equatable, Hashable, Sendable, Codable, ExpressibleByStringLiteral {
    public var italian: String
    public var english: String?

    public init(_ italian: String, english: String? = nil) {
        self.italian = italian
        self.english = english
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }

    /// The text in `languageCode` ("it", "en"), falling back to Italian.
    public func text(_ languageCode: String) -> String {
        languageCode == "en" ? (english ?? italian) : italian
    }

    enum CodingKeys: String, CodingKey { case it, en }

    public init(from decoder: any Decoder) throws {
        if let plain = try? decoder.singleValueContainer().decode(String.self) {
            self.init(plain)
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            try container.decode(String.self, forKey: .it), english: try container.decodeIfPresent(String.self, forKey: .en))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(italian, forKey: .it)
        try container.encodeIfPresent(english, forKey: .en)
    }
}

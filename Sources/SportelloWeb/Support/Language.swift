/// Languages pages are offered in; Italian first.
public enum Language: String, CaseIterable, Sendable {
    case italian = "it"
    case english = "en"

    public var code: String { rawValue }

    /// The language's own name, as shown in the switcher.
    public var nativeName: String {
        switch self {
        case .italian: "Italiano"
        case .english: "English"
        }
    }

    /// The best match for an Accept-Language header, or Italian.
    public static func preferred(acceptLanguage: String?) -> Language {
        guard let header = acceptLanguage else { return .italian }
        let ranked = header.split(separator: ",").compactMap { part -> (String, Double)? in
            let pieces = part.split(separator: ";")
            guard let tag = pieces.first?.trimmingCharacters(in: .whitespaces).lowercased() else { return nil }
            let quality =
                pieces.dropFirst().first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("q=") }
                .flatMap { Double($0.trimmingCharacters(in: .whitespaces).dropFirst(2)) } ?? 1
            return (String(tag.prefix(2)), quality)
        }
        for (tag, _) in ranked.sorted(by: { $0.1 > $1.1 }) {
            if let language = Language(rawValue: tag) { return language }
        }
        return .italian
    }
}

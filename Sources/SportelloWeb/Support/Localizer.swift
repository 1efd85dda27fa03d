import Foundation

/// Looks up people-facing text in the catalogs under Resources/Localization.
/// English falls back to Italian, Italian to the key itself (which tests forbid).
public struct Localizer: Sendable {
    let catalogs: [Language: [String: String]]

    public init(catalogs: [Language: [String: String]]) {
        self.catalogs = catalogs
    }

    /// Loads it.json and en.json shipped with the module.
    public static func bundled() throws -> Localizer {
        var catalogs: [Language: [String: String]] = [:]
        for language in Language.allCases {
            guard
                let url = Bundle.module.url(
                    forResource: language.code, withExtension: "json", subdirectory: "Resources/Localization")
            else { throw LocalizerError.missingCatalog(language.code) }
            catalogs[language] = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: url))
        }
        return Localizer(catalogs: catalogs)
    }

    public func text(_ key: String, _ language: Language) -> String {
        catalogs[language]?[key] ?? catalogs[.italian]?[key] ?? key
    }

    /// Text with `{name}` placeholders filled in.
    public func text(_ key: String, _ language: Language, _ values: [String: String]) -> String {
        values.reduce(text(key, language)) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
    }

    public func keys(_ language: Language) -> Set<String> {
        Set(catalogs[language]?.keys ?? [:].keys)
    }
}

enum LocalizerError: Error {
    case missingCatalog(String)
}

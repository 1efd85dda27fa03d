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

    /// Text with `{name}` placeholders filled in (unknown placeholders are left as they are).
    public func text(_ key: String, _ language: Language, _ values: [String: String]) -> String {
        Self.fill(text(key, language), with: values)
    }

    /// One pass over the text; pages call this for many strings, so no Foundation searching.
    static func fill(_ template: String, with values: [String: String]) -> String {
        guard !values.isEmpty, template.utf8.contains(UInt8(ascii: "{")) else { return template }
        var output = ""
        output.reserveCapacity(template.utf8.count + 32)
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            output += rest[..<open]
            let name = String(rest[rest.index(after: open)..<close])
            if let value = values[name] {
                output += value
            } else {
                output += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        output += rest
        return output
    }

    public func keys(_ language: Language) -> Set<String> {
        Set(catalogs[language]?.keys ?? [:].keys)
    }
}

enum LocalizerError: Error {
    case missingCatalog(String)
}

import Foundation
import Synchronization

/// Dates and times as people read them: the municipality's time zone, the page's language.
enum DateDisplay {
    /// Italian municipalities live on Italian time, whatever the server's clock zone is.
    static let timeZone = TimeZone(identifier: "Europe/Rome")!

    /// A new formatter, for a caller that changes it (a template, a fixed format). For the usual styles use `shared`:
    /// making a formatter costs about 100 µs, using one about 2 µs.
    static func formatter(
        _ language: Language, dateStyle: DateFormatter.Style, timeStyle: DateFormatter.Style = .short
    ) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: language == .italian ? "it_IT" : "en_GB")
        formatter.timeZone = timeZone
        formatter.dateStyle = dateStyle
        formatter.timeStyle = timeStyle
        return formatter
    }

    /// The formatter of a language and styles, made once for the process and shared by every request.
    static func shared(
        _ language: Language, dateStyle: DateFormatter.Style, timeStyle: DateFormatter.Style = .short
    ) -> SharedDateFormatter {
        sharedFormatters[SharedDateFormatter.Key(language: language, dateStyle: dateStyle, timeStyle: timeStyle)]!
    }

    /// Every language with every style: immutable once made (at first use, about 3 ms).
    private static let sharedFormatters: [SharedDateFormatter.Key: SharedDateFormatter] = {
        var formatters: [SharedDateFormatter.Key: SharedDateFormatter] = [:]
        let styles: [DateFormatter.Style] = [.none, .short, .medium, .long]
        for language in Language.allCases {
            for dateStyle in styles {
                for timeStyle in styles {
                    formatters[.init(language: language, dateStyle: dateStyle, timeStyle: timeStyle)] = SharedDateFormatter(
                        formatter(language, dateStyle: dateStyle, timeStyle: timeStyle))
                }
            }
        }
        return formatters
    }()
}

/// A date formatter that requests share: it formats under a lock, and nobody can change its settings.
final class SharedDateFormatter: Sendable {
    struct Key: Hashable {
        var language: Language
        var dateStyle: DateFormatter.Style
        var timeStyle: DateFormatter.Style
    }

    private let formatter: Mutex<DateFormatter>

    init(_ formatter: sending DateFormatter) { self.formatter = Mutex(formatter) }

    func string(from date: Date) -> String { formatter.withLock { $0.string(from: date) } }
}

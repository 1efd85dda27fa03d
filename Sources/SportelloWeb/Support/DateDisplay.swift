import Foundation

/// Dates and times as people read them: the municipality's time zone, the page's language.
enum DateDisplay {
    /// Italian municipalities live on Italian time, whatever the server's clock zone is.
    static let timeZone = TimeZone(identifier: "Europe/Rome")!

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
}

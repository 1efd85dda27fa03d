import Foundation

/// The XML Schema date and time forms used by pagoPA documents (`xs:dateTime`, `xs:date`).
enum XMLDateTime {
    /// "2025-03-04T10:15:30" as seen in `timeZone` (pagoPA writes Italian local time without an offset).
    static func format(_ date: Date, in timeZone: TimeZone) -> String {
        let local = Int((date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))).rounded(.down))
        let seconds = ((local % 86_400) + 86_400) % 86_400
        func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        let day = LocalDate(date, in: timeZone)
        return day.iso + "T" + pad(seconds / 3600) + ":" + pad(seconds / 60 % 60) + ":" + pad(seconds % 60)
    }

    /// Reads `yyyy-MM-ddTHH:mm:ss`, optionally with fractional seconds and `Z` or `±hh:mm`; a time without
    /// an offset is local time in `timeZone`.
    static func parseDateTime(_ text: String, defaultTimeZone timeZone: TimeZone) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 19, bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"),
            bytes[16] == UInt8(ascii: ":"),
            let day = LocalDate(iso: String(decoding: bytes[0..<10], as: UTF8.self)),
            let hour = number(bytes[11..<13]), let minute = number(bytes[14..<16]), let second = number(bytes[17..<19]),
            hour < 24, minute < 60, second < 60
        else { return nil }
        var rest = bytes[19...]
        var fraction = 0.0
        if rest.first == UInt8(ascii: ".") {
            let digits = rest.dropFirst().prefix { $0.isASCIIDigit }
            guard !digits.isEmpty, let value = Double("0." + String(decoding: digits, as: UTF8.self)) else { return nil }
            fraction = value
            rest = rest.dropFirst(1 + digits.count)
        }
        let local = Double(day.dayNumber * 86_400 + hour * 3600 + minute * 60 + second) + fraction
        if rest.isEmpty {
            // Two passes find the zone's offset at that local time, summer time included.
            let guess = local - Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: local)))
            return Date(timeIntervalSince1970: local - Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: guess))))
        }
        guard let offset = offset(rest) else { return nil }
        return Date(timeIntervalSince1970: local - Double(offset))
    }

    /// Reads `yyyy-MM-dd`, ignoring a time-zone suffix (`Z`, `±hh:mm`) the schema allows on dates.
    static func parseDate(_ text: String) -> LocalDate? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 10, bytes.count == 10 || offset(bytes[10...]) != nil else { return nil }
        return LocalDate(iso: String(decoding: bytes[0..<10], as: UTF8.self))
    }

    /// Seconds east of UTC of a `Z` or `±hh:mm` suffix.
    private static func offset(_ bytes: ArraySlice<UInt8>) -> Int? {
        if bytes.elementsEqual("Z".utf8) { return 0 }
        guard bytes.count == 6, let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"),
            bytes[bytes.startIndex + 3] == UInt8(ascii: ":"),
            let hours = number(bytes.dropFirst().prefix(2)), let minutes = number(bytes.suffix(2)), hours <= 14, minutes < 60
        else { return nil }
        return (sign == UInt8(ascii: "-") ? -1 : 1) * (hours * 3600 + minutes * 60)
    }

    private static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.allSatisfy(\.isASCIIDigit) else { return nil }
        return bytes.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }
}

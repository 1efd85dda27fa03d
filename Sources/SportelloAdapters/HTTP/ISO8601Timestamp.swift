public import Foundation

/// ISO 8601 date-times as outside systems write them: with or without a fraction of a second, with `Z`, an
/// offset, or no zone at all (GPD's Java `LocalDateTime`, the pagoPA node's receipts).
public enum ISO8601Timestamp {
    public static let utc = TimeZone(secondsFromGMT: 0)!

    /// Reads `yyyy-MM-ddTHH:mm:ss[.fraction][Z|±hh:mm|±hhmm]`; a time without a zone is read in `zone`.
    public static func parse(_ text: String, zone: TimeZone = utc) -> Date? {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard bytes.count >= 19, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "), bytes[13] == UInt8(ascii: ":"),
            bytes[16] == UInt8(ascii: ":"), let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19)
        else { return nil }
        var index = 19
        var nanoseconds = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var digits = 0
            while index < bytes.count, let digit = number(index..<(index + 1)) {
                if digits < 9 { nanoseconds = nanoseconds * 10 + digit }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 9) { nanoseconds *= 10 }
        }
        var timeZone = zone
        if index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "Z"), UInt8(ascii: "z"):
                guard index + 1 == bytes.count else { return nil }
                timeZone = utc
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
                let rest = bytes.count - index - 1
                guard let hours = number((index + 1)..<(index + 3)) else { return nil }
                let minutes: Int?
                switch rest {
                case 5 where bytes[index + 3] == UInt8(ascii: ":"): minutes = number((index + 4)..<(index + 6))
                case 4: minutes = number((index + 3)..<(index + 5))
                case 2: minutes = 0
                default: minutes = nil
                }
                guard let minutes, let offset = TimeZone(secondsFromGMT: sign * (hours * 3600 + minutes * 60)) else {
                    return nil
                }
                timeZone = offset
            default:
                return nil
            }
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let components = DateComponents(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second, nanosecond: nanoseconds)
        guard components.isValidDate(in: calendar) else { return nil }
        return calendar.date(from: components)
    }

    /// `2024-05-01T10:15:30.250Z`: UTC with milliseconds, as App IO and GPD document their dates.
    public static func utcMilliseconds(_ date: Date) -> String {
        let parts = components(of: date, in: utc)
        let milliseconds = (parts.nanosecond ?? 0) / 1_000_000
        return dateTime(parts) + "." + pad(milliseconds, 3) + "Z"
    }

    /// `2024-05-01T12:15:30`: the local time in `zone` to the second, without a zone, as the pagoPA node writes
    /// `xsd:dateTime` values.
    public static func local(_ date: Date, in zone: TimeZone) -> String {
        dateTime(components(of: date, in: zone))
    }

    private static func components(of date: Date, in zone: TimeZone) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .nanosecond], from: date)
    }

    private static func dateTime(_ parts: DateComponents) -> String {
        pad(parts.year ?? 0, 4) + "-" + pad(parts.month ?? 0, 2) + "-" + pad(parts.day ?? 0, 2) + "T"
            + pad(parts.hour ?? 0, 2) + ":" + pad(parts.minute ?? 0, 2) + ":" + pad(parts.second ?? 0, 2)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

/// JSON coders for App IO and GPD: dates written as UTC with milliseconds and read leniently (see
/// ``ISO8601Timestamp``), keys sorted so that bodies are stable.
public enum TimestampJSON {
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ISO8601Timestamp.utcMilliseconds(date))
        }
        return encoder
    }

    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = ISO8601Timestamp.parse(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an ISO 8601 date-time: \(text)")
            }
            return date
        }
        return decoder
    }
}

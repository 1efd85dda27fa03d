public import Foundation

/// A calendar date without time or time zone, as written on Italian forms ("nato il 29/02/2000").
///
/// Dates of birth, deadlines and ISEE validity are *days*, not instants: storing them as `Date` makes
/// them shift by one day when read in another time zone. The arithmetic is the proleptic Gregorian
/// "days from civil" algorithm, so no `Calendar` (and no locale or time-zone state) is involved except
/// in ``today(in:)``, which must ask the clock.
///
/// Years are limited to 1...9999 so the ISO form always has four digits and round-trips through
/// ``iso`` and `Codable`.
public struct LocalDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    // Packed so that `Value` (which embeds a date) stays small and cheap to copy.
    private let packedYear: Int16
    private let packedMonth: UInt8
    private let packedDay: UInt8

    /// The year, 1...9999.
    public var year: Int { Int(packedYear) }
    /// The month, 1...12.
    public var month: Int { Int(packedMonth) }
    /// The day of the month, 1...31.
    public var day: Int { Int(packedDay) }

    /// The supported years: four-digit ISO years.
    public static let supportedYears: ClosedRange<Int> = 1...9999

    /// A date, or `nil` when the day does not exist (30 February, 29 February 2025) or the year is
    /// outside ``supportedYears``.
    public init?(year: Int, month: Int, day: Int) {
        guard Self.supportedYears.contains(year), (1...12).contains(month),
            day >= 1, day <= Self.daysIn(month: month, year: year)
        else { return nil }
        packedYear = Int16(year)
        packedMonth = UInt8(month)
        packedDay = UInt8(day)
    }

    /// Parses exactly `yyyy-MM-dd` (the HTML date input and JSON form); anything else is `nil`, so
    /// "31/01/2025" is never silently read with the wrong day/month order.
    public init?(iso: String) {
        let bytes = Array(iso.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var result = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                result = result * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return result
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The calendar day of `date` as seen in `timeZone`.
    public init(_ date: Date, in timeZone: TimeZone) {
        // The zone's offset at that instant, then plain day arithmetic (no Calendar: this runs on every page).
        let local = date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))
        let days = Int((local / 86_400).rounded(.down))
        self = LocalDate(dayNumber: min(max(days, Self.dayNumberRange.lowerBound), Self.dayNumberRange.upperBound))
    }

    /// The first instant of this day in `timeZone` (midnight, local time).
    public func start(in timeZone: TimeZone) -> Date {
        let utcMidnight = Date(timeIntervalSince1970: Double(dayNumber) * 86_400)
        // The offset at local midnight: take it at the UTC instant, then correct once for a change that day.
        let guess = utcMidnight.addingTimeInterval(-Double(timeZone.secondsFromGMT(for: utcMidnight)))
        return utcMidnight.addingTimeInterval(-Double(timeZone.secondsFromGMT(for: guess)))
    }

    /// Today's date in `timeZone` (the municipality's, normally Europe/Rome — not the server's).
    public static func today(in timeZone: TimeZone) -> LocalDate {
        LocalDate(Date(), in: timeZone)
    }

    private init(unchecked year: Int, _ month: Int, _ day: Int) {
        packedYear = Int16(year)
        packedMonth = UInt8(month)
        packedDay = UInt8(day)
    }

    /// `yyyy-MM-dd`.
    public var iso: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public var description: String { iso }

    /// The date `days` days later (earlier when negative), or `nil` when it falls outside
    /// ``supportedYears`` — optional rather than trapping because the count may come from user input.
    public func adding(days: Int) -> LocalDate? {
        let (serial, overflow) = dayNumber.addingReportingOverflow(days)
        guard !overflow, Self.dayNumberRange.contains(serial) else { return nil }
        return Self(dayNumber: serial)
    }

    /// Days from this date to `other`: positive when `other` is later.
    public func days(until other: LocalDate) -> Int {
        other.dayNumber - dayNumber
    }

    /// Completed years of life on `date` for someone born on this date.
    ///
    /// Whoever is born on 29 February turns a year older on 1 March in non-leap years (the usual
    /// reading of Italian civil law); comparing (month, day) pairs gives exactly that, because
    /// 28 February sorts before 29 February and 1 March after it. Before the birth date the result is
    /// negative, so conditions like `age(x) >= 18` stay false.
    public func age(on date: LocalDate) -> Int {
        var years = date.year - year
        if (date.month, date.day) < (month, day) { years -= 1 }
        return years
    }

    /// Whether `year` has a 29 February.
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.packedYear, lhs.packedMonth, lhs.packedDay) < (rhs.packedYear, rhs.packedMonth, rhs.packedDay)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = LocalDate(iso: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a date in the form yyyy-MM-dd")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }

    // MARK: Serial day numbers (days since 1970-01-01), after H. Hinnant's "days_from_civil".

    static let dayNumberRange: ClosedRange<Int> =
        LocalDate(unchecked: 1, 1, 1).dayNumber...LocalDate(unchecked: 9999, 12, 31).dayNumber

    /// Days since 1970-01-01 (negative before).
    var dayNumber: Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let monthFromMarch = (month + 9) % 12
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    init(dayNumber: Int) {
        let shifted = dayNumber + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        self.init(unchecked: year, month, day)
    }
}

import Foundation
import SportelloCore
import Testing

@Suite("Expression local dates")
struct ExpressionLocalDateTests {
    @Test(
        "Only real calendar days can be built",
        arguments: [
            (2024, 2, 29, true), (2023, 2, 29, false), (2000, 2, 29, true), (1900, 2, 29, false), (2100, 2, 29, false),
            (2025, 4, 30, true), (2025, 4, 31, false), (2025, 12, 31, true), (2025, 13, 1, false), (2025, 0, 1, false),
            (2025, 1, 0, false), (2025, 1, 32, false), (1, 1, 1, true), (0, 12, 31, false), (9999, 12, 31, true),
            (10000, 1, 1, false),
        ])
    func validation(year: Int, month: Int, day: Int, valid: Bool) {
        #expect((LocalDate(year: year, month: month, day: day) != nil) == valid)
    }

    @Test(
        "Leap years follow the Gregorian rule",
        arguments: [(2024, true), (2025, false), (2000, true), (1900, false), (2100, false), (2400, true), (4, true)])
    func leapYears(year: Int, leap: Bool) {
        #expect(LocalDate.isLeapYear(year) == leap)
    }

    @Test(
        "Only the exact yyyy-MM-dd form is read as a date",
        arguments: [
            ("2025-01-31", true), ("2024-02-29", true), ("2025-02-29", false), ("2025-1-31", false), ("2025/01/31", false),
            ("31-01-2025", false), ("31/01/2025", false), ("2025-01-31T00:00", false), ("", false), (" 2025-01-31", false),
            ("２０２５-01-31", false), ("+025-01-31", false), ("0000-01-01", false),
        ])
    func isoParsing(text: String, valid: Bool) {
        #expect((LocalDate(iso: text) != nil) == valid)
        if valid { #expect(LocalDate(iso: text)?.iso == text) }
    }

    @Test("The ISO form is zero-padded and is also the Codable form")
    func isoAndCodable() throws {
        #expect(LocalDate(year: 5, month: 3, day: 7)?.iso == "0005-03-07")
        let date = LocalDate(year: 2025, month: 1, day: 31)!
        #expect(date.description == "2025-01-31")
        let json = try JSONEncoder().encode(["d": date])
        #expect(String(decoding: json, as: UTF8.self) == #"{"d":"2025-01-31"}"#)
        #expect(try JSONDecoder().decode([String: LocalDate].self, from: json) == ["d": date])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([String: LocalDate].self, from: Data(#"{"d":"2025-02-30"}"#.utf8))
        }
    }

    @Test(
        "Adding days crosses months, leap days and years",
        arguments: [
            ("2024-12-31", 1, "2025-01-01"), ("2024-02-28", 1, "2024-02-29"), ("2024-03-01", -1, "2024-02-29"),
            ("2023-03-01", -1, "2023-02-28"), ("2025-01-31", 365, "2026-01-31"), ("2024-01-31", 366, "2025-01-31"),
            ("2000-01-01", 36524, "2099-12-31"), ("1970-01-01", -1, "1969-12-31"), ("2025-06-15", 0, "2025-06-15"),
        ])
    func addingDays(start: String, days: Int, end: String) {
        let from = LocalDate(iso: start)!
        #expect(from.adding(days: days)?.iso == end)
        #expect(from.days(until: LocalDate(iso: end)!) == days)
    }

    @Test("Adding days beyond the supported years gives nil instead of trapping")
    func addingOutOfRange() {
        #expect(LocalDate(iso: "9999-12-31")!.adding(days: 1) == nil)
        #expect(LocalDate(iso: "0001-01-01")!.adding(days: -1) == nil)
        #expect(LocalDate(iso: "2025-01-01")!.adding(days: .max) == nil)
        #expect(LocalDate(iso: "2025-01-01")!.adding(days: .min) == nil)
    }

    @Test(
        "Age in full years, with 29 February birthdays moving to 1 March in non-leap years",
        arguments: [
            ("2000-06-15", "2025-06-14", 24), ("2000-06-15", "2025-06-15", 25), ("2000-06-15", "2025-06-16", 25),
            ("2000-02-29", "2023-02-28", 22), ("2000-02-29", "2023-03-01", 23), ("2000-02-29", "2024-02-29", 24),
            ("2000-01-01", "2000-01-01", 0), ("2000-12-31", "2001-01-01", 0),
        ])
    func age(birth: String, on: String, years: Int) {
        #expect(LocalDate(iso: birth)!.age(on: LocalDate(iso: on)!) == years)
    }

    @Test("Today depends on the time zone: late evening in UTC is already tomorrow in Rome")
    func todayInTimeZone() throws {
        let lateEvening = try Date("2025-01-31T23:30:00Z", strategy: .iso8601)
        #expect(LocalDate(lateEvening, in: TimeZone(identifier: "Europe/Rome")!).iso == "2025-02-01")
        #expect(LocalDate(lateEvening, in: TimeZone(identifier: "UTC")!).iso == "2025-01-31")
        let rome = TimeZone(identifier: "Europe/Rome")!
        let today = LocalDate.today(in: rome)
        #expect(abs(LocalDate(Date(), in: rome).days(until: today)) <= 1)
    }

    @Test("The day of an instant agrees with Calendar in several zones, across daylight-saving changes and centuries")
    func dayOfInstantMatchesCalendar() throws {
        for zone in ["Europe/Rome", "UTC", "America/New_York", "Pacific/Kiritimati"] {
            let timeZone = try #require(TimeZone(identifier: zone))
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            var instants = stride(from: 1_700_000_000.0, to: 1_800_000_000.0, by: 3_517).map(Date.init(timeIntervalSince1970:))
            instants += [-2_208_988_800.0, -1.0, 0, 951_782_400, 4_102_444_799].map(Date.init(timeIntervalSince1970:))
            for instant in instants {
                let parts = calendar.dateComponents([.year, .month, .day], from: instant)
                let expected = LocalDate(year: parts.year!, month: parts.month!, day: parts.day!)
                #expect(LocalDate(instant, in: timeZone) == expected, "\(zone) \(instant)")
            }
        }
    }

    @Test("Dates sort chronologically")
    func ordering() {
        let dates = ["2025-01-31", "2024-12-31", "2025-01-01", "1999-12-31"].map { LocalDate(iso: $0)! }
        #expect(dates.sorted().map(\.iso) == ["1999-12-31", "2024-12-31", "2025-01-01", "2025-01-31"])
    }
}

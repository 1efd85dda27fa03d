import Foundation
import Testing

@testable import SportelloWeb

@Suite("Dates shown to people")
struct DateDisplayTests {
    @Test("a shared formatter writes what a new one of the same language and styles writes")
    func sharedMatchesNew() {
        // 24 November 2026, 09:05 in Rome (winter time, UTC+1), and a summer date.
        let dates = [Date(timeIntervalSince1970: 1_795_507_500), Date(timeIntervalSince1970: 1_784_800_000)]
        for language in Language.allCases {
            for dateStyle: DateFormatter.Style in [.none, .short, .medium, .long] {
                for timeStyle: DateFormatter.Style in [.none, .short, .medium, .long] {
                    let fresh = DateDisplay.formatter(language, dateStyle: dateStyle, timeStyle: timeStyle)
                    let shared = DateDisplay.shared(language, dateStyle: dateStyle, timeStyle: timeStyle)
                    for date in dates { #expect(shared.string(from: date) == fresh.string(from: date)) }
                }
            }
        }
        #expect(DateDisplay.shared(.italian, dateStyle: .long, timeStyle: .none).string(from: dates[0]) == "24 novembre 2026")
        #expect(DateDisplay.shared(.english, dateStyle: .long, timeStyle: .none).string(from: dates[0]) == "24 November 2026")
        #expect(DateDisplay.shared(.italian, dateStyle: .none, timeStyle: .short).string(from: dates[0]) == "09:05")
    }

    @Test("requests may use one formatter at the same time")
    func concurrentUse() async {
        let shared = DateDisplay.shared(.italian, dateStyle: .long)
        let dates = (0..<400).map { Date(timeIntervalSince1970: 1_790_000_000 + Double($0) * 86_461) }
        let expected = dates.map(DateDisplay.formatter(.italian, dateStyle: .long).string)
        let mismatches = await withTaskGroup(of: Int.self) { group in
            for slice in 0..<8 {
                group.addTask {
                    var wrong = 0
                    for (index, date) in dates.enumerated() where index % 8 == slice {
                        if shared.string(from: date) != expected[index] { wrong += 1 }
                    }
                    return wrong
                }
            }
            return await group.reduce(0, +)
        }
        #expect(mismatches == 0)
    }
}

import Foundation
import Synchronization

/// A time the test moves by hand, shared by a simulator's `now` closure and the test.
final class ManualNow: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date) { current = Mutex(start) }

    var date: Date { current.withLock { $0 } }

    func advance(seconds: TimeInterval) { current.withLock { $0 += seconds } }

    var closure: @Sendable () -> Date { { self.date } }
}

extension Date {
    /// A fixed instant written in ISO 8601 with its zone, for readable fixtures (read by Foundation, not by the
    /// parser under test).
    static func utc(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        if text.contains(".") { formatter.formatOptions.insert(.withFractionalSeconds) }
        return formatter.date(from: text)!
    }
}

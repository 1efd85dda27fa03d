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
    /// A fixed UTC instant written in ISO 8601, for readable fixtures.
    static func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }
}

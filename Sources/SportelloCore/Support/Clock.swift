public import Foundation

/// Where "now" comes from, so rules about time (timeouts, maintenance notice) are testable.
public protocol Clock: Sendable {
    var now: Date { get }
}

/// The system wall clock.
public struct SystemClock: Clock {
    public init() {}
    public var now: Date { Date() }
}

public import Foundation
import Synchronization

/// A ``Mailer`` that keeps the last messages in memory instead of sending them (the demo shows them to
/// administrators; tests read them). Bounded: the oldest go when ``capacity`` is reached.
public final class InMemoryMailbox: Mailer {
    /// A message as it was handed over.
    public struct Delivery: Sendable, Hashable {
        public var message: MailMessage
        public var receivedAt: Date
    }

    public let capacity: Int
    private let state = Mutex<(deliveries: [Delivery], start: Int)>(([], 0))

    public init(capacity: Int = 500) {
        self.capacity = max(1, capacity)
    }

    /// Keeps the message. Throws what ``MIMEWriter`` would for a message that could not be sent (an invalid
    /// address, no recipients), so the demo fails where production would.
    public func send(_ message: MailMessage) async throws {
        _ = try MIMEWriter().write(message)
        let delivery = Delivery(message: message, receivedAt: Date())
        state.withLock { state in
            if state.deliveries.count < capacity {
                state.deliveries.append(delivery)
            } else {
                state.deliveries[state.start] = delivery
                state.start = (state.start + 1) % capacity
            }
        }
    }

    /// The kept messages, oldest first.
    public var deliveries: [Delivery] {
        state.withLock { state in
            Array(state.deliveries[state.start...] + state.deliveries[..<state.start])
        }
    }

    /// The kept messages, oldest first.
    public var messages: [MailMessage] { deliveries.map(\.message) }

    public func removeAll() {
        state.withLock { $0 = ([], 0) }
    }
}

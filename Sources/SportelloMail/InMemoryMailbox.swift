public import Foundation
import Synchronization

/// A ``Mailer`` that keeps the last messages in memory instead of sending them (the demo shows them to
/// administrators; tests read them). Bounded: the oldest go when ``capacity`` is reached, and only the newest
/// ``attachmentsKept`` messages keep their attachments' bytes (older ones keep names and types: a filing's copy and
/// receipt weigh about 100 kB, so 500 full messages would hold some 50 MB of PDFs nobody downloads).
public final class InMemoryMailbox: Mailer {
    /// A message as it was handed over.
    public struct Delivery: Sendable, Hashable {
        public var message: MailMessage
        public var receivedAt: Date
    }

    public let capacity: Int
    public let attachmentsKept: Int
    private let state = Mutex<(deliveries: [Delivery], start: Int)>(([], 0))

    public init(capacity: Int = 500, attachmentsKept: Int = 50) {
        self.capacity = max(1, capacity)
        self.attachmentsKept = max(0, attachmentsKept)
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
            // The message that just left the newest `attachmentsKept` keeps its attachments' names only.
            let older = state.deliveries.count - 1 - attachmentsKept
            if older >= 0 {
                let index = (state.start + older) % state.deliveries.count
                for number in state.deliveries[index].message.attachments.indices {
                    state.deliveries[index].message.attachments[number].content = []
                }
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

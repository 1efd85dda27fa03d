import Foundation
import Testing

@testable import SportelloCore

@Suite("Session lifetime")
struct SessionPolicyTests {
    let policy = SessionPolicy(idleTimeout: 1800, absoluteTimeout: 8 * 3600)
    let start = Date(timeIntervalSince1970: 1_790_000_000)

    @Test("a session ends after the idle timeout without activity")
    func idle() {
        let session = Session.make(tenantID: UUID(), now: start)
        #expect(!policy.isExpired(session, now: start.addingTimeInterval(1799)))
        #expect(policy.isExpired(session, now: start.addingTimeInterval(1801)))
    }

    @Test("a session ends after the absolute timeout even when active")
    func absolute() {
        var session = Session.make(tenantID: UUID(), now: start)
        session.lastSeenAt = start.addingTimeInterval(8 * 3600)
        #expect(policy.isExpired(session, now: start.addingTimeInterval(8 * 3600 + 1)))
        #expect(policy.expiry(of: session) == start.addingTimeInterval(8 * 3600))
    }

    @Test("new sessions get distinct unguessable tokens and CSRF tokens")
    func tokens() {
        let tokens = (0..<200).map { _ in Session.make(tenantID: UUID(), now: start) }
        #expect(Set(tokens.map(\.token)).count == 200)
        #expect(Set(tokens.map(\.state.csrfToken)).count == 200)
        #expect(tokens.allSatisfy { $0.token.count >= 43 })
    }
}

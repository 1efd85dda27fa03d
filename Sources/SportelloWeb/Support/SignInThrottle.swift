import Foundation
import SportelloCore
import Synchronization

/// Slows down password guessing: after `maximumFailures` wrong attempts on one account within
/// `window`, that account refuses sign-in until the window has passed. Kept in memory per node;
/// with N nodes an attacker gets at most N × the allowance, still far below useful guessing rates.
final class SignInThrottle: Sendable {
    private let maximumFailures: Int
    private let window: TimeInterval
    private let clock: any Clock
    private let failures = Mutex<[String: [Date]]>([:])

    init(maximumFailures: Int = 5, window: TimeInterval = 15 * 60, clock: any Clock) {
        self.maximumFailures = maximumFailures
        self.window = window
        self.clock = clock
    }

    /// Whether the account may try now.
    func allows(tenantID: Tenant.ID, username: String) -> Bool {
        let key = Self.key(tenantID, username)
        let now = clock.now
        return failures.withLock { failures in
            let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
            failures[key] = recent.isEmpty ? nil : recent
            return recent.count < maximumFailures
        }
    }

    func recordFailure(tenantID: Tenant.ID, username: String) {
        let key = Self.key(tenantID, username)
        let now = clock.now
        failures.withLock { failures in
            if failures.count > 100_000 { failures.removeAll() }  // bounded memory under a spray of usernames
            failures[key, default: []].append(now)
        }
    }

    func recordSuccess(tenantID: Tenant.ID, username: String) {
        _ = failures.withLock { $0.removeValue(forKey: Self.key(tenantID, username)) }
    }

    private static func key(_ tenantID: Tenant.ID, _ username: String) -> String {
        tenantID.uuidString + "/" + username.lowercased()
    }
}

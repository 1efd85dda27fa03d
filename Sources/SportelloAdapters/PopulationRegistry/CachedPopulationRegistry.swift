import Foundation
public import SportelloCore
import Synchronization

/// Keeps the registry's answer about a citizen for a few minutes, so the pages of one filing (each evaluates the
/// form with the "once only" data) ask the registry once rather than at every page. ANPR is reached through PDND
/// with quotas and takes tens of milliseconds; a resident's record does not change while they fill a form.
/// Bounded: past `capacity` citizens, expired answers go first, then the oldest.
public final class CachedPopulationRegistry: PopulationRegistry {
    let backing: any PopulationRegistry
    let lifetime: Duration
    let capacity: Int
    private let answers = Mutex<[String: (at: ContinuousClock.Instant, record: ResidentRecord?)]>([:])

    public init(backing: any PopulationRegistry, lifetime: Duration = .seconds(600), capacity: Int = 10_000) {
        self.backing = backing
        self.lifetime = lifetime
        self.capacity = max(1, capacity)
    }

    public func resident(_ fiscalCode: CodiceFiscale) async throws -> ResidentRecord? {
        let key = fiscalCode.value
        let now = ContinuousClock.now
        if let kept = answers.withLock({ $0[key] }), now - kept.at < lifetime { return kept.record }
        let record = try await backing.resident(fiscalCode)
        answers.withLock { answers in
            if answers.count >= capacity {
                answers = answers.filter { now - $0.value.at < lifetime }
                if answers.count >= capacity {
                    let oldest = answers.sorted { $0.value.at < $1.value.at }.prefix(answers.count - capacity / 2)
                    for (key, _) in oldest { answers.removeValue(forKey: key) }
                }
            }
            answers[key] = (now, record)
        }
        return record
    }
}

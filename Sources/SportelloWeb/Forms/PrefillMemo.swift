import SportelloAdapters
import SportelloCore
import Synchronization

/// Each citizen's prefilled values as last built, handed out again while the sign-in identity and the registry's
/// answer are the same. Besides sparing the rebuild on every page, the evaluation cache then finds the very same
/// dictionary it keeps (equal storage compares at once) instead of comparing every value of the household.
final class PrefillMemo: Sendable {
    private struct Entry {
        var citizen: CitizenIdentity
        var record: ResidentRecord?
        var prefill: [String: Value]
    }

    private let capacity: Int
    private let entries = Mutex<[String: Entry]>([:])

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    func prefill(
        for citizen: CitizenIdentity, record: ResidentRecord?, make: () -> [String: Value]
    ) -> [String: Value] {
        let key = citizen.fiscalCode.value
        if let entry = entries.withLock({ $0[key] }), entry.citizen == citizen, entry.record == record {
            return entry.prefill
        }
        let prefill = make()
        entries.withLock { entries in
            if entries[key] == nil, entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(citizen: citizen, record: record, prefill: prefill)
        }
        return prefill
    }
}

import Foundation
import SportelloCore
import Synchronization

/// The last evaluation of each draft, reused while nothing it depends on changed: the same answers,
/// procedure version, prefilled data and day. The page shown after a save is then drawn from the
/// evaluation the save already made. (Comparing the answers costs far less than evaluating them.)
/// An evaluation of a long form weighs tens of kilobytes: a filing's entry goes when it stops being a draft.
final class EvaluationCache: Sendable {
    private struct Entry {
        var answers: Answers
        var procedureVersion: Int
        var today: LocalDate
        var prefill: [String: Value]
        var evaluation: FormEvaluation
    }

    private let capacity: Int
    private let entries = Mutex<[Filing.ID: Entry]>([:])

    init(capacity: Int = 2_000) {
        self.capacity = capacity
    }

    func evaluation(
        for filing: Filing, prefill: [String: Value], today: LocalDate, make: () -> FormEvaluation
    ) -> FormEvaluation {
        if let entry = entries.withLock({ $0[filing.id] }), entry.answers == filing.answers,
            entry.procedureVersion == filing.procedureVersion, entry.today == today, entry.prefill == prefill
        {
            return entry.evaluation
        }
        let evaluation = make()
        remember(evaluation, for: filing, prefill: prefill, today: today)
        return evaluation
    }

    /// The filing was submitted or deleted: its evaluation will not be asked for again.
    func forget(_ id: Filing.ID) {
        _ = entries.withLock { $0.removeValue(forKey: id) }
    }

    var count: Int { entries.withLock { $0.count } }

    func remember(_ evaluation: FormEvaluation, for filing: Filing, prefill: [String: Value], today: LocalDate) {
        entries.withLock { entries in
            if entries[filing.id] == nil, entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[filing.id] = Entry(
                answers: filing.answers, procedureVersion: filing.procedureVersion, today: today, prefill: prefill,
                evaluation: evaluation)
        }
    }
}

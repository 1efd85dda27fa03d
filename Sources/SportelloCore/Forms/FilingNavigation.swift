/// Moving through a filing's pages and editing its groups: pure decisions over answers.
public enum FilingNavigation {
    /// The visible page after `pageID`, or nil when the next step is the summary.
    public static func page(after pageID: String, in evaluation: FormEvaluation) -> FormPage? {
        let pages = evaluation.visiblePages
        guard let index = pages.firstIndex(where: { $0.id == pageID }) else { return pages.first }
        return index + 1 < pages.count ? pages[index + 1] : nil
    }

    /// The visible page before `pageID`, or nil on the first page.
    public static func page(before pageID: String, in evaluation: FormEvaluation) -> FormPage? {
        let pages = evaluation.visiblePages
        guard let index = pages.firstIndex(where: { $0.id == pageID }), index > 0 else { return nil }
        return pages[index - 1]
    }

    /// Where a citizen resuming a draft lands: the page reached if it still applies, else the first.
    public static func resumePage(_ filing: Filing, in evaluation: FormEvaluation) -> FormPage? {
        let pages = evaluation.visiblePages
        return pages.first { $0.id == filing.currentPage } ?? pages.first
    }

    /// Adds an empty item to a group (up to its maximum).
    public static func addItem(to groupID: String, in answers: inout Answers, maximum: Int?) {
        var items: [[String: Answer]] = if case .items(let existing) = answers[groupID] { existing } else { [] }
        if let maximum, items.count >= maximum { return }
        items.append([:])
        answers[groupID] = .items(items)
    }

    /// Removes item `number` (from 1) of a group.
    public static func removeItem(_ number: Int, from groupID: String, in answers: inout Answers) {
        guard case .items(var items) = answers[groupID], (1...items.count).contains(number) else { return }
        items.remove(at: number - 1)
        answers[groupID] = .items(items)
    }
}

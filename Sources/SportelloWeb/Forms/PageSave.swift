import Foundation
import SportelloCore

/// What saving one form page does to a draft, before it is written: the post read into the answers
/// (twice, as an answer may reveal a question on the same page), files taken in, the pressed button
/// applied (add or remove a group item, detach a document), the result evaluated and, for "next",
/// checked. Evaluating is the caller's (it knows the prefill and the cache).
struct PageSave {
    /// The button that was pressed.
    enum Action: Equatable {
        case next, back, save
        /// Add or remove a group item, or detach a document: the page is shown again.
        case edit
    }

    struct Outcome {
        var filing: Filing
        var evaluation: FormEvaluation
        var action: Action
        /// Problems to show: refused files always, the page's checks on "next".
        var problems: [FieldProblem]
        /// Whether a posted file was refused (the page is shown again, whatever the button).
        var refusedFiles: Bool
        /// The page to go to on a valid "next"; nil means the summary.
        var nextPage: FormPage?
    }

    let attachments: Attachments

    func apply(
        _ fields: FormFields, upload: UploadedForm?, to filing: Filing, page: FormPage, before: FormEvaluation,
        procedure: CompiledProcedure, now: Date, evaluate: (Answers) -> FormEvaluation
    ) async throws -> Outcome {
        var updated = filing
        updated.answers = PostedAnswers.merge(fields, page: page, into: filing.answers, evaluation: before)
        let revealed = updated.answers == filing.answers ? before : evaluate(updated.answers)
        let firstMerge = updated.answers
        updated.answers = PostedAnswers.merge(fields, page: page, into: updated.answers, evaluation: revealed)
        // Files chosen on this page are stored and answered first, whatever button was pressed.
        let fileProblems = try await attachments.takeIn(
            upload, page: page, evaluation: revealed, answers: &updated.answers, tenantID: filing.tenantID)
        let parts = (fields["action"] ?? "next").split(separator: ":").map(String.init)
        let action: Action
        switch (parts.first, parts.count) {
        case ("add", 2):
            action = .edit
            if let group = procedure.field(parts[1]) {
                FilingNavigation.addItem(to: group.id, in: &updated.answers, maximum: group.maximumItems)
            }
        case ("remove", 3):
            action = .edit
            if let number = Int(parts[2]) { FilingNavigation.removeItem(number, from: parts[1], in: &updated.answers) }
        case ("detach", 2):
            action = .edit
            attachments.detach(parts[1], from: &updated.answers)
        case ("back", _): action = .back
        case ("save", _): action = .save
        case ("next", _), (nil, _): action = .next
        default: action = .edit  // an unknown button: the page again, nothing lost
        }
        updated.currentPage = page.id
        updated.updatedAt = now
        let evaluation = updated.answers == firstMerge ? revealed : evaluate(updated.answers)
        let refused = Set(fileProblems.compactMap(\.field))
        let checks = action == .next ? evaluation.problems(onPage: page).filter { !refused.contains($0.field ?? "") } : []
        let problems = fileProblems + checks
        let nextPage = action == .next && problems.isEmpty ? FilingNavigation.page(after: page.id, in: evaluation) : nil
        if let nextPage { updated.currentPage = nextPage.id }
        return Outcome(
            filing: updated, evaluation: evaluation, action: action, problems: problems, refusedFiles: !fileProblems.isEmpty,
            nextPage: nextPage)
    }
}

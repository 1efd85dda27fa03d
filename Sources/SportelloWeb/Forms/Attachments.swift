import Foundation
import SportelloCore

/// Documents attached to filings: takes posted files in (checking kind and size), detaches them,
/// keeps the register of which filing refers to which stored file.
struct Attachments: Sendable {
    let store: any AttachmentStore
    let register: any AttachmentRegister
    /// Size limit, in megabytes, of an attachment field that names none.
    let defaultLimitMB: Double

    /// Files posted for the attachment fields visible on `page` become answers; a file of the
    /// wrong kind, empty or too large is refused with a problem on its field, and the answer
    /// it would have replaced is kept.
    func takeIn(
        _ upload: UploadedForm?, page: FormPage, evaluation: FormEvaluation, answers: inout Answers, tenantID: Tenant.ID
    ) async throws -> [FieldProblem] {
        guard let upload, !upload.files.isEmpty else { return [] }
        var problems: [FieldProblem] = []
        for (path, field) in Self.attachmentFields(on: page, evaluation: evaluation, answers: answers) {
            guard let file = upload.file(named: "a." + path) else { continue }
            let limitMB = field.maximumSizeMB ?? defaultLimitMB
            let allowed = field.accept ?? []
            let kind = FileType.accepted(fileName: file.fileName, leadingBytes: file.leadingBytes, allowed: allowed)
            let problem: ProblemMessage? =
                if file.size == 0 {
                    .key("error.attachment.empty")
                } else if Double(file.size) > limitMB * 1_048_576 {
                    .key("error.attachment.size", ["maximum": Self.megabytes(limitMB)])
                } else if kind == nil {
                    .key("error.attachment.type", ["types": allowed.map { $0.uppercased() }.joined(separator: ", ")])
                } else {
                    nil
                }
            guard let kind, problem == nil else {
                problems.append(FieldProblem(field: path, message: problem!))
                continue
            }
            try await store.commit(temporaryFile: file.temporaryURL, sha256: file.sha256, tenantID: tenantID)
            Self.set(
                .file(
                    AttachmentReference(
                        sha256: file.sha256, fileName: file.fileName, size: file.size, contentType: kind.contentType)),
                at: path, in: &answers)
        }
        return problems
    }

    /// Takes the document at `path` (a field id, or `group.n.field`) off the answers.
    func detach(_ path: String, from answers: inout Answers) {
        Self.set(nil, at: path, in: &answers)
    }

    /// Records which documents the filing now refers to, when that changed.
    func recordChanges(from before: Answers, to after: Filing, at date: Date) async throws {
        let old = Set(before.attachments.map(\.sha256))
        let new = after.answers.attachments
        guard old != Set(new.map(\.sha256)) else { return }
        try await register.record(new, filingID: after.id, tenantID: after.tenantID, at: date)
    }

    /// The editable attachment fields shown on a page, by answer path (`field` or `group.n.field`).
    static func attachmentFields(
        on page: FormPage, evaluation: FormEvaluation, answers: Answers
    ) -> [(path: String, field: FormField)] {
        var found: [(String, FormField)] = []
        for section in page.sections where evaluation.isVisible(section) {
            for field in section.fields where evaluation.isVisible(field) && evaluation.isEditable(field) {
                if field.type == .attachment { found.append((field.id, field)) }
                if field.type == .group, case .items(let items) = answers[field.id] {
                    for (index, item) in items.enumerated() {
                        for child in field.fields ?? []
                        where child.type == .attachment && evaluation.isVisible(child, item: item, in: field) {
                            found.append(("\(field.id).\(index + 1).\(child.id)", child))
                        }
                    }
                }
            }
        }
        return found
    }

    static func set(_ answer: Answer?, at path: String, in answers: inout Answers) {
        let parts = path.split(separator: ".").map(String.init)
        if parts.count == 1 {
            answers[path] = answer
        } else if parts.count == 3, let number = Int(parts[1]), case .items(var items) = answers[parts[0]],
            items.indices.contains(number - 1)
        {
            items[number - 1][parts[2]] = answer
            answers[parts[0]] = .items(items)
        }
    }

    static func megabytes(_ value: Double) -> String {
        value == value.rounded()
            ? String(Int(value)) + " MB"
            : String(format: "%.1f MB", value).replacingOccurrences(
                of: ".", with: ",")
    }
}

/// The daily removal of stored documents no filing refers to any more (removed from a draft,
/// or their draft deleted), and of uploads abandoned half-way.
struct AttachmentCleanup {
    let store: any AttachmentStore
    let register: any AttachmentRegister
    /// A file younger than this is kept even when unreferenced: its filing may be about to record it.
    var gracePeriod: TimeInterval = 3600

    func run(now: Date) async throws -> Int {
        var removed = try store.removeAbandonedUploads(olderThan: now.addingTimeInterval(-86_400))
        for tenantID in try store.tenantsWithFiles() {
            let referenced = try await register.referencedDigests(tenantID: tenantID)
            removed += try await store.removeUnreferenced(
                keeping: referenced, tenantID: tenantID, olderThan: now.addingTimeInterval(-gracePeriod))
        }
        return removed
    }
}

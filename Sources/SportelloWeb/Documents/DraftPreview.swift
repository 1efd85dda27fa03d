import Foundation
import SportelloCore
import SportelloDocuments

/// The PDF a citizen downloads to read a draft away from the screen: every answer so far, page by
/// page, marked on every page as a draft without legal value. A plain PDF (the filed copy is PDF/A).
enum DraftPreview {
    struct Model {
        var municipality: String
        var procedureTitle: String
        var filingCode: String
        var savedAt: String
        var summary: FilingSummary
        var createdAt: Date
    }

    static func document(_ model: Model, t: Texts) -> Document {
        let lang = t.language.code
        var blocks: [DocumentBlock] = [
            .heading(model.procedureTitle, level: 1),
            .paragraph(t("preview.intro", ["date": model.savedAt])),
            .fields([DocumentField(label: t("preview.code"), value: model.filingCode)]),
        ]
        for section in model.summary.sections {
            blocks.append(.heading(section.page.title.text(lang), level: 2))
            blocks.append(.fields(section.rows.map { DocumentField(label: $0.label, value: $0.value) }))
        }
        blocks.append(.rule)
        blocks.append(.note(t("preview.notice")))
        return Document(
            metadata: DocumentMetadata(
                title: t("preview.title") + " – " + model.procedureTitle, author: model.municipality,
                subject: model.procedureTitle, keywords: [model.filingCode], creator: "Sportello", producer: "Sportello",
                creationDate: model.createdAt, timeZone: DateDisplay.timeZone,
                language: t.language == .english ? "en-GB" : "it-IT"),
            layout: DocumentLayout(
                header: RunningHeader(leading: model.municipality, trailing: t("preview.title")),
                footerTemplate: t("preview.footer"), watermark: t("preview.watermark")),
            blocks: blocks)
    }
}

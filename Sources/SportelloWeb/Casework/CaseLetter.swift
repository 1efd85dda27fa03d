import Foundation
import SportelloCore
import SportelloDocuments

/// A letter of the office to the citizen (a supplement request, a final decision), PDF/A: who writes, to whom,
/// about which filing, the text, and the protocol stamp of its outgoing registration, filled in the act that
/// registers it (see `FiledCopy.fill`).
enum CaseLetter {
    struct Model: Sendable {
        var municipality: String
        var office: String
        var procedureTitle: String
        var filingCode: String
        var filingReference: String?
        var recipientName: String
        var recipientFiscalCode: String
        var subject: String
        var text: String
        /// A deadline to state ("entro il …"), for supplement requests.
        var deadline: Date?
        var signedBy: String
        var writtenAt: Date
        var logo: DocumentImage?
    }

    static func fileName(kind: CaseDocument.Kind, code: String) -> String {
        switch kind {
        case .supplementRequest: "richiesta-integrazione-\(code).pdf"
        case .decision: "provvedimento-\(code).pdf"
        case .supplementAnswer: "integrazione-\(code).pdf"
        case .message: "comunicazione-\(code).pdf"
        case .withdrawal: "rinuncia-\(code).pdf"
        }
    }

    static func document(_ model: Model, register: ProtocolRegisterIdentity, t: Texts) -> Document {
        let dateFormatter = DateDisplay.shared(t.language, dateStyle: .long, timeStyle: .none)
        var references = [
            DocumentField(label: t("letter.recipient"), value: "\(model.recipientName) (\(model.recipientFiscalCode))"),
            DocumentField(label: t("letter.procedure"), value: model.procedureTitle),
            DocumentField(label: t("letter.filing"), value: model.filingCode),
        ]
        if let reference = model.filingReference {
            references.append(DocumentField(label: t("letter.filingProtocol"), value: reference))
        }
        if let deadline = model.deadline {
            references.append(DocumentField(label: t("letter.deadline"), value: dateFormatter.string(from: deadline)))
        }
        let blocks: [DocumentBlock] = [
            .heading(model.subject, level: 1),
            .stamp(
                DocumentStamp(
                    title: t("letter.stamp.title"),
                    rows: [
                        DocumentStamp.Row(label: t("filed.stamp.register"), value: StampFormat.register(register)),
                        DocumentStamp.Row(label: t("filed.stamp.number"), slot: FiledCopy.numberSlot),
                        DocumentStamp.Row(label: t("filed.stamp.date"), slot: FiledCopy.dateSlot),
                    ])),
            .fields(references),
            .spacer(8),
            .paragraph(model.text),
            .spacer(12),
            .paragraph(t("letter.signature", ["office": model.office, "name": model.signedBy])),
            .rule,
            .note(t("letter.note", ["municipality": model.municipality])),
        ]
        return Document(
            metadata: DocumentMetadata(
                title: model.subject, author: model.municipality, subject: model.procedureTitle,
                keywords: [model.filingCode], creator: "Sportello", producer: "Sportello", creationDate: model.writtenAt,
                timeZone: DateDisplay.timeZone, language: t.language == .english ? "en-GB" : "it-IT"),
            layout: DocumentLayout(
                header: RunningHeader(leading: model.municipality, trailing: model.office, logo: model.logo),
                footerTemplate: t("preview.footer")),
            blocks: blocks)
    }
}

import Foundation
import SportelloCore
import SportelloDocuments

/// The filing as submitted (PDF/A): every answer as the citizen saw it in the summary, the attached
/// documents with their SHA-256, and the protocol stamp (register, number, date). It is the main
/// document of the protocol entry: its SHA-256 is the one registered.
enum FiledCopy {
    struct Model: Sendable {
        var municipality: String
        var procedureTitle: String
        var filingCode: String
        var applicantName: String
        var applicantFiscalCode: String
        var confirmedAt: Date
        var summary: [(title: String, rows: [(label: String, value: String)])]
        var attachments: [AttachmentReference]
        /// The municipality's logo for the header.
        var logo: DocumentImage?
    }

    static func fileName(code: String) -> String { "domanda-\(code).pdf" }

    /// The slots of the stamp, filled in the act that registers the document (see `fill`).
    static let numberSlot = DocumentSlot(name: "number", template: "0000000")
    static let dateSlot = DocumentSlot(name: "date", template: "00/00/0000 00:00")

    /// - Parameters:
    ///   - register: the register the filing goes to.
    ///   - numbered: true when the number and date are filled into the rendered file in the act that registers it
    ///     (the internal register, see `fill`); false when another system registers the document afterwards and
    ///     returns them (they are on the receipt).
    static func document(_ model: Model, register: ProtocolRegisterIdentity, numbered: Bool, t: Texts) -> Document {
        let time = StampFormat.dateTime(model.confirmedAt)
        var rows = [DocumentStamp.Row(label: t("filed.stamp.register"), value: StampFormat.register(register))]
        if numbered {
            rows.append(DocumentStamp.Row(label: t("filed.stamp.number"), slot: numberSlot))
            rows.append(DocumentStamp.Row(label: t("filed.stamp.date"), slot: dateSlot))
        } else {
            rows.append(DocumentStamp.Row(label: t("filed.stamp.number"), value: t("filed.stamp.remote")))
        }
        var blocks: [DocumentBlock] = [
            .heading(model.procedureTitle, level: 1),
            .stamp(DocumentStamp(title: t("filed.stamp.title"), rows: rows)),
            .paragraph(
                t(
                    "filed.intro",
                    [
                        "name": model.applicantName, "fiscalCode": model.applicantFiscalCode, "code": model.filingCode,
                        "date": time,
                    ])),
        ]
        for section in model.summary {
            blocks.append(.heading(section.title, level: 2))
            blocks.append(.fields(section.rows.map { DocumentField(label: $0.label, value: $0.value) }))
        }
        blocks.append(.heading(t("filed.attachments"), level: 2))
        if model.attachments.isEmpty {
            blocks.append(.paragraph(t("filed.attachments.none")))
        } else {
            blocks.append(
                .table(
                    DocumentTable(
                        columns: [
                            .init(t("filed.attachments.name"), width: 3), .init(t("filed.attachments.size"), width: 1.2),
                            .init(t("filed.attachments.sha256"), width: 4),
                        ],
                        rows: model.attachments.map { [$0.fileName, ByteCount.format($0.size), $0.sha256] })))
        }
        blocks.append(.rule)
        blocks.append(.note(t("filed.declaration")))
        return Document(
            metadata: DocumentMetadata(
                title: t("filed.title") + " – " + model.procedureTitle, author: model.municipality,
                subject: model.procedureTitle, keywords: [model.filingCode], creator: "Sportello", producer: "Sportello",
                creationDate: model.confirmedAt, timeZone: DateDisplay.timeZone,
                language: t.language == .english ? "en-GB" : "it-IT"),
            layout: DocumentLayout(
                header: RunningHeader(
                    leading: model.municipality, trailing: t("filed.title") + " " + model.filingCode, logo: model.logo),
                footerTemplate: t("preview.footer")),
            blocks: blocks)
    }
}

/// The receipt of the start of the procedure (ricevuta di avvio del procedimento), PDF/A: what was
/// filed, its protocol number and date, who handles it and by when, and what happens next. Made again
/// from the stored data whenever needed; the same data give the same bytes.
enum FilingReceipt {
    struct Model: Sendable {
        var municipality: String
        var procedureTitle: String
        var filingCode: String
        var applicantName: String
        var registration: FilingRegistration
        var register: ProtocolRegisterIdentity
        var office: OfficeReference
        var maximumCompletionDays: Int
        var email: String?
        var logo: DocumentImage?
    }

    static func fileName(code: String) -> String { "ricevuta-\(code).pdf" }

    static func completionDate(_ model: Model) -> Date {
        model.registration.registeredAt.addingTimeInterval(Double(model.maximumCompletionDays) * 86_400)
    }

    static func document(_ model: Model, t: Texts) -> Document {
        let dateFormatter = DateDisplay.shared(t.language, dateStyle: .long, timeStyle: .none)
        var office = [model.office.name]
        if let email = model.office.email { office.append(t("receipt.office.email", ["email": email])) }
        if let phone = model.office.phone { office.append(t("receipt.office.phone", ["phone": phone])) }
        let blocks: [DocumentBlock] = [
            .heading(t("receipt.title"), level: 1),
            .paragraph(t("receipt.intro", ["name": model.applicantName, "procedure": model.procedureTitle])),
            .fields([
                DocumentField(label: t("receipt.procedure"), value: model.procedureTitle),
                DocumentField(label: t("receipt.code"), value: model.filingCode),
                DocumentField(label: t("receipt.protocol"), value: model.registration.reference),
                DocumentField(label: t("receipt.protocolDate"), value: StampFormat.dateTime(model.registration.registeredAt)),
                DocumentField(label: t("filed.stamp.register"), value: StampFormat.register(model.register)),
                DocumentField(label: t("receipt.office"), value: office.joined(separator: "\n")),
                DocumentField(
                    label: t("receipt.deadline"),
                    value: t(
                        "receipt.deadline.value",
                        ["date": dateFormatter.string(from: completionDate(model)), "days": String(model.maximumCompletionDays)])),
            ]),
            .heading(t("receipt.next.title"), level: 2),
            .paragraph(t("receipt.next.text")),
            .rule,
            .note(t("receipt.note", ["municipality": model.municipality])),
        ]
        return Document(
            metadata: DocumentMetadata(
                title: t("receipt.title") + " – " + model.filingCode, author: model.municipality, subject: model.procedureTitle,
                keywords: [model.filingCode, model.registration.reference], creator: "Sportello", producer: "Sportello",
                creationDate: model.registration.registeredAt, timeZone: DateDisplay.timeZone,
                language: t.language == .english ? "en-GB" : "it-IT"),
            layout: DocumentLayout(
                header: RunningHeader(leading: model.municipality, trailing: t("receipt.title"), logo: model.logo),
                footerTemplate: t("preview.footer")),
            blocks: blocks)
    }
}

/// The registered copy rendered before the act, with its stamp's slots still empty.
extension FiledCopy {
    /// Fills the number and the date into a copy rendered with `numbered: true`; only digits change, so the
    /// layout and every offset stay as they were.
    static func fill(_ rendered: RenderedDocument, stamp: ProtocolStamp) throws -> [UInt8] {
        try rendered.filling([
            numberSlot.name: stamp.formattedNumber, dateSlot.name: StampFormat.dateTime(stamp.registeredAt),
        ])
    }
}

/// How protocol data are written on documents.
enum StampFormat {
    /// "c_esempio – AOO01 – PG".
    static func register(_ register: ProtocolRegisterIdentity) -> String {
        "\(register.administrationCode) – \(register.aooCode) – \(register.registerCode)"
    }

    /// "2026-11-24 14:05" in Italian time, for spreadsheets.
    static func timestamp(_ date: Date) -> String {
        LocalDate(date, in: DateDisplay.timeZone).iso + " " + String(dateTime(date).suffix(5))
    }

    /// "24/11/2026 14:05" in Italian time, the same in every language (as on a paper stamp).
    static func dateTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = DateDisplay.timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ value: Int?) -> String { value.map { $0 < 10 ? "0\($0)" : String($0) } ?? "00" }
        return "\(two(c.day))/\(two(c.month))/\(c.year ?? 0) \(two(c.hour)):\(two(c.minute))"
    }
}

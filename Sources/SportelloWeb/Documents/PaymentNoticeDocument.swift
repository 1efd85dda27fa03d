public import Foundation
public import SportelloCore
public import SportelloDocuments
import SportelloQR

/// The pagoPA payment notice (avviso di pagamento), PDF/A, A4: who asks for how much and why, by when, the notice number
/// in groups of four, the creditor's fiscal code, where to pay, and the QR code (`PAGOPA|002|…`, version 4 or more,
/// error correction M) that banking apps and payment points read.
public enum PaymentNoticeDocument {
    public struct Model: Sendable {
        public var creditorName: String
        public var creditorFiscalCode: CreditorFiscalCode
        public var debtorName: String
        public var debtorFiscalCode: String
        public var reason: String
        public var amount: Money
        public var dueDate: LocalDate?
        public var noticeNumber: NoticeNumber
        /// The creditor's CBILL code, when it has one (payments from home banking).
        public var cbill: String?
        public var issuedAt: Date
        public var logo: DocumentImage?

        public init(
            creditorName: String, creditorFiscalCode: CreditorFiscalCode, debtorName: String, debtorFiscalCode: String,
            reason: String, amount: Money, dueDate: LocalDate?, noticeNumber: NoticeNumber, cbill: String? = nil,
            issuedAt: Date, logo: DocumentImage? = nil
        ) {
            self.creditorName = creditorName
            self.creditorFiscalCode = creditorFiscalCode
            self.debtorName = debtorName
            self.debtorFiscalCode = debtorFiscalCode
            self.reason = reason
            self.amount = amount
            self.dueDate = dueDate
            self.noticeNumber = noticeNumber
            self.cbill = cbill
            self.issuedAt = issuedAt
            self.logo = logo
        }
    }

    public static func fileName(_ notice: NoticeNumber) -> String { "avviso-\(notice.value).pdf" }

    /// The QR code of the notice as a vector block of `width` points.
    public static func qrCode(_ model: Model, width: Double = 130) throws -> DocumentMatrixCode {
        let payload = PaymentQRCode(
            noticeNumber: model.noticeNumber, creditorFiscalCode: model.creditorFiscalCode, amount: model.amount
        ).payload
        let code = try QRCode.encode(payload, errorCorrection: .medium, minimumVersion: 4)
        return DocumentMatrixCode(
            size: code.size, darkRuns: code.darkRuns.map { .init(row: $0.row, column: $0.column, length: $0.length) },
            width: width, quietZone: QRCode.quietZone)
    }

    public static func document(_ model: Model, t: Texts) throws -> Document {
        let due = model.dueDate.map { date in
            let formatter = DateDisplay.shared(t.language, dateStyle: .long, timeStyle: .none)
            return formatter.string(from: date.start(in: DateDisplay.timeZone).addingTimeInterval(12 * 3600))
        }
        var payment = [
            DocumentField(label: t("notice.amount"), value: model.amount.formatted),
            DocumentField(label: t("notice.dueDate"), value: due ?? t("notice.noDueDate")),
            DocumentField(label: t("notice.number"), value: model.noticeNumber.formatted),
            DocumentField(label: t("notice.creditorCode"), value: model.creditorFiscalCode.value),
        ]
        if let cbill = model.cbill { payment.append(DocumentField(label: "CBILL", value: cbill)) }
        let blocks: [DocumentBlock] = [
            .heading(t("notice.title"), level: 1),
            .paragraph(t("notice.intro", ["creditor": model.creditorName])),
            .fields([
                DocumentField(label: t("notice.creditor"), value: model.creditorName),
                DocumentField(label: t("notice.debtor"), value: "\(model.debtorName) (\(model.debtorFiscalCode))"),
                DocumentField(label: t("notice.reason"), value: model.reason),
            ]),
            .heading(t("notice.payment"), level: 2),
            .fields(payment),
            .matrixCode(try qrCode(model)),
            .note(t("notice.qr")),
            .heading(t("notice.where.title"), level: 2),
            .paragraph(t("notice.where.online")),
            .paragraph(t("notice.where.physical")),
            .rule,
            .note(t("notice.note")),
        ]
        return Document(
            metadata: DocumentMetadata(
                title: t("notice.title") + " " + model.noticeNumber.value, author: model.creditorName, subject: model.reason,
                keywords: [model.noticeNumber.value], creator: "Sportello", producer: "Sportello",
                creationDate: model.issuedAt, timeZone: DateDisplay.timeZone,
                language: t.language == .english ? "en-GB" : "it-IT"),
            layout: DocumentLayout(
                header: RunningHeader(leading: model.creditorName, trailing: "pagoPA", logo: model.logo),
                footerTemplate: t("preview.footer")),
            blocks: blocks)
    }
}

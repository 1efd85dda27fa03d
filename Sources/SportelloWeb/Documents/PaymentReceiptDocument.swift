import Foundation
import SportelloCore
import SportelloDocuments

/// The citizen's copy of a pagoPA receipt (ricevuta di pagamento), PDF/A: who paid whom, how much, for what, when,
/// through which payment provider, with the receipt's identifier and the notice number. Made again from the stored
/// receipt whenever asked: the same receipt gives the same bytes.
enum PaymentReceiptDocument {
    static func fileName(_ receipt: PaymentReceipt) -> String {
        "ricevuta-pagamento-\(receipt.noticeNumber.value).pdf"
    }

    static func document(_ receipt: PaymentReceipt, logo: DocumentImage?, t: Texts) -> Document {
        var fields = [
            DocumentField(label: t("paymentReceipt.outcome"), value: t("paymentReceipt.outcome.\(receipt.outcome.rawValue)")),
            DocumentField(label: t("notice.creditor"), value: "\(receipt.companyName) (\(receipt.creditorFiscalCode.value))"),
            DocumentField(
                label: t("paymentReceipt.debtor"), value: "\(receipt.debtor.fullName) (\(receipt.debtor.identifier.value))"),
            DocumentField(label: t("notice.reason"), value: receipt.description),
            DocumentField(label: t("notice.amount"), value: receipt.paymentAmount.formatted),
            DocumentField(label: t("paymentReceipt.date"), value: StampFormat.dateTime(receipt.paymentDateTime)),
            DocumentField(label: t("notice.number"), value: receipt.noticeNumber.formatted),
            DocumentField(label: "IUV", value: receipt.creditorReferenceID.value),
            DocumentField(label: t("paymentReceipt.id"), value: receipt.receiptID),
            DocumentField(label: t("paymentReceipt.psp"), value: "\(receipt.pspName) (\(receipt.pspID))"),
        ]
        if let fee = receipt.fee, fee.cents > 0 {
            fields.append(DocumentField(label: t("paymentReceipt.fee"), value: fee.formatted))
        }
        return Document(
            metadata: DocumentMetadata(
                title: t("paymentReceipt.title") + " " + receipt.noticeNumber.value, author: receipt.companyName,
                subject: receipt.description, keywords: [receipt.receiptID, receipt.noticeNumber.value], creator: "Sportello",
                producer: "Sportello", creationDate: receipt.paymentDateTime, timeZone: DateDisplay.timeZone,
                language: t.language == .english ? "en-GB" : "it-IT"),
            layout: DocumentLayout(
                header: RunningHeader(leading: receipt.companyName, trailing: "pagoPA", logo: logo),
                footerTemplate: t("preview.footer")),
            blocks: [
                .heading(t("paymentReceipt.title"), level: 1),
                .fields(fields),
                .rule,
                .note(t("paymentReceipt.note")),
            ])
    }
}

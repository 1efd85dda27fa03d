public import Foundation

extension ReconciliationReport {
    /// The report's lines as CSV for the finance office (Italian headers, `;`, amounts like "12,50",
    /// dates like "04/03/2025"); see ``CSVWriter``.
    public func csv() -> Data {
        let header = [
            "Identificativo flusso", "Esito riconciliazione", "IUV", "IUR", "Indice trasferimento", "Importo flusso",
            "Importo ricevuta", "Codice esito", "Data esito", "Identificativo ricevuta", "Data pagamento",
        ]
        let rows = lines.map { line in
            [
                flowID, line.status.italianLabel, line.payment?.iuv ?? line.receipt?.iuv.value ?? "",
                line.payment?.iur ?? "",
                String(line.payment?.transferIndex ?? line.receipt?.transferIndex ?? 0),
                line.payment?.amount.italianDecimal ?? "", line.receipt?.amount.italianDecimal ?? "",
                line.payment?.outcome.rawValue ?? "", line.payment.map { Self.italian($0.outcomeDate) } ?? "",
                line.receipt?.receiptID ?? "", line.receipt.map { Self.italian($0.paymentDate) } ?? "",
            ]
        }
        return CSVWriter.document(header: header, rows: rows)
    }

    /// Count and amount per status, every status listed, as CSV.
    public func summaryCSV() -> Data {
        let rows = ReconciliationStatus.allCases.map { status in
            let total = total(status)
            return [flowID, status.italianLabel, String(total.count), total.amount.italianDecimal]
        }
        return CSVWriter.document(header: ["Identificativo flusso", "Esito riconciliazione", "Numero", "Importo"], rows: rows)
    }

    private static func italian(_ date: LocalDate) -> String {
        func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        return "\(pad(date.day))/\(pad(date.month))/\(date.year)"
    }
}

extension ReconciliationStatus {
    /// The status as the finance office reads it in exports.
    public var italianLabel: String {
        switch self {
        case .matched: "Riconciliato"
        case .amountMismatch: "Importo diverso"
        case .missingReceipt: "Ricevuta mancante"
        case .unknownIUV: "IUV sconosciuto"
        case .revoked: "Revocato"
        case .duplicateInFlow: "Duplicato nel flusso"
        case .notInFlow: "Non rendicontato"
        }
    }
}

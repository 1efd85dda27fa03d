import Foundation
import SportelloTestSupport

@testable import SportelloDocuments

/// Shared test fixtures.
enum Fixtures {
    /// The bundled fonts, parsed once for all tests.
    static let fonts: FontLibrary = {
        do {
            return try FontLibrary.bundled()
        } catch {
            fatalError("bundled fonts cannot be loaded: \(error)")
        }
    }()

    static let date = Date(timeIntervalSince1970: 1_718_000_000)  // 2024-06-10 06:13:20 UTC

    static func metadata(title: String = "Riepilogo domanda n. 2024/0001") -> DocumentMetadata {
        DocumentMetadata(
            title: title, author: "Comune di Esempio", subject: "Richiesta di contributo",
            keywords: ["domanda", "contributo"], creationDate: date)
    }

    /// A form summary with `rows` label/value rows.
    static func formSummary(rows: Int, footer: String = "Pagina {page} di {pages}", watermark: String? = nil) -> Document {
        let fields = (1...max(rows, 1)).map { index in
            DocumentField(label: "Campo \(index)", value: "Valore \(index): città, perché, più – € \(index),00")
        }
        return Document(
            metadata: metadata(),
            layout: DocumentLayout(
                header: RunningHeader(leading: "Comune di Esempio", trailing: "Riepilogo domanda"),
                footerTemplate: footer, watermark: watermark),
            blocks: [
                .heading("Riepilogo della domanda", level: 1),
                .paragraph("Ricevuta dell’invio della domanda allo Sportello telematico."),
                .fields(rows > 0 ? fields : []),
                .note("Documento generato automaticamente."),
            ])
    }

    /// Writes PDF bytes to a unique temporary file.
    static func temporaryFile(_ bytes: [UInt8], name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("sportello-\(name)-\(UUID().uuidString).pdf")
        try Data(bytes).write(to: url)
        return url
    }
}

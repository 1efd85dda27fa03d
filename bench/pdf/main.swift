import Foundation
import SportelloDocuments

/// Renders a three-page form summary (about 100 label/value rows) repeatedly and prints timings.
/// Usage: swift run -c release pdf-bench [output directory]  (writes sample-pdfa.pdf and sample-plain.pdf there)

func milliseconds(since start: ContinuousClock.Instant) -> Double {
    let duration = ContinuousClock.now - start
    return Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}

func sampleDocument() -> Document {
    var fields: [DocumentField] = []
    for index in 1...100 {
        let value =
            index % 10 == 0
            ? "Via della Libertà \(index), 00100 Roma – importo versato € \(index),50; "
                + "“dichiarazione” d’impegno firmata."
            : "Valore del campo numero \(index) – città, perché, più"
        fields.append(DocumentField(label: "Campo \(index) della domanda", value: value))
    }
    let metadata = DocumentMetadata(
        title: "Riepilogo domanda n. 2024/0001", author: "Comune di Esempio", subject: "Richiesta di contributo",
        keywords: ["domanda", "contributo"], creationDate: Date(timeIntervalSince1970: 1_718_000_000))
    let layout = DocumentLayout(
        header: RunningHeader(leading: "Comune di Esempio", trailing: "Riepilogo domanda"),
        footerTemplate: "Pagina {page} di {pages}", watermark: nil)
    return Document(
        metadata: metadata, layout: layout,
        blocks: [
            .heading("Riepilogo della domanda", level: 1),
            .paragraph("La presente ricevuta attesta l’invio della domanda tramite lo Sportello telematico del Comune."),
            .heading("Dati del richiedente", level: 2),
            .fields(fields),
            .rule,
            .note("Documento generato automaticamente. Informativa sul trattamento dei dati personali ai sensi del GDPR."),
        ])
}

let parseStart = ContinuousClock.now
let fonts = try FontLibrary.bundled()
print("font parsing (once): \(String(format: "%.2f", milliseconds(since: parseStart))) ms")

let renderer = DocumentRenderer(fonts: fonts)
let document = sampleDocument()
var output: [UInt8] = []
for _ in 0..<5 { output = try renderer.render(document, conformance: .pdfA1b) }  // warm-up
let iterations = Int(ProcessInfo.processInfo.environment["PDF_BENCH_ITERATIONS"] ?? "") ?? 200
var times: [Double] = []
for _ in 0..<iterations {
    let start = ContinuousClock.now
    output = try renderer.render(document, conformance: .pdfA1b)
    times.append(milliseconds(since: start))
}
times.sort()
print(
    "render 100-row form summary (3 pages), PDF/A-1b: \(output.count) bytes, "
        + "median \(String(format: "%.2f", times[iterations / 2])) ms, best \(String(format: "%.2f", times[0])) ms, "
        + "p90 \(String(format: "%.2f", times[iterations * 9 / 10])) ms")

if CommandLine.arguments.count > 1 {
    let directory = URL(fileURLWithPath: CommandLine.arguments[1])
    try Data(output).write(to: directory.appendingPathComponent("sample-pdfa.pdf"))
    var draft = document
    draft.layout.watermark = "BOZZA – senza valore legale"
    try Data(try renderer.render(draft, conformance: .plain)).write(to: directory.appendingPathComponent("sample-plain.pdf"))
}

import Foundation
import SportelloDocuments

/// Renders a three-page form summary (about 100 label/value rows) repeatedly and prints timings; then the same filing
/// as a registered document: a logo in the header, a protocol stamp whose number and date are filled in after
/// rendering, and a table of attachments with their SHA-256.
/// Usage: swift run -c release pdf-bench [output directory]
/// (writes sample-pdfa.pdf, sample-plain.pdf and sample-filing.pdf there). PDF_BENCH_ITERATIONS sets the number of
/// timed renderings (200); PDF_BENCH_ONLY=form or PDF_BENCH_ONLY=filing times one of the two documents (for profiles).

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

/// The same filing as registered: logo, protocol stamp with two slots, and a table of four attachments.
func filingDocument(logo: DocumentImage) -> Document {
    var document = sampleDocument()
    document.layout.header?.logo = logo
    let stamp = DocumentStamp(
        title: "Comune di Esempio – Protocollo generale",
        rows: [
            .init(label: "Numero", slot: DocumentSlot(name: "number", template: "0000000")),
            .init(label: "Data", slot: DocumentSlot(name: "date", template: "00/00/0000 00:00")),
            .init(label: "Registro", value: "Protocollo generale, in entrata"),
        ])
    let attachments = DocumentTable(
        columns: [.init("Allegato", width: 2.2), .init("Dimensione", width: 1), .init("SHA-256", width: 2.4)],
        rows: [
            [
                "Documento d’identità (fronte e retro).pdf", "182 kB",
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            ],
            ["Attestazione ISEE 2026.pdf", "1,2 MB", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
            ["Ricevuta di pagamento pagoPA.pdf", "96 kB", "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"],
            ["Dichiarazione sostitutiva.pdf", "240 kB", "fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9"],
        ])
    document.blocks.insert(.stamp(stamp), at: 0)
    document.blocks.insert(contentsOf: [.heading("Allegati", level: 2), .table(attachments)], at: 3)
    return document
}

/// A 96 × 112 coat of arms with soft (alpha) edges.
let logoPNG = """
        iVBORw0KGgoAAAANSUhEUgAAAGAAAABwCAYAAADhTnWjAAACNklEQVR42u3dsXGDMBTG8bcBTerQpvMIjOA+jUdgBEZgBPo0jKA2
        HSNoBI+Q4Ity54sPJ4En6cn8v7uvyjmx9QtIIN8hQgghhBBCrvL0+vaRu+/PLyq18FkAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
        AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAGBnAFofnn4VAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
        AGsAbEmyJwwAAADsGsADoFa/BsABoFYHQIEAPQBq7dcAdACotVsD0ACg1mYNQAWAWqu1zxDwAGRYgl4BjABs7rgFoAVgc9stADUA
        m1tvfZaMByDD+d/CBdkDAPQaAAcAVveg9UgrD0CG00/u1VDhAK0mQAVAoqvfOwgDAH/uEOPRhjUAidb+Vo6CQgEGiZXUR0GhALXE
        TMqNmgIBOomdsCI6A3DTs/rK5w7CEYCbHiVlUuwVFAQwSuqkOBUVApDu1JN6474QgEZyJuZ9ogIAWrGQWBdoxgEGsZQYk7JhgFGs
        JUzK0w4ApmyTbmoEgwB2Bz/GnGAMYJCSorGZbwiglxIzv/HTlos1AwCX936SkhO+VTEVCDCpfavBCERXEEAnj5hwNDjDAO6h/ut/
        uYfkDQH47Pd0MkK4jABulwO/sNfc/zwqIgH48LdqIYvzxGWAJkWAKfzOAyP8j8yDV81t5nZz+7kudGmwv3/eh9dcXlsxkoQQQggh
        1vIJ2NKf7MfIH0oAAAAASUVORK5CYII=
    """

func report(_ name: String, bytes: Int?, times: [Double], decimals: Int = 2) {
    let times = times.sorted()
    let format = { (value: Double) in String(format: "%.\(decimals)f", value) }
    print(
        "\(name): \(bytes.map { "\($0) bytes, " } ?? "")median \(format(times[times.count / 2])) ms, "
            + "best \(format(times[0])) ms, p90 \(format(times[times.count * 9 / 10])) ms")
}

let parseStart = ContinuousClock.now
let fonts = try FontLibrary.bundled()
print("font parsing (once): \(String(format: "%.2f", milliseconds(since: parseStart))) ms")
let logo = try DocumentImage(data: Data(base64Encoded: logoPNG, options: .ignoreUnknownCharacters) ?? Data())

let renderer = DocumentRenderer(fonts: fonts)
let iterations = Int(ProcessInfo.processInfo.environment["PDF_BENCH_ITERATIONS"] ?? "") ?? 200
let only = ProcessInfo.processInfo.environment["PDF_BENCH_ONLY"]

let document = sampleDocument()
var output: [UInt8] = []
for _ in 0..<5 { output = try renderer.render(document, conformance: .pdfA1b) }  // warm-up
var times: [Double] = []
if only != "filing" {
    for _ in 0..<iterations {
        let start = ContinuousClock.now
        output = try renderer.render(document, conformance: .pdfA1b)
        times.append(milliseconds(since: start))
    }
    report("render 100-row form summary (3 pages), PDF/A-1b", bytes: output.count, times: times)
}

let filing = filingDocument(logo: logo)
let values = ["number": "0004217", "date": "24/11/2026 10:15"]
var filled: [UInt8] = []
for _ in 0..<5 { filled = try renderer.renderWithSlots(filing).filling(values) }
times = []
var fillTimes: [Double] = []
if only != "form" {
    for _ in 0..<iterations {
        let start = ContinuousClock.now
        let rendered = try renderer.renderWithSlots(filing, conformance: .pdfA1b)
        let fillStart = ContinuousClock.now
        filled = try rendered.filling(values)
        fillTimes.append(milliseconds(since: fillStart))
        times.append(milliseconds(since: start))
    }
    report(
        "render + fill the registered filing (logo, stamp, attachments table; 4 pages), PDF/A-1b", bytes: filled.count,
        times: times)
    report("  of which filling the stamp's slots", bytes: nil, times: fillTimes, decimals: 3)
}

if CommandLine.arguments.count > 1 {
    let directory = URL(fileURLWithPath: CommandLine.arguments[1])
    try Data(output).write(to: directory.appendingPathComponent("sample-pdfa.pdf"))
    var draft = document
    draft.layout.watermark = "BOZZA – senza valore legale"
    try Data(try renderer.render(draft, conformance: .plain)).write(to: directory.appendingPathComponent("sample-plain.pdf"))
    try Data(filled).write(to: directory.appendingPathComponent("sample-filing.pdf"))
}

import Foundation
import SportelloCore
import SportelloDocuments
import SportelloWeb

/// Renders pagoPA payment notices (PDF/A-1b, with the QR code drawn as vectors and the municipality's logo) and prints
/// the median time per notice, QR encoding included, for a run of different notice numbers.
/// Usage: swift run -c release notice-bench [output directory]   (NOTICE_BENCH_ITERATIONS, default 500; with a directory
/// the first notice is written there as avviso.pdf)

func milliseconds(since start: ContinuousClock.Instant) -> Double {
    let duration = ContinuousClock.now - start
    return Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}

let iterations = Int(ProcessInfo.processInfo.environment["NOTICE_BENCH_ITERATIONS"] ?? "") ?? 500
let renderer = DocumentRenderer(fonts: try FontLibrary.bundled())
let texts = Texts(localizer: try Localizer.bundled(), language: .italian)
let creditor = try CreditorFiscalCode(validating: "00085240950")

func model(_ index: Int) throws -> PaymentNoticeDocument.Model {
    PaymentNoticeDocument.Model(
        creditorName: "Comune di Esempio", creditorFiscalCode: creditor, debtorName: "Mario Rossi",
        debtorFiscalCode: "RSSMRA85T10A562S", reason: "Sanzione al Codice della strada, verbale n. VB-2026-\(index)",
        amount: Money(cents: Int64(12_050 + index)), dueDate: LocalDate(iso: "2026-12-31"),
        noticeNumber: try NoticeNumber.make(segregationCode: 1, sequenceNumber: Int64(index + 1)),
        issuedAt: Date(timeIntervalSince1970: 1_795_000_000))
}

var output: String?
if CommandLine.arguments.count > 1 { output = CommandLine.arguments[1] }
// Warm-up (fonts parsed, subsetting tables built) and the sample file.
let sample = try renderer.render(try PaymentNoticeDocument.document(try model(0), t: texts), conformance: .pdfA1b)
if let output {
    try Data(sample).write(to: URL(fileURLWithPath: output).appendingPathComponent("avviso.pdf"))
}
var times: [Double] = []
times.reserveCapacity(iterations)
var bytes = 0
for index in 1...iterations {
    let start = ContinuousClock.now
    let pdf = try renderer.render(try PaymentNoticeDocument.document(try model(index), t: texts), conformance: .pdfA1b)
    times.append(milliseconds(since: start))
    bytes += pdf.count
}
times.sort()
let median = times[times.count / 2]
let p90 = times[times.count * 9 / 10]
print(
    "payment notice PDF/A with QR: median \(String(format: "%.3f", median)) ms, p90 \(String(format: "%.3f", p90)) ms, "
        + "\(bytes / iterations) bytes, \(iterations) notices")

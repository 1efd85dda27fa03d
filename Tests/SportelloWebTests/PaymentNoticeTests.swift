import Foundation
import SportelloCore
import SportelloDocuments
import SportelloTestSupport
import Testing

@testable import SportelloWeb

@Suite("The pagoPA payment notice")
struct PaymentNoticeTests {
    static func notice() throws -> [UInt8] {
        let model = PaymentNoticeDocument.Model(
            creditorName: "Comune di Esempio", creditorFiscalCode: try CreditorFiscalCode(validating: "00085240950"),
            debtorName: "Mario Rossi", debtorFiscalCode: "RSSMRA85T10A562S", reason: "TARI 2026, prima rata – città",
            amount: Money(cents: 12_050), dueDate: LocalDate(iso: "2026-12-31"),
            noticeNumber: try NoticeNumber.make(segregationCode: 1, sequenceNumber: 1),
            issuedAt: Date(timeIntervalSince1970: 1_795_000_000))
        let texts = Texts(localizer: try Localizer.bundled(), language: .italian)
        return try DocumentRenderer(fonts: try FontLibrary.bundled()).render(
            try PaymentNoticeDocument.document(model, t: texts), conformance: .pdfA1b)
    }

    @Test("the notice is PDF/A, states the notice number in groups of four, and its QR code reads back as the pagoPA payload")
    func noticeReadsBack() throws {
        let pdf = try Self.notice()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("notice-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("avviso.pdf")
        try Data(pdf).write(to: file)

        if let text = try DraftPreviewTests.text(of: pdf) {
            #expect(text.contains("3010 0000 0000 0001 44"))
            #expect(text.contains("00085240950") && text.contains("120,50 €") && text.contains("città"))
        }
        if PDFBoxPreflight.isAvailable {
            let result = try PDFBoxPreflight.validate(file)
            #expect(result.output.contains("is a valid PDF/A-1b file"), "\(result.output)")
        }
        guard ExternalTool.isAvailable("pdftoppm") else { return }
        let raster = try ExternalTool.run(
            "pdftoppm", ["-r", "150", "-png", "-singlefile", file.path, folder.appendingPathComponent("page").path])
        #expect(raster.status == 0, "\(raster.output)")
        let requireQR = ProcessInfo.processInfo.environment["SPORTELLO_REQUIRE_QR_TOOLS"] == "1"
        guard ExternalTool.path("zbarimg") != nil || requireQR else { return }
        let decoded = try ExternalTool.run("zbarimg", ["--raw", "-q", folder.appendingPathComponent("page.png").path])
        // zbarimg may also print a warning of its own (no D-Bus in containers): the payload is one line of the output.
        let lines = decoded.output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.contains("PAGOPA|002|301000000000000144|00085240950|12050"), "\(decoded.output)")
    }

    @Test("the QR code is version 4 with error correction M for the standard payload")
    func qrVersion() throws {
        let model = PaymentNoticeDocument.Model(
            creditorName: "C", creditorFiscalCode: try CreditorFiscalCode(validating: "00085240950"), debtorName: "M",
            debtorFiscalCode: "RSSMRA85T10A562S", reason: "R", amount: Money(cents: 1), dueDate: nil,
            noticeNumber: try NoticeNumber(validating: "301000000000000144"), issuedAt: Date())
        let code = try PaymentNoticeDocument.qrCode(model)
        #expect(code.size == 33, "version 4 is 33 modules a side")
        #expect(!code.darkRuns.isEmpty && code.quietZone == 4)
    }
}

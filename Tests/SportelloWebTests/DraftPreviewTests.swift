import Foundation
import SportelloTestSupport
import Testing

@Suite("Draft preview in PDF")
struct DraftPreviewTests {
    /// The text of a PDF as `pdftotext` (poppler-utils) reads it, or nil when the tool is not installed.
    static func text(of pdf: [UInt8]) throws -> String? {
        guard let tool = ["/usr/bin/pdftotext", "/usr/local/bin/pdftotext"].first(where: FileManager.default.isExecutableFile)
        else {
            if ProcessInfo.processInfo.environment["SPORTELLO_REQUIRE_PDF_TOOLS"] == "1" {
                Issue.record("pdftotext is required (SPORTELLO_REQUIRE_PDF_TOOLS=1) but not installed")
            }
            return nil
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("preview-\(UUID()).pdf")
        try Data(pdf).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = [file.path, "-"]
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test("the owner downloads a PDF of the draft with every answer so far, marked as a draft; nobody else can")
    func preview() async throws {
        try await TestSite.run(seed: seedProcedure()) { site in
            let browser = site.browser(host: "prova.test")
            try await browser.signInAsCitizen(start: "/auth/login?next=/servizi/bonus-prova")
            let service = try await browser.get("/servizi/bonus-prova")
            var page = try await browser.submit("/servizi/bonus-prova/avvia", from: service, form: [])
            let id = try #require(FilingFlowTests.filingID(page))
            page = try await browser.submit("/pratiche/\(id)/privacy", from: page, form: [("consent", "yes")])
            page = try await browser.submit(
                "/pratiche/\(id)/pagine/richiedente", from: page,
                form: [("a.email", "mario.rossi@example.org"), ("a.ridotto", "yes"), ("a.isee", "12.500,00"), ("action", "next")])
            let summary = try await browser.get("/pratiche/\(id)/riepilogo")
            #expect(summary.contains("href=\"/pratiche/\(id)/anteprima.pdf\""))

            let (download, pdf) = try await browser.download("/pratiche/\(id)/anteprima.pdf")
            #expect(download.status == 200)
            #expect(download.header("Content-Type") == "application/pdf")
            #expect(download.header("Content-Disposition")?.contains("anteprima-domanda-") == true)
            #expect(pdf.starts(with: Array("%PDF-".utf8)))
            if let text = try Self.text(of: pdf) {
                #expect(text.contains("Bonus di prova"))
                #expect(text.contains("mario.rossi@example.org"))
                #expect(text.contains("€ 12.500,00"))
                #expect(text.contains("RSSMRA85T10A562S"))
                // The diagonal watermark is drawn letter by letter; the closing note says it in words.
                #expect(text.contains("non ha valore legale"))
                #expect(text.contains("Pagina 1 di 1"))
            }
            let stranger = site.browser(host: "prova.test")
            try await stranger.signInAsCitizen("BNCNNA90C55H501L")
            #expect(try await stranger.download("/pratiche/\(id)/anteprima.pdf").page.status == 404)
            // In English, the preview speaks English.
            _ = try await browser.get("/area-personale?lang=en")
            let english = try await browser.download("/pratiche/\(id)/anteprima.pdf")
            if let text = try Self.text(of: english.bytes) {
                #expect(text.contains("it has no legal value"))
                #expect(text.contains("Page 1 of 1"))
            }
        }
    }
}

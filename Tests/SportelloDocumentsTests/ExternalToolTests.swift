import Foundation
import SportelloTestSupport
import Testing

@testable import SportelloDocuments

/// Checks the output with independent PDF tools. Each test is skipped, with the reason shown, when its tool is
/// not installed; see README.md in this folder for the Debian packages.
@Suite("External PDF tools")
struct ExternalToolTests {
    let renderer = DocumentRenderer(fonts: Fixtures.fonts)

    /// Text that exercises escaping, accents, typographic punctuation, missing glyphs and control characters.
    static let trickyDocument = Document(
        metadata: DocumentMetadata(
            title: "Pratica (n. 12) \\ “Città” – € 5 <b>&amp;</b>\u{0}\u{1B}", author: "Comune di Sant’Agata",
            subject: "Prova", keywords: ["città", "(parentesi)"], creationDate: Fixtures.date, language: "it-IT"),
        layout: DocumentLayout(
            header: RunningHeader(leading: "Comune di Sant’Agata de’ Goti", trailing: "Ricevuta"),
            footerTemplate: "Page {page} of {pages}", watermark: "BOZZA – senza valore legale"),
        blocks: [
            .heading("Perché è più facile: ÀÈÉÌÒÙ àèéìòù «ç»", level: 1),
            .heading("Livello 2", level: 2),
            .heading("Livello 7 (ridotto a 3)", level: 7),
            .paragraph("Testo ) /JavaScript (app.alert(1)) \\ con caratteri di controllo \u{7}\u{8}\u{1B}[0m e\ttab."),
            .paragraph("Non coperti: 中文 \u{1F600} \u{20000} \u{E000}; decomposti: citta\u{300}"),
            .paragraph(String(repeating: "ParolaLunghissimaSenzaSpazi", count: 30)),
            .fields([
                DocumentField(label: "Importo", value: "€ 1.234,56"),
                DocumentField(label: "", value: ""),
                DocumentField(label: "Indirizzo\nsu due righe", value: "Via Roma 1\n00100 Roma\r\nItalia"),
            ]),
            .rule, .spacer(.infinity), .spacer(-5), .spacer(.nan),
            .note("Nota finale."),
            .pageBreak,
            .paragraph("Seconda pagina."),
        ])

    @Test(.enabled(if: ExternalTool.isAvailable("pdftotext"), "pdftotext (poppler-utils) not installed"))
    func textRoundTripsThroughPdftotext() throws {
        let pdf = try renderer.render(Fixtures.formSummary(rows: 300), conformance: .pdfA1b)
        let file = try Fixtures.temporaryFile(pdf, name: "text")
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try ExternalTool.run("pdftotext", ["-enc", "UTF-8", file.path, "-"])
        #expect(result.status == 0)
        let pages = result.output.components(separatedBy: "\u{0C}").filter {
            !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        }
        #expect(pages.count >= 6)
        for (index, page) in pages.enumerated() {
            #expect(page.contains("Pagina \(index + 1) di \(pages.count)"))
            #expect(page.contains("Comune di Esempio"))
        }
        #expect(result.output.contains("Valore 1: città, perché, più – € 1,00"))
        #expect(result.output.contains("Valore 300: città, perché, più – € 300,00"))
        #expect(result.output.contains("Ricevuta dell’invio della domanda"))
    }

    @Test(.enabled(if: ExternalTool.isAvailable("pdftotext"), "pdftotext (poppler-utils) not installed"))
    func trickyTextIsExtractedCleanly() throws {
        let pdf = try renderer.render(Self.trickyDocument, conformance: .pdfA1b)
        let file = try Fixtures.temporaryFile(pdf, name: "tricky")
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try ExternalTool.run("pdftotext", ["-enc", "UTF-8", file.path, "-"])
        #expect(result.status == 0)
        let text = result.output
        #expect(text.contains("Perché è più facile: ÀÈÉÌÒÙ àèéìòù «ç»"))
        #expect(text.contains("Testo ) /JavaScript (app.alert(1)) \\ con caratteri di controllo [0m e tab."))
        #expect(text.contains("Non coperti: ?? 😀 ? ?; decomposti: città"))
        #expect(text.contains("€ 1.234,56"))
        #expect(text.contains("Page 1 of 2") && text.contains("Page 2 of 2"))
        #expect(!text.contains("\u{1B}") && !text.contains("\u{7}"))
    }

    @Test(.enabled(if: ExternalTool.isAvailable("pdffonts"), "pdffonts (poppler-utils) not installed"))
    func fontsAreEmbeddedSubsets() throws {
        for document in [Fixtures.formSummary(rows: 50), Self.trickyDocument] {
            let file = try Fixtures.temporaryFile(try renderer.render(document), name: "fonts")
            defer { try? FileManager.default.removeItem(at: file) }
            let result = try ExternalTool.run("pdffonts", [file.path])
            #expect(result.status == 0)
            let rows = result.output.split(separator: "\n").dropFirst(2)
            #expect(rows.count == 2)
            for row in rows {
                let columns = row.split(separator: " ")
                #expect(columns[0].count > 7 && columns[0].dropFirst(6).hasPrefix("+DejaVuSans"), "\(row)")
                #expect(row.contains("CID TrueType") && row.contains("Identity-H"), "\(row)")
                // emb, sub and uni columns
                #expect(Array(columns.suffix(5).prefix(3)) == ["yes", "yes", "yes"], "\(row)")
            }
        }
    }

    @Test(.enabled(if: ExternalTool.isAvailable("pdfinfo"), "pdfinfo (poppler-utils) not installed"))
    func pdfinfoShowsMetadataAndPageCount() throws {
        let file = try Fixtures.temporaryFile(try renderer.render(Self.trickyDocument), name: "info")
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try ExternalTool.run("pdfinfo", ["-enc", "UTF-8", file.path])
        #expect(result.status == 0)
        #expect(result.output.contains("Title:           Pratica (n. 12) \\ “Città” – € 5 <b>&amp;</b>\n"))
        #expect(result.output.contains("Author:          Comune di Sant’Agata\n"))
        #expect(result.output.contains("Keywords:        città, (parentesi)\n"))
        #expect(result.output.contains("Pages:           2\n"))
        #expect(result.output.contains("PDF version:     1.4\n"))
        #expect(result.output.contains("JavaScript:      no\n"))
        #expect(result.output.contains("Page size:       595.28 x 841.89 pts (A4)"))

        let form = try Fixtures.temporaryFile(try renderer.render(Fixtures.formSummary(rows: 300)), name: "info300")
        defer { try? FileManager.default.removeItem(at: form) }
        let formInfo = try ExternalTool.run("pdfinfo", [form.path])
        #expect(formInfo.output.contains("Title:           Riepilogo domanda n. 2024/0001\n"))
        #expect(formInfo.output.contains("Pages:           8\n"))
    }

    @Test(
        .enabled(if: ExternalTool.isAvailable("qpdf"), "qpdf not installed"),
        arguments: ["plain", "PDF/A-1b"])
    func qpdfFindsNoErrors(conformanceName: String) throws {
        let conformance: PDFConformance = conformanceName == "plain" ? .plain : .pdfA1b
        for document in [Fixtures.formSummary(rows: 120, watermark: "BOZZA"), Self.trickyDocument] {
            let file = try Fixtures.temporaryFile(try renderer.render(document, conformance: conformance), name: "qpdf")
            defer { try? FileManager.default.removeItem(at: file) }
            let result = try ExternalTool.run("qpdf", ["--check", file.path])
            #expect(result.status == 0, "\(result.output)")
            #expect(result.output.contains("No syntax or stream encoding errors found"))
            #expect(!result.output.contains("WARNING"))
        }
    }

    /// The watermark is drawn rotated, in light grey, first on every page (so content covers it).
    @Test(.enabled(if: ExternalTool.isAvailable("qpdf"), "qpdf not installed"))
    func watermarkIsOnEveryPage() throws {
        let document = Fixtures.formSummary(rows: 150, watermark: "BOZZA – senza valore legale")
        let file = try Fixtures.temporaryFile(try renderer.render(document, conformance: .plain), name: "watermark")
        let expanded = file.appendingPathExtension("qdf")
        defer {
            try? FileManager.default.removeItem(at: file)
            try? FileManager.default.removeItem(at: expanded)
        }
        let result = try ExternalTool.run("qpdf", ["--qdf", "--object-streams=disable", file.path, expanded.path])
        #expect(result.status == 0, "\(result.output)")
        let content = String(decoding: try Data(contentsOf: expanded), as: UTF8.self)
        let pages = content.components(separatedBy: "/Type /Page\n").count - 1
        #expect(pages >= 3)
        let watermarks = content.components(separatedBy: "0.85 0.85 0.85 rg\n0.577 0.817 -0.817 0.577 ").count - 1
        #expect(watermarks == pages)
        #expect(!content.contains(" ca ") && !content.contains("/SMask"))
    }

    @Test(
        .enabled(
            if: PDFBoxPreflight.isAvailable,
            "java or the PDFBox preflight jars (libpdfbox2-java, libactivation-java, libjaxb-api-java) are missing"),
        arguments: ["form", "tricky", "empty"])
    func pdfBoxPreflightAcceptsPDFA1b(name: String) throws {
        let document =
            switch name {
            case "form": Fixtures.formSummary(rows: 100)
            case "tricky": Self.trickyDocument
            default:
                Document(
                    metadata: DocumentMetadata(title: "", creationDate: Fixtures.date),
                    layout: DocumentLayout(footerTemplate: ""), blocks: [])
            }
        let file = try Fixtures.temporaryFile(try renderer.render(document, conformance: .pdfA1b), name: "pdfa-\(name)")
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try PDFBoxPreflight.validate(file)
        print("PDFBox preflight (\(name)): \(result.output.trimmingCharacters(in: .whitespacesAndNewlines))")
        #expect(result.status == 0)
        #expect(result.output.contains("is a valid PDF/A-1b file"), "\(result.output)")
    }

    // MARK: - Images, tables and stamps

    /// Documents with the newer blocks, by name; those with slots are filled.
    static func richDocument(_ name: String) throws -> [UInt8] {
        let renderer = DocumentRenderer(fonts: Fixtures.fonts)
        let logo = try DocumentImage(bytes: ImageFixtures.logoPNG)
        switch name {
        case "png-logo":
            return try renderer.renderWithSlots(Fixtures.receipt(logo: logo)).filling(SlotTests.values)
        case "stamp":
            return try renderer.renderWithSlots(Fixtures.receipt(logo: nil, registerRows: 3)).filling(SlotTests.values)
        case "jpeg":
            let document = Document(
                metadata: Fixtures.metadata(),
                layout: DocumentLayout(
                    header: RunningHeader(
                        leading: "Comune di Esempio", trailing: "JPEG", logo: try DocumentImage(bytes: ImageFixtures.rgbJPEG))),
                blocks: [
                    .paragraph("Immagini JPEG."), .image(try DocumentImage(bytes: ImageFixtures.progressiveJPEG), width: 240),
                    .image(try DocumentImage(bytes: ImageFixtures.grayJPEG), width: 120),
                ])
            return try renderer.render(document)
        case "palette":
            // A palette logo, and a 16-bit grey image with alpha (decoded and composited).
            let samples = (0..<(20 * 10)).flatMap { [($0 % 20) * 3000, ($0 / 20) * 7000] }
            let deep = ImageFixtures.png(width: 20, height: 10, colorType: 4, bitDepth: 16, samples: samples)
            let document = Document(
                metadata: Fixtures.metadata(),
                layout: DocumentLayout(
                    header: RunningHeader(leading: "Comune di Esempio", logo: try DocumentImage(bytes: ImageFixtures.palettePNG))),
                blocks: [.paragraph("Tavolozza e 16 bit."), .image(try DocumentImage(bytes: deep), width: 200)])
            return try renderer.render(document)
        default:
            let document = Document(
                metadata: Fixtures.metadata(),
                layout: DocumentLayout(header: RunningHeader(leading: "Comune di Esempio", trailing: "Registro")),
                blocks: [.table(Fixtures.attachments), .table(Fixtures.register(rows: 200))])
            return try renderer.render(document)
        }
    }

    static let richDocumentNames = ["png-logo", "stamp", "jpeg", "palette", "table"]

    /// Writes the documents above to `SPORTELLO_PDF_SAMPLES` when it names a directory, to look at them.
    @Test func writeSamplesWhenAsked() throws {
        guard let directory = ProcessInfo.processInfo.environment["SPORTELLO_PDF_SAMPLES"] else { return }
        for name in Self.richDocumentNames {
            try Data(try Self.richDocument(name)).write(to: URL(fileURLWithPath: directory).appendingPathComponent("\(name).pdf"))
        }
    }

    @Test(
        .enabled(
            if: PDFBoxPreflight.isAvailable,
            "java or the PDFBox preflight jars (libpdfbox2-java, libactivation-java, libjaxb-api-java) are missing"),
        arguments: richDocumentNames)
    func pdfBoxPreflightAcceptsImagesTablesAndFilledStamps(name: String) throws {
        let file = try Fixtures.temporaryFile(try Self.richDocument(name), name: "pdfa-\(name)")
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try PDFBoxPreflight.validate(file)
        print("PDFBox preflight (\(name)): \(result.output.trimmingCharacters(in: .whitespacesAndNewlines))")
        #expect(result.status == 0)
        #expect(result.output.contains("is a valid PDF/A-1b file"), "\(result.output)")
    }

    @Test(.enabled(if: ExternalTool.isAvailable("qpdf"), "qpdf not installed"), arguments: richDocumentNames)
    func qpdfFindsNoErrorsInImagesTablesAndFilledStamps(name: String) throws {
        let file = try Fixtures.temporaryFile(try Self.richDocument(name), name: "qpdf-\(name)")
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try ExternalTool.run("qpdf", ["--check", file.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("No syntax or stream encoding errors found"))
        #expect(!result.output.contains("WARNING"))
    }

    @Test(.enabled(if: ExternalTool.isAvailable("pdftotext"), "pdftotext (poppler-utils) not installed"))
    func filledStampShowsItsValues() throws {
        let renderer = DocumentRenderer(fonts: Fixtures.fonts)
        let rendered = try renderer.renderWithSlots(Fixtures.receipt(logo: nil, registerRows: 3))
        for (values, absent) in [(SlotTests.values, "0000000"), (["number": "9876543", "date": "01/01/2027 00:00"], "0000042")] {
            let file = try Fixtures.temporaryFile(try rendered.filling(values), name: "stamp")
            defer { try? FileManager.default.removeItem(at: file) }
            let result = try ExternalTool.run("pdftotext", ["-enc", "UTF-8", file.path, "-"])
            #expect(result.status == 0)
            #expect(result.output.contains("Comune di Esempio – Protocollo"))
            #expect(result.output.contains(values["number"]!))
            #expect(result.output.contains(values["date"]!))
            #expect(!result.output.contains(absent))
        }
        // Before filling, the templates show.
        let file = try Fixtures.temporaryFile(rendered.bytes, name: "template")
        defer { try? FileManager.default.removeItem(at: file) }
        let template = try ExternalTool.run("pdftotext", ["-enc", "UTF-8", file.path, "-"])
        #expect(template.output.contains("0000000") && template.output.contains("00/00/0000 00:00"))
    }

    @Test(.enabled(if: ExternalTool.isAvailable("pdftotext"), "pdftotext (poppler-utils) not installed"))
    func tableTextRoundTrips() throws {
        let file = try Fixtures.temporaryFile(try Self.richDocument("table"), name: "table")
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try ExternalTool.run("pdftotext", ["-enc", "UTF-8", "-layout", file.path, "-"])
        #expect(result.status == 0)
        let pages = result.output.components(separatedBy: "\u{0C}").filter {
            !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        }
        #expect(pages.count >= 5)
        for page in pages { #expect(page.contains("Corrispondente")) }
        for index in [1, 57, 200] { #expect(result.output.contains(String(format: "%07d", index))) }
        #expect(result.output.contains("Richiesta di contributo"))
        // The digest is broken into pieces inside its column; all of them are there, in order.
        let digest = String(repeating: "9f86d081884c7d65", count: 4)
        let pieces = result.output.components(separatedBy: "\n").compactMap { line in
            line.split(separator: " ").last.map(String.init).flatMap { digest.contains($0) && $0.count > 8 ? $0 : nil }
        }
        #expect(pieces.joined().hasPrefix(digest))
    }

    /// The logo is one image object, drawn on every page.
    @Test(.enabled(if: ExternalTool.isAvailable("pdfimages"), "pdfimages (poppler-utils) not installed"))
    func logoIsWrittenOnce() throws {
        let file = try Fixtures.temporaryFile(try Self.richDocument("png-logo"), name: "logo")
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try ExternalTool.run("pdfimages", ["-list", file.path])
        #expect(result.status == 0)
        let rows = result.output.split(separator: "\n").dropFirst(2).map { $0.split(separator: " ") }
        #expect(rows.count >= 3)
        #expect(Set(rows.map { $0[1] }).count == rows.count)  // one per page
        #expect(Set(rows.map { $0[10] }).count == 1)  // one object
        #expect(rows.allSatisfy { $0[2] == "image" && $0[3] == "64" && $0[4] == "48" && $0[5] == "rgb" && $0[9] == "no" })
    }
}

import Foundation
import Testing

@testable import SportelloDocuments

@Suite("PDF file structure")
struct PDFStructureTests {
    let renderer = DocumentRenderer(fonts: Fixtures.fonts)

    private func text(_ pdf: [UInt8]) -> String { String(decoding: pdf, as: UTF8.self) }

    @Test func outputIsDeterministic() throws {
        let document = Fixtures.formSummary(rows: 40, watermark: "BOZZA")
        for conformance in [PDFConformance.plain, .pdfA1b] {
            #expect(
                try renderer.render(document, conformance: conformance) == renderer.render(document, conformance: conformance))
        }
        var later = document
        later.metadata.creationDate = Fixtures.date.addingTimeInterval(60)
        #expect(try renderer.render(later) != renderer.render(document))
    }

    @Test func concurrentRenderingGivesIdenticalOutput() async throws {
        let renderer = renderer
        let document = Fixtures.formSummary(rows: 60)
        let expected = try renderer.render(document)
        let results = try await withThrowingTaskGroup(of: [UInt8].self) { group in
            for _ in 0..<8 { group.addTask { try renderer.render(document) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 8)
        #expect(results.allSatisfy { $0 == expected })
    }

    @Test func headerAndCrossReferenceTable() throws {
        let pdf = try renderer.render(Fixtures.formSummary(rows: 10))
        #expect(Array(pdf.prefix(10)) == Array("%PDF-1.4\n%".utf8))
        #expect(pdf[10..<14].allSatisfy { $0 >= 128 })
        #expect(text(pdf).hasSuffix("%%EOF\n"))
        // startxref points at the xref table, and every entry at its object.
        let lines = text(pdf).components(separatedBy: "\n")
        let startxref = try #require(Int(lines[lines.count - 3]))
        let xref = text(Array(pdf[startxref...]))
        #expect(xref.hasPrefix("xref\n0 "))
        let entries = xref.components(separatedBy: "\r\n").dropFirst().prefix { $0.hasSuffix(" n") }
        #expect(entries.count > 10)
        for (index, entry) in entries.enumerated() {
            let offset = try #require(Int(entry.prefix(10)))
            #expect(text(Array(pdf[offset..<(offset + 20)])).hasPrefix("\(index + 1) 0 obj\n"))
        }
        #expect(xref.contains("/ID [<"))
    }

    @Test func footerPlaceholdersAreReplaced() {
        #expect(DocumentRenderer.footerText("Pagina {page} di {pages}", page: 2, of: 13) == "Pagina 2 di 13")
        #expect(DocumentRenderer.footerText("{pages}{page}{pag}", page: 1, of: 2) == "21{pag}")
        #expect(DocumentRenderer.footerText("Città – senza numero", page: 1, of: 2) == "Città – senza numero")
    }

    @Test func pdfAParts() throws {
        let archival = text(try renderer.render(Fixtures.formSummary(rows: 5), conformance: .pdfA1b))
        #expect(archival.contains("/OutputIntents [<< /Type /OutputIntent /S /GTS_PDFA1"))
        #expect(archival.contains("<pdfaid:part>1</pdfaid:part>"))
        #expect(archival.contains("<pdfaid:conformance>B</pdfaid:conformance>"))
        #expect(archival.contains("/CIDSet "))
        #expect(archival.contains("/Lang (it-IT)"))
        #expect(!archival.contains("/Encrypt"))
        let plain = text(try renderer.render(Fixtures.formSummary(rows: 5), conformance: .plain))
        #expect(!plain.contains("/OutputIntents"))
        #expect(!plain.contains("pdfaid"))
    }

    @Test func infoDictionaryAndXMPAgree() throws {
        var metadata = Fixtures.metadata(title: "Domanda (bis) \\ “Città” <&> \u{7}")
        metadata.timeZone = TimeZone(identifier: "Europe/Rome")!
        let info = DocumentInfo(metadata)
        #expect(info.title == "Domanda (bis) \\ “Città” <&>")
        #expect(info.pdfDate == "D:20240610081320+02'00'")
        #expect(info.xmpDate == "2024-06-10T08:13:20+02:00")
        let xmp = String(decoding: info.xmpPacket(language: "it-IT", pdfA: true), as: UTF8.self)
        #expect(xmp.contains("<rdf:li xml:lang=\"x-default\">Domanda (bis) \\ “Città” &lt;&amp;&gt;</rdf:li>"))
        #expect(xmp.contains("<xmp:CreateDate>2024-06-10T08:13:20+02:00</xmp:CreateDate>"))
        #expect(xmp.contains("<pdf:Keywords>domanda, contributo</pdf:Keywords>"))
        #expect(info.infoDictionary.contains("/CreationDate (D:20240610081320+02'00')"))

        metadata.creationDate = Date(timeIntervalSince1970: 1_700_000_000)  // November: winter time
        #expect(DocumentInfo(metadata).pdfDate.hasSuffix("+01'00'"))
        metadata.timeZone = TimeZone(secondsFromGMT: -(3 * 3600 + 30 * 60))!
        #expect(DocumentInfo(metadata).xmpDate.hasSuffix("-03:30"))
    }

    @Test func datesAgreeWithFoundationsCalendar() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        var seconds = -5_000_000_000  // 1811
        while seconds < 8_000_000_000 {  // 2223
            let expected = calendar.dateComponents(
                [.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: Double(seconds)))
            #expect(DocumentInfo.gregorian(secondsSince1970: seconds) == expected, "\(seconds)")
            seconds += 7_777_777  // about three months, at varying times of day
        }
        #expect(DocumentInfo.gregorian(secondsSince1970: 951_782_400).day == 29)  // 2000-02-29
        #expect(
            DocumentInfo.gregorian(secondsSince1970: -1)
                == DateComponents(year: 1969, month: 12, day: 31, hour: 23, minute: 59, second: 59))
    }

    @Test func iccProfileIsWellFormed() throws {
        let profile = ICCProfile.sRGB()
        let reader = BinaryReader(profile)
        #expect(Int(try reader.uint32(at: 0)) == profile.count)
        #expect(try reader.uint32(at: 8) == 0x0210_0000)
        #expect(String(decoding: profile[12..<24], as: UTF8.self) == "mntrRGB XYZ ")
        #expect(String(decoding: profile[36..<40], as: UTF8.self) == "acsp")
        let count = Int(try reader.uint32(at: 128))
        var signatures: [String] = []
        for index in 0..<count {
            let entry = 132 + index * 12
            signatures.append(String(decoding: profile[entry..<(entry + 4)], as: UTF8.self))
            let offset = Int(try reader.uint32(at: entry + 4))
            let size = Int(try reader.uint32(at: entry + 8))
            #expect(offset % 4 == 0 && offset + size <= profile.count)
        }
        #expect(Set(signatures) == ["desc", "cprt", "wtpt", "rXYZ", "gXYZ", "bXYZ", "rTRC", "gTRC", "bTRC"])
        // The D50-adapted colorants add up to the D50 white point.
        #expect(abs(0.4361 + 0.3851 + 0.1431 - 0.9643) < 0.001)
    }

    @Test func fontObjectsDescribeTheSubset() throws {
        var shaper = TextShaper(fonts: Fixtures.fonts)
        _ = shaper.shape("Città €", style: .regular)
        let embedder = FontEmbedder(font: Fixtures.fonts.regular, usage: shaper.usage[0])
        let tag = embedder.subsetTag()
        #expect(tag.count == 6 && tag.allSatisfy { $0.isUppercase })
        let cmap = embedder.toUnicodeCMap()
        let agrave = Fixtures.fonts.regular.glyph(for: "à")!
        #expect(cmap.contains(String(format: "<%04X> <00E0>", agrave)))
        let euro = Fixtures.fonts.regular.glyph(for: "€")!
        #expect(cmap.contains("<0B84> <20AC>") && euro == 0x0B84)
        #expect(FontEmbedder.cidSet([0, 3, 8, 9]) == [0b1001_0000, 0b1100_0000])
        let widths = embedder.widths([0, 3, 4, 36])
        #expect(widths == "[ 0 [600.098] 3 [317.871 400.879] 36 [684.082] ]")
    }
}

@Suite("Rendering performance")
struct PerformanceTests {
    let renderer = DocumentRenderer(fonts: Fixtures.fonts)

    /// Prints the time for the reference document (release build figures: see the RenderBenchmark target).
    @Test func formSummaryRendersQuickly() throws {
        let document = Fixtures.formSummary(rows: 100)
        _ = try renderer.render(document)
        let clock = ContinuousClock()
        var pdf: [UInt8] = []
        let elapsed = try clock.measure { pdf = try renderer.render(document) }
        print("Rendered 100-row form summary (\(pdf.count) bytes) in \(elapsed)")
        #expect(elapsed < .seconds(2))
    }

    /// Huge values (a 200,000-character word, 3,000 rows) lay out in linear time.
    @Test func hugeInputIsHandled() throws {
        var document = Fixtures.formSummary(rows: 3000)
        document.blocks.append(.fields([DocumentField(label: "Allegato", value: String(repeating: "abcdefghij", count: 20_000))]))
        document.blocks.append(.paragraph(String(repeating: "parola ", count: 30_000)))
        let clock = ContinuousClock()
        var pdf: [UInt8] = []
        let elapsed = try clock.measure { pdf = try renderer.render(document, conformance: .pdfA1b) }
        print("Rendered huge document (\(pdf.count) bytes) in \(elapsed)")
        #expect(elapsed < .seconds(30))
        #expect(String(decoding: pdf.suffix(6), as: UTF8.self) == "%%EOF\n")
    }
}

import Foundation
import Testing

@testable import SportelloDocuments

/// Shared documents with tables, images and stamps.
extension Fixtures {
    /// A daily protocol register of `rows` entries.
    static func register(rows: Int) -> DocumentTable {
        DocumentTable(
            columns: [
                .init("N.", width: 1), .init("Data e ora", width: 1.3), .init("Verso", width: 0.8),
                .init("Oggetto", width: 3), .init("Corrispondente", width: 2), .init("Documenti", width: 1.1),
            ],
            rows: (1...max(rows, 1)).map { index in
                [
                    String(format: "%07d", index), "24/11/2026 10:\(String(format: "%02d", index % 60))",
                    index % 3 == 0 ? "Uscita" : "Entrata",
                    "Richiesta di contributo per l’anno scolastico 2026/2027 – pratica \(index)",
                    "Rossi Mario, Via della Libertà \(index), Roma", "\(index % 4 + 1)",
                ]
            })
    }

    /// A list of attachments with their SHA-256, in a narrow column.
    static let attachments = DocumentTable(
        columns: [.init("Allegato", width: 2), .init("Byte", width: 1), .init("SHA-256", width: 2)],
        rows: [
            ["carta-identita.pdf", "182.311", String(repeating: "9f86d081884c7d65", count: 4)],
            ["isee-2026.pdf", "1.204.551", String(repeating: "e3b0c44298fc1c14", count: 4)],
        ])

    static let protocolStamp = DocumentStamp(
        title: "Comune di Esempio – Protocollo generale",
        rows: [
            .init(label: "Numero", slot: DocumentSlot(name: "number", template: "0000000")),
            .init(label: "Data", slot: DocumentSlot(name: "date", template: "00/00/0000 00:00")),
            .init(label: "Registro", value: "Protocollo generale (in entrata)"),
        ])

    /// A receipt with a logo in the header, a stamp, fields, a table of attachments and a register over pages.
    static func receipt(logo: DocumentImage?, registerRows: Int = 80) -> Document {
        Document(
            metadata: metadata(),
            layout: DocumentLayout(
                header: RunningHeader(leading: "Comune di Esempio", trailing: "Ricevuta di protocollo", logo: logo)),
            blocks: [
                .stamp(protocolStamp),
                .heading("Ricevuta", level: 1),
                .fields([DocumentField(label: "Richiedente", value: "Rossi Mario")]),
                .table(attachments),
                .heading("Registro giornaliero", level: 2),
                .table(register(rows: registerRows)),
            ])
    }
}

@Suite("Tables, images and stamps")
struct TableAndStampTests {
    private func textItems(_ page: [DrawItem]) -> [(line: TextLine, x: Double, y: Double)] {
        page.compactMap {
            if case let .text(line, x, y, _, _) = $0 { (line, x, y) } else { nil }
        }
    }

    private func glyphs(_ text: String, _ style: FontStyle = .bold) -> [UInt16] {
        var shaper = TextShaper(fonts: Fixtures.fonts)
        return shaper.shape(text, style: style).glyphs
    }

    @Test func headerRowIsRepeatedOnEveryPage() {
        var composer = PageComposer(fonts: Fixtures.fonts, hasHeader: true)
        let pages = composer.paginate(composer.chunks(for: [.paragraph("Registro"), .table(Fixtures.register(rows: 150))]))
        #expect(pages.count >= 4)
        let title = glyphs("Corrispondente")
        for page in pages {
            let headers = textItems(page).filter { $0.line.glyphs == title }
            #expect(headers.count == 1)
            // At the top of the body on every page but the first.
            if page != pages[0] {
                #expect(textItems(page).map(\.y).max() == headers[0].y)
            }
        }
        // Every row appears once: the first column holds the numbers.
        let numbers = pages.flatMap(textItems).filter { $0.x == PageGeometry.marginLeft + PageGeometry.tableCellPadding }
        #expect(numbers.count == 150 + pages.count)
    }

    @Test func rowsAreKeptWhole() {
        var composer = PageComposer(fonts: Fixtures.fonts, hasHeader: true)
        let chunks = composer.chunks(for: [.table(Fixtures.register(rows: 150))])
        // One chunk per row (never split across pages) after the header row, which is kept with the first row.
        #expect(chunks.count == 151)
        #expect(chunks[0].keepWithNext && chunks[0].repeatedHeader == nil)
        #expect(chunks.dropFirst().allSatisfy { $0.repeatedHeader != nil && $0.height < 40 })
        let pages = composer.paginate(chunks)
        let rowLines = chunks.dropFirst().map { textItems($0.items).count }.reduce(0, +)
        let headerLines = textItems(chunks[0].items).count
        #expect(pages.map { textItems($0).count }.reduce(0, +) == rowLines + headerLines * pages.count)
        for page in pages { #expect(textItems(page).allSatisfy { $0.y >= PageGeometry.bodyBottom }) }
    }

    @Test func rowTallerThanAPageContinuesLineByLine() {
        var composer = PageComposer(fonts: Fixtures.fonts, hasHeader: true)
        let long = (1...150).map { "riga \($0)" }.joined(separator: "\n")
        let table = DocumentTable(columns: [.init("A"), .init("B")], rows: [["uno", long], ["due", "fine"]])
        let pages = composer.paginate(composer.chunks(for: [.table(table)]))
        #expect(pages.count == 3)
        let header = glyphs("B")
        for page in pages { #expect(textItems(page).filter { $0.line.glyphs == header }.count == 1) }
        let lineCount = pages.map { textItems($0).count }.reduce(0, +)
        let expected = 2 * 3 + 1 + 150 + 2  // header row on each page, "uno", the long cell, the last row
        #expect(lineCount == expected)
    }

    @Test func digestsWrapInsideANarrowColumn() {
        var composer = PageComposer(fonts: Fixtures.fonts, hasHeader: false)
        let pages = composer.paginate(composer.chunks(for: [.table(Fixtures.attachments)]))
        let columnLeft = PageGeometry.marginLeft + PageGeometry.contentWidth * 3 / 5
        let digestLines = textItems(pages[0]).filter { $0.x > columnLeft && $0.line.style == .regular }
        #expect(digestLines.count >= 4)
        for line in digestLines {
            #expect(
                line.x + line.line.width <= PageGeometry.width - PageGeometry.marginRight - PageGeometry.tableCellPadding + 1e-9)
        }
        let glyphCount = digestLines.map(\.line.glyphs.count).reduce(0, +)
        #expect(glyphCount == 128)
    }

    @Test func imageKeepsItsAspectRatioAndFitsTheColumn() throws {
        var composer = PageComposer(fonts: Fixtures.fonts, hasHeader: false)
        let image = try DocumentImage(bytes: ImageFixtures.logoPNG)
        let pages = composer.paginate(composer.chunks(for: [.image(image, width: 100), .image(image, width: 5000)]))
        let images = pages.flatMap { $0 }.compactMap { item -> (Double, Double)? in
            if case let .image(_, _, _, width, height) = item { (width, height) } else { nil }
        }
        #expect(images.count == 2)
        #expect(images[0] == (100, 75))
        #expect(abs(images[1].0 - PageGeometry.contentWidth) < 1e-9 && abs(images[1].1 - PageGeometry.contentWidth * 0.75) < 1e-9)
        #expect(composer.images.count == 1)
    }

    @Test func stampIsABoxAtTheRightWithItsSlots() {
        var composer = PageComposer(fonts: Fixtures.fonts, hasHeader: false)
        let chunks = composer.chunks(for: [.stamp(Fixtures.protocolStamp)])
        #expect(chunks.count == 1)
        let boxes = chunks[0].items.compactMap { item -> (Double, Double)? in
            if case let .rectangle(x, _, width, _, _, _, _) = item { (x, width) } else { nil }
        }
        #expect(boxes.count == 2)
        #expect(abs(boxes[0].0 + boxes[0].1 - (PageGeometry.width - PageGeometry.marginRight)) < 1e-9)
        let slots = chunks[0].items.compactMap { item -> Int? in
            if case let .slot(index, _, _, _, _) = item { index } else { nil }
        }
        #expect(slots == [0, 1])
        #expect(composer.slots.map(\.name) == ["number", "date"])
        // Every digit is in the bold subset, whatever the value will be.
        for digit in "0123456789".unicodeScalars {
            #expect(composer.shaper.usage[FontStyle.bold.rawValue].characters[digit] != nil)
        }
    }

    @Test func digitsShareOneWidth() {
        // Filling in a slot never changes the width of a line.
        for font in [Fixtures.fonts.regular, Fixtures.fonts.bold] {
            let widths = Set("0123456789".unicodeScalars.map { font.advanceWidth(of: font.glyph(for: $0)!) })
            #expect(widths.count == 1)
        }
    }
}

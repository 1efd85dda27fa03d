import Testing

@testable import SportelloDocuments

@Suite("Page layout")
struct PaginationTests {
    private func composer() -> PageComposer { PageComposer(fonts: Fixtures.fonts, hasHeader: true) }

    private func textItems(_ page: [DrawItem]) -> [(line: TextLine, x: Double, y: Double)] {
        page.compactMap {
            if case let .text(line, x, y, _, _) = $0 { (line, x, y) } else { nil }
        }
    }

    private func pageCount(_ pdf: [UInt8]) -> Int {
        String(decoding: pdf, as: UTF8.self).components(separatedBy: "/Type /Page ").count - 1
    }

    @Test func manyRowsFlowOntoSeveralPages() throws {
        var composer = composer()
        let document = Fixtures.formSummary(rows: 300)
        let pages = composer.paginate(composer.chunks(for: document.blocks))
        #expect(pages.count >= 6)
        for page in pages {
            #expect(!page.isEmpty)
            for item in textItems(page) {
                #expect(item.y >= PageGeometry.bodyBottom && item.y <= composer.bodyTop)
                #expect(item.x + item.line.width <= PageGeometry.width - PageGeometry.marginRight + 1e-9)
            }
        }
        let pdf = try DocumentRenderer(fonts: Fixtures.fonts).render(document, conformance: .plain)
        #expect(pageCount(pdf) == pages.count)
    }

    @Test func emptyDocumentHasOnePage() throws {
        let document = Document(metadata: Fixtures.metadata(), layout: DocumentLayout(footerTemplate: ""), blocks: [])
        let pdf = try DocumentRenderer(fonts: Fixtures.fonts).render(document)
        #expect(pageCount(pdf) == 1)
        #expect(!String(decoding: pdf, as: UTF8.self).contains("/FontFile2"))
    }

    @Test func headingIsKeptWithTheNextLine() {
        let composer = composer()
        let marker = { (size: Double) in
            DrawItem.text(TextLine(style: .regular, size: size, glyphs: [36], width: 1), x: 60, y: 10, color: .text)
        }
        let chunks = [
            LayoutChunk(height: composer.bodyHeight - 20, items: [marker(1)]),
            LayoutChunk(height: 20, items: [marker(2)], keepWithNext: true),  // would fit alone
            LayoutChunk(height: 14, items: [marker(3)]),
        ]
        let pages = composer.paginate(chunks)
        #expect(pages.count == 2)
        #expect(pages[1].count == 2)
        #expect(textItems(pages[1]).map(\.line.size) == [2, 3])
    }

    @Test func pageBreakAndSpacerAreDroppedAtPageTop() {
        var composer = composer()
        let pages = composer.paginate(
            composer.chunks(for: [
                .pageBreak, .spacer(50), .paragraph("uno"), .pageBreak, .pageBreak, .paragraph("due"),
            ]))
        #expect(pages.count == 2)
        let first = textItems(pages[0])[0]
        let second = textItems(pages[1])[0]
        #expect(first.y == second.y)
    }

    @Test func shortRowMovesToNextPageAsAWhole() {
        var composer = composer()
        let value = (1...5).map { "riga \($0)" }.joined(separator: "\n")
        let pages = composer.paginate(
            composer.chunks(for: [
                .paragraph("inizio"), .spacer(composer.bodyHeight - 60),
                .fields([DocumentField(label: "Indirizzo", value: value)]),
            ]))
        #expect(pages.count == 2)
        #expect(textItems(pages[0]).count == 1)
        #expect(textItems(pages[1]).count == 6)  // label and five value lines together
    }

    @Test func veryLongValueContinuesOnNextPages() {
        var composer = composer()
        let value = (1...150).map { "riga \($0)" }.joined(separator: "\n")
        let pages = composer.paginate(
            composer.chunks(for: [
                .paragraph("inizio"), .spacer(composer.bodyHeight - 200),
                .fields([DocumentField(label: "Note", value: value), DocumentField(label: "Dopo", value: "fine")]),
            ]))
        #expect(pages.count == 4)
        // The row starts on the first page (label plus the value lines that fit) ...
        let first = textItems(pages[0])
        #expect(first.count > 5)
        #expect(first.contains { $0.x == PageGeometry.marginLeft && $0.line.size == PageGeometry.labelSize })
        // ... and the following pages hold only value lines until the next row.
        #expect(textItems(pages[1]).allSatisfy { $0.x == PageGeometry.valueX })
        let total = pages.map { textItems($0).count }.reduce(0, +)
        #expect(total == 1 + 1 + 150 + 2)
    }

    @Test func excessivelyLongLabelIsShortened() {
        var composer = composer()
        let chunks = composer.chunks(for: [
            .fields([
                DocumentField(
                    label: String(repeating: "etichetta ", count: 500),
                    value: "v")
            ])
        ])
        #expect(chunks.count == 1)
        #expect(textItems(chunks[0].items).count == PageGeometry.maximumLabelLines + 1)
    }
}

import Foundation
import Testing

@testable import SportelloDocuments

@Suite("Slots filled after rendering")
struct SlotTests {
    let renderer = DocumentRenderer(fonts: Fixtures.fonts)
    static let values = ["number": "0000042", "date": "24/11/2026 10:15"]

    private func text(_ pdf: [UInt8]) -> String { String(decoding: pdf, as: UTF8.self) }

    @Test func fillingChangesOnlyTheSlotDigits() throws {
        let rendered = try renderer.renderWithSlots(Fixtures.receipt(logo: nil, registerRows: 5))
        #expect(rendered.slots.map(\.slot.name) == ["number", "date"])
        let filled = try rendered.filling(Self.values)
        #expect(filled.count == rendered.bytes.count)
        let changed = filled.indices.filter { filled[$0] != rendered.bytes[$0] }
        #expect(!changed.isEmpty)
        for index in changed {
            #expect(rendered.slots.contains { $0.byteRange.contains(index) })
        }
        #expect(changed.allSatisfy { $0 >= rendered.fixedPrefixLength })
        // The slots are in an uncompressed stream of their own, after the catalog, near the end of the file.
        let catalog = try #require(rendered.bytes.firstRange(of: Array("/Type /Catalog".utf8)))
        #expect(rendered.fixedPrefixLength > catalog.lowerBound)
        #expect(rendered.bytes.count - rendered.fixedPrefixLength < 2000)
        // Each slot holds four hex digits per character of its template.
        for slot in rendered.slots {
            #expect(slot.byteRange.count == slot.slot.template.count * 4)
            #expect(rendered.bytes[slot.byteRange.lowerBound - 1] == UInt8(ascii: "<"))
            #expect(rendered.bytes[slot.byteRange.upperBound] == UInt8(ascii: ">"))
        }
        #expect(text(rendered.bytes).contains("/Contents [") && text(rendered.bytes).contains(" Tj\nET\n"))
    }

    @Test func filledDigitsAreTheFontsDigits() throws {
        let rendered = try renderer.renderWithSlots(Fixtures.receipt(logo: nil, registerRows: 1))
        let filled = try rendered.filling(["number": "0123456", "date": "78/90/2026 00:00"])
        let number = try #require(rendered.slots.first { $0.slot.name == "number" })
        let hex = String(decoding: filled[number.byteRange], as: UTF8.self)
        let font = Fixtures.fonts.bold
        let expected = "0123456".unicodeScalars.map { String(format: "%04X", font.glyph(for: $0)!) }.joined()
        #expect(hex == expected)
    }

    @Test func withoutSlotsTheRenderingIsTheSame() throws {
        let document = Fixtures.formSummary(rows: 20)
        let rendered = try renderer.renderWithSlots(document)
        #expect(rendered.slots.isEmpty)
        #expect(rendered.fixedPrefixLength == rendered.bytes.count)
        #expect(try rendered.filling([:]) == rendered.bytes)
        #expect(try renderer.render(document) == rendered.bytes)
    }

    @Test func renderRefusesADocumentWithSlots() {
        #expect(throws: DocumentSlotError.unfilledSlots(["number", "date"])) {
            try renderer.render(Fixtures.receipt(logo: nil, registerRows: 1))
        }
    }

    static let badValues: [([String: String], DocumentSlotError)] = [
        (["number": "0000042"], .missingValue(slot: "date")),
        (["number": "0000042", "date": "24/11/2026 10:15", "year": "2026"], .unknownSlot("year")),
        (["number": "42", "date": "24/11/2026 10:15"], .wrongLength(slot: "number", expected: 7, actual: 2)),
        (["number": "00000420", "date": "24/11/2026 10:15"], .wrongLength(slot: "number", expected: 7, actual: 8)),
        (["number": "00000A2", "date": "24/11/2026 10:15"], .digitExpected(slot: "number", position: 6)),
        (["number": "000004٢", "date": "24/11/2026 10:15"], .digitExpected(slot: "number", position: 7)),
        (["number": "0000042", "date": "24-11-2026 10:15"], .characterExpected(slot: "date", position: 3, expected: "/")),
        (["number": "0000042", "date": "24/11/2026T10:15"], .characterExpected(slot: "date", position: 11, expected: " ")),
    ]

    @Test(arguments: badValues.indices)
    func valuesMustMatchTheirTemplates(index: Int) throws {
        let rendered = try renderer.renderWithSlots(Fixtures.receipt(logo: nil, registerRows: 1))
        let (values, expected) = Self.badValues[index]
        #expect(throws: expected) { try rendered.filling(values) }
    }

    @Test func unusableTemplatesAreRefused() {
        let cases: [(DocumentSlot, DocumentSlot?, DocumentSlotError)] = [
            (DocumentSlot(name: "n", template: ""), nil, .invalidTemplate(slot: "n")),
            (DocumentSlot(name: "", template: "000"), nil, .invalidTemplate(slot: "")),
            (DocumentSlot(name: "n", template: "00\n00"), nil, .invalidTemplate(slot: "n")),
            (DocumentSlot(name: "n", template: "中00"), nil, .invalidTemplate(slot: "n")),
            (DocumentSlot(name: "n", template: String(repeating: "0", count: 101)), nil, .invalidTemplate(slot: "n")),
            (
                DocumentSlot(name: "n", template: "000"), DocumentSlot(name: "n", template: "0000"),
                .conflictingTemplates(slot: "n")
            ),
        ]
        for (first, second, expected) in cases {
            var rows = [DocumentStamp.Row(label: "Numero", slot: first)]
            if let second { rows.append(DocumentStamp.Row(label: "Di nuovo", slot: second)) }
            let document = Document(
                metadata: Fixtures.metadata(), blocks: [.stamp(DocumentStamp(title: "Protocollo", rows: rows))])
            #expect(throws: expected) { try renderer.renderWithSlots(document) }
        }
    }

    @Test func aSlotMayAppearTwice() throws {
        let slot = DocumentSlot(name: "number", template: "0000000")
        let stamp = DocumentStamp(title: "Protocollo", rows: [.init(label: "Numero", slot: slot)])
        let document = Document(metadata: Fixtures.metadata(), blocks: [.stamp(stamp), .pageBreak, .stamp(stamp)])
        let rendered = try renderer.renderWithSlots(document)
        #expect(rendered.slots.count == 2)
        let filled = try rendered.filling(["number": "1234567"])
        #expect(filled[rendered.slots[0].byteRange] == filled[rendered.slots[1].byteRange])
    }

    @Test func errorsExplainThemselves() {
        #expect(
            DocumentSlotError.wrongLength(slot: "number", expected: 7, actual: 2).description
                == "the value for slot \"number\" has 2 characters instead of 7")
        #expect(DocumentSlotError.unfilledSlots(["number"]).description.contains("number"))
    }
}

import Testing

@testable import SportelloDocuments

@Suite("Glyph instructions removed from embedded outlines")
struct GlyphInstructionsTests {
    let font = Fixtures.fonts.regular

    private func uint16(_ bytes: some Collection<UInt8>, _ offset: Int) -> Int {
        let array = Array(bytes)
        return Int(array[offset]) << 8 | Int(array[offset + 1])
    }

    @Test func simpleGlyphKeepsContoursFlagsAndCoordinates() throws {
        let glyph = try #require(font.glyph(for: "A"))
        let original = Array(font.glyphData(glyph))
        let contours = uint16(original, 0)
        let lengthOffset = 10 + 2 * contours
        let instructions = uint16(original, lengthOffset)
        #expect(instructions > 0, "the bundled font hints its glyphs")

        let stripped = GlyphInstructions.stripped(font.glyphData(glyph)[...])
        #expect(stripped.count == original.count - instructions)
        // Bounding box and contour ends unchanged, no instructions, then the same flags and coordinates.
        #expect(stripped[..<lengthOffset] == original[..<lengthOffset])
        #expect(uint16(stripped, lengthOffset) == 0)
        #expect(stripped[(lengthOffset + 2)...] == original[(lengthOffset + 2 + instructions)...])
    }

    @Test func compositeGlyphKeepsItsComponentsWithoutTheInstructionFlag() throws {
        var checked = 0
        for scalar in "àèéìòùÀÈÉÌÒÙçñüößĀłŠž".unicodeScalars {
            let glyph = try #require(font.glyph(for: scalar))
            let original = font.glyphData(glyph)
            guard Int16(bitPattern: UInt16(uint16(original, 0))) < 0 else { continue }
            let stripped = GlyphInstructions.stripped(original)
            // The same components, no component asking for instructions, and nothing after the last one.
            let records = try CompositeGlyph(outline: stripped)
            #expect(records.components.map(\.glyph) == (try font.components(of: glyph)), "components of \(scalar)")
            #expect(records.components.allSatisfy { $0.flags & 0x0100 == 0 })
            #expect(records.end == stripped.count)
            // Only the instruction flag changed in each record.
            let before = try CompositeGlyph(outline: Array(original))
            #expect(records.components.map { $0.flags | 0x0100 } == before.components.map { $0.flags | 0x0100 })
            #expect(stripped.count <= original.count)
            checked += 1
        }
        #expect(checked >= 10, "the bundled font builds accented letters from components")
    }

    @Test func unreadableOutlinesAreLeftAlone() {
        let truncated: [UInt8] = [0x00, 0x02, 0, 0, 0, 0, 0, 10, 0, 10, 0, 3]  // two contours, data cut short
        #expect(GlyphInstructions.stripped(truncated[...]) == truncated)
        let tooShort: [UInt8] = [0xFF, 0xFF, 0]
        #expect(GlyphInstructions.stripped(tooShort[...]) == tooShort)
        let brokenComposite: [UInt8] = [0xFF, 0xFF, 0, 0, 0, 0, 0, 10, 0, 10, 0x00, 0x21]  // MORE_COMPONENTS, no data
        #expect(GlyphInstructions.stripped(brokenComposite[...]) == brokenComposite)
    }

    @Test func subsetsAreAboutHalfTheSizeWithoutHints() throws {
        var characters: [Unicode.Scalar: UInt16] = [:]
        for scalar in CommonSubset.repertoire { if let glyph = font.glyph(for: scalar) { characters[scalar] = glyph } }
        let subset = try FontSubsetter(font: font).subset(characters: characters)
        let hints = ["fpgm", "prep", "cvt "].compactMap { font.tableData($0)?.count }.reduce(0, +)
        #expect(hints > 0)
        let parsed = try TrueTypeFont(data: subset)
        #expect(parsed.tables["fpgm"] == nil && parsed.tables["prep"] == nil && parsed.tables["cvt "] == nil)
        // The common Latin subset of DejaVu Sans, compressed as embedded: 28.3 kB with hints, 13.5 kB without (both
        // measured with fontTools on the same characters).
        let compressed = Deflate.zlibCompress(subset)
        #expect(compressed.count < 16_000, "compressed subset is \(compressed.count) bytes")
    }
}

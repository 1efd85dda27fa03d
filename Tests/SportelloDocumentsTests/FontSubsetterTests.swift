import Testing

@testable import SportelloDocuments

@Suite("Font subsetter")
struct FontSubsetterTests {
    let font = Fixtures.fonts.regular

    /// An outline as the subset stores it: padded with zeros to four bytes.
    private func padded(_ outline: [UInt8]) -> [UInt8] {
        var result = outline
        while result.count % 4 != 0 { result.append(0) }
        return result
    }

    private func characters(_ text: String) throws -> [Unicode.Scalar: UInt16] {
        var result: [Unicode.Scalar: UInt16] = [:]
        for scalar in text.unicodeScalars {
            let glyph = try #require(font.glyph(for: scalar))
            result[scalar] = glyph
        }
        return result
    }

    @Test func subsetIsParseableAndKeepsUsedGlyphs() throws {
        let used = try characters("Città di Pérgine – € 12,50 “sì”")
        let subset = try TrueTypeFont(data: try FontSubsetter(font: font).subset(characters: used))
        let closure = try FontSubsetter(font: font).glyphClosure(of: used.values)

        #expect(subset.unitsPerEm == font.unitsPerEm)
        #expect(subset.numberOfGlyphs == Int(used.values.max()!) + 1)
        for glyph in closure {
            #expect(
                subset.glyphData(glyph)[...] == padded(GlyphInstructions.stripped(font.glyphData(glyph)))[...],
                "outline of glyph \(glyph)")
            #expect(subset.advanceWidth(of: glyph) == font.advanceWidth(of: glyph), "advance of glyph \(glyph)")
        }
        // The subset's own cmap maps the used characters to the original glyph ids.
        for (scalar, glyph) in used { #expect(subset.glyph(for: scalar) == glyph) }
        #expect(subset.glyph(for: "Z") == nil)
    }

    @Test func unusedGlyphsHaveEmptyOutlines() throws {
        let used = try characters("Ae")
        let subset = try TrueTypeFont(data: try FontSubsetter(font: font).subset(characters: used))
        let closure = try FontSubsetter(font: font).glyphClosure(of: used.values)
        #expect(closure == [0, 36, 72])
        var emptied = 0
        for glyph in 0..<UInt16(subset.numberOfGlyphs) where !closure.contains(glyph) {
            #expect(subset.glyphData(glyph).isEmpty)
            if !font.glyphData(glyph).isEmpty { emptied += 1 }
        }
        #expect(emptied > 30)
        #expect(subset.data.count < font.data.count / 100)
    }

    @Test func compositeComponentsAreKept() throws {
        let used = try characters("à")
        let agrave = used["à"]!
        let components = try font.components(of: agrave)
        let closure = try FontSubsetter(font: font).glyphClosure(of: [agrave])
        #expect(closure.isSuperset(of: components))
        let subset = try TrueTypeFont(data: try FontSubsetter(font: font).subset(characters: used))
        for component in components {
            #expect(!subset.glyphData(component).isEmpty)
            #expect(subset.glyphData(component)[...] == padded(GlyphInstructions.stripped(font.glyphData(component)))[...])
        }
    }

    @Test func checksumsAreConsistent() throws {
        let bytes = try FontSubsetter(font: font).subset(characters: try characters("Sportello 2024"))
        let subset = try TrueTypeFont(data: bytes)
        // Whole-file checksum with a correct checkSumAdjustment is the magic number.
        #expect(FontSubsetter.checksum(bytes) == 0xB1B0_AFBA)
        let reader = BinaryReader(bytes)
        let tableCount = Int(try reader.uint16(at: 4))
        #expect(
            Set(subset.tables.keys) == [
                "OS/2", "cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "post",
            ])
        for index in 0..<tableCount {
            let record = 12 + index * 16
            let tag = String(decoding: bytes[record..<(record + 4)], as: UTF8.self)
            let stored = try reader.uint32(at: record + 4)
            let offset = Int(try reader.uint32(at: record + 8))
            let length = Int(try reader.uint32(at: record + 12))
            #expect(offset % 4 == 0)
            var table = Array(bytes[offset..<(offset + length)])
            if tag == "head" { table.setUInt32(0, at: 8) }
            #expect(FontSubsetter.checksum(table) == stored, "checksum of \(tag)")
        }
    }

    @Test func characterMapTableRoundTrips() throws {
        let mapping: [Unicode.Scalar: UInt16] = ["A": 36, "B": 37, "C": 38, "a": 68, "€": 2948, "\u{FFFD}": 1]
        let table = FontSubsetter.characterMap(mapping)
        let font = try TrueTypeFont(data: FontSubsetter.assemble(minimalTables(cmap: table)))
        for (scalar, glyph) in mapping { #expect(font.glyph(for: scalar) == glyph) }
        #expect(font.glyph(for: "D") == nil)
    }

    /// The tables of the bundled font, with a replaced cmap.
    private func minimalTables(cmap: [UInt8]) -> [String: [UInt8]] {
        var tables: [String: [UInt8]] = [:]
        for tag in ["head", "hhea", "maxp", "hmtx", "loca", "glyf"] { tables[tag] = Array(font.tableData(tag)!) }
        tables["cmap"] = cmap
        return tables
    }
}

import Foundation
import Testing

@testable import SportelloDocuments

@Suite("TrueType parser")
struct TrueTypeFontTests {
    let regular = Fixtures.fonts.regular
    let bold = Fixtures.fonts.bold

    @Test func headerValues() {
        #expect(regular.unitsPerEm == 2048)
        #expect(regular.numberOfGlyphs == 6253)
        #expect(regular.postScriptName == "DejaVuSans")
        #expect(bold.postScriptName == "DejaVuSans-Bold")
        #expect(regular.familyName == "DejaVu Sans")
        #expect(regular.ascender == 1901)
        #expect(regular.descender == -483)
        #expect(regular.weightClass < bold.weightClass)
        #expect(regular.italicAngle == 0)
        #expect(!regular.isFixedPitch)
    }

    @Test func glyphIdsForKnownCharacters() {
        #expect(regular.glyph(for: " ") == 3)
        #expect(regular.glyph(for: "A") == 36)
        #expect(regular.glyph(for: "€") == 2948)
        #expect(regular.glyph(for: "’") == 2812)
        #expect(regular.glyph(for: "–") == 2806)
        // A character DejaVu Sans does not have (a CJK ideograph) and one outside the BMP.
        #expect(regular.glyph(for: "中") == nil)
        #expect(regular.glyph(for: "\u{20000}") == nil)
        // Supplementary-plane characters come from the format 12 subtable.
        #expect(regular.glyph(for: "\u{1F600}") == 5857)
    }

    @Test func advanceWidths() {
        #expect(regular.advanceWidth(of: 36) == 1401)
        #expect(regular.advanceWidth(of: 3) == 651)
        #expect(bold.advanceWidth(of: 36) == 1585)
        #expect(bold.advanceWidth(of: 2948) == 1425)
        // Glyphs after the last long horizontal metric take its advance width.
        #expect(regular.advanceWidths.count == regular.numberOfGlyphs)
        #expect(regular.advanceWidth(of: UInt16(regular.numberOfGlyphs - 1)) == regular.advanceWidths[6237])
        #expect(regular.advanceWidth(of: 60000) == 0)
    }

    @Test func compositeGlyphComponents() throws {
        let agrave = try #require(regular.glyph(for: "à"))
        let components = try regular.components(of: agrave)
        #expect(components.contains(try #require(regular.glyph(for: "a"))))
        #expect(components.count == 2)
        #expect(try regular.components(of: 36).isEmpty)
    }

    /// The (3, 10) format 12 subtable is preferred; hiding it makes the parser read the (3, 1) format 4 subtable,
    /// which must give the same glyphs for BMP characters.
    @Test func format4AndFormat12Agree() throws {
        var bytes = regular.data
        let cmap = try #require(regular.tables["cmap"]).offset
        let count = Int(bytes[cmap + 2]) << 8 | Int(bytes[cmap + 3])
        for index in 0..<count {
            let record = cmap + 4 + index * 8
            let format = Int(bytes[cmap + Int(try BinaryReader(bytes).uint32(at: record + 4)) + 1])  // low byte of format
            if format == 12 { bytes[record + 3] = 99 }  // unknown encoding: ignored by the parser
        }
        let format4 = try TrueTypeFont(data: bytes)
        for scalar in "AZaz09 àèéìòù€’“”–…ÀÈ§°ß".unicodeScalars {
            #expect(format4.glyph(for: scalar) == regular.glyph(for: scalar))
            #expect(format4.glyph(for: scalar) != nil)
        }
        for value in stride(from: 0x20, to: 0xFFFF, by: 7) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            #expect(format4.glyph(for: scalar) == regular.glyph(for: scalar))
        }
    }

    @Test func rejectsInvalidData() {
        #expect(throws: FontError.self) { try TrueTypeFont(data: []) }
        #expect(throws: FontError.self) { try TrueTypeFont(data: Array("not a font at all".utf8)) }
        #expect(throws: FontError.self) { try TrueTypeFont(data: Array(regular.data.prefix(4000))) }
        #expect(throws: FontError.self) { try FontLibrary(regularFontData: Data([0, 1, 0, 0]), boldFontData: Data()) }
    }
}

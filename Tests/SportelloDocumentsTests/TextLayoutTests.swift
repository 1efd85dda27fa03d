import Foundation
import Testing

@testable import SportelloDocuments

@Suite("Line wrapping")
struct TextLayoutTests {
    private func measured(_ line: TextLine) -> Double {
        let font = Fixtures.fonts.font(line.style)
        return Double(line.glyphs.reduce(0) { $0 + font.advanceWidth(of: $1) }) * line.size / Double(font.unitsPerEm)
    }

    static let texts = [
        "La presente ricevuta attesta l’invio della domanda tramite lo Sportello telematico del Comune di Esempio, "
            + "con i dati dichiarati dal richiedente ai sensi degli articoli 46 e 47 del D.P.R. 445/2000.",
        String(repeating: "Precipitevolissimevolmente ", count: 12),
        String(repeating: "x", count: 900),
        "https://sportello.comune.example.it/pratiche/2024/000123/allegati/documento-di-identita-fronte-retro.pdf",
        "Importo: € 1.234,56 – “pagato” il 3/5/2024; perché più città?",
    ]

    @Test(arguments: [40.0, 100.0, 157.3, 300.0, PageGeometry.contentWidth])
    func linesNeverExceedTheColumn(width: Double) {
        var shaper = TextShaper(fonts: Fixtures.fonts)
        for text in Self.texts {
            for style in FontStyle.allCases {
                let lines = shaper.wrap(text, style: style, size: 10, width: width)
                #expect(!lines.isEmpty)
                for line in lines {
                    #expect(line.width <= width + 1e-9, "\(line.width) > \(width)")
                    #expect(abs(line.width - measured(line)) < 1e-9)
                }
            }
        }
    }

    @Test func noTextIsLostWhenWrapping() {
        var shaper = TextShaper(fonts: Fixtures.fonts)
        let space = Fixtures.fonts.regular.glyph(for: " ")
        for text in Self.texts {
            let lines = shaper.wrap(text, style: .regular, size: 10, width: 120)
            let wrapped = lines.flatMap(\.glyphs).filter { $0 != space }
            let original = shaper.shape(text, style: .regular).glyphs.filter { $0 != space }
            #expect(wrapped == original)
        }
    }

    @Test func longWordsAreBrokenBetweenCharacters() {
        var shaper = TextShaper(fonts: Fixtures.fonts)
        let lines = shaper.wrap(String(repeating: "à", count: 200), style: .bold, size: 12, width: 80)
        #expect(lines.count > 5)
        #expect(lines.dropLast().allSatisfy { $0.width > 60 && $0.width <= 80 })
        // A single glyph wider than the column is still placed (one per line), never dropped.
        let narrow = shaper.wrap("WWW", style: .bold, size: 12, width: 2)
        #expect(narrow.count == 3)
    }

    @Test func newlinesForceBreaksAndSpacesCollapse() {
        var shaper = TextShaper(fonts: Fixtures.fonts)
        let lines = shaper.wrap("uno\n\ndue    tre", style: .regular, size: 10, width: 400)
        #expect(lines.count == 3)
        #expect(lines[1].glyphs.isEmpty)
        #expect(lines[2].glyphs == shaper.shape("due tre", style: .regular).glyphs)
    }

    @Test func lineStartsAfterBreakHaveNoLeadingSpace() {
        var shaper = TextShaper(fonts: Fixtures.fonts)
        let space = Fixtures.fonts.regular.glyph(for: " ")
        for line in shaper.wrap(Self.texts[0], style: .regular, size: 10, width: 150) {
            #expect(line.glyphs.first != space)
            #expect(line.glyphs.last != space)
        }
    }

    @Test func missingCharactersUseVisibleFallback() {
        var shaper = TextShaper(fonts: Fixtures.fonts)
        let question = Fixtures.fonts.regular.glyph(for: "?")
        let shaped = shaper.shape("a中\u{20000}b", style: .regular)
        #expect(shaped.glyphs.count == 4)
        #expect(shaped.glyphs[1] == question)
        #expect(shaped.glyphs[2] == question)
        #expect(shaper.usage[FontStyle.regular.rawValue].glyphText[question!] == "?")
        #expect(shaper.usage[FontStyle.regular.rawValue].characters["中"] == nil)
    }

    @Test func singleLineIsShortenedWithEllipsis() {
        var shaper = TextShaper(fonts: Fixtures.fonts)
        let ellipsis = Fixtures.fonts.bold.glyph(for: "…")
        let line = shaper.singleLine(String(repeating: "Comune di Esempio ", count: 20), style: .bold, size: 9, width: 200)
        #expect(line.width <= 200)
        #expect(line.width > 180)
        #expect(line.glyphs.last == ellipsis)
        let short = shaper.singleLine("Comune", style: .bold, size: 9, width: 200)
        #expect(short.glyphs.last != ellipsis)
    }

    /// The shaper's fast path skips normalisation and grapheme segmentation for the usual characters; that is only
    /// right if NFC leaves them alone and none of them combines with the character before it.
    @Test func usualCharactersNeedNoNormalisation() {
        for value in UInt32(0)..<0x10000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let decomposition = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars
            for part in decomposition.dropFirst() {
                #expect(
                    TextSanitizer.usualKind(part.value) == .unusual, "U+\(String(value, radix: 16)) ends in a usual character")
            }
            guard TextSanitizer.usualKind(value) != .unusual else { continue }
            #expect(String(scalar).precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual([scalar]))
            #expect(scalar.properties.canonicalCombiningClass == .notReordered)
            #expect(TextSanitizer.usualKind(value) == TextSanitizer.kind(of: scalar))
        }
    }

    @Test func usualAndOtherTextAreShapedAlike() {
        var shaper = TextShaper(fonts: Fixtures.fonts)
        let usual = shaper.wrap("Città\r\n  “più”\tperché", style: .regular, size: 10, width: 400)
        // A decomposed accent takes the general path; the result is the same.
        let other = shaper.wrap("Citta\u{300}\r\n  “più”\tperché", style: .regular, size: 10, width: 400)
        #expect(usual == other)
        #expect(usual.count == 2)
    }
}

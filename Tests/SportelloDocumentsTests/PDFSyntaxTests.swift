import Testing

@testable import SportelloDocuments

@Suite("PDF syntax and escaping")
struct PDFSyntaxTests {
    @Test func literalStringsEscapeDelimiters() {
        #expect(PDFSyntax.literal("a(b)c\\d") == "(a\\(b\\)c\\\\d)")
        #expect(PDFSyntax.literal(") /JavaScript (app.alert(1)") == "(\\) /JavaScript \\(app.alert\\(1\\))")
        #expect(PDFSyntax.literal("line\nbreak\r\t") == "(line\\nbreak\\r\\t)")
        #expect(PDFSyntax.literal("\u{0}\u{1B}") == "(\\000\\033)")
        #expect(PDFSyntax.literal("città") == "(citt?)")
    }

    @Test func textStringsUseUTF16ForNonASCII() {
        #expect(PDFSyntax.textString("Sportello") == "(Sportello)")
        #expect(PDFSyntax.textString("città €") == "<FEFF006300690074007400E0002020AC>")
        #expect(PDFSyntax.textString("a\u{7}b") == "(ab)")
        #expect(PDFSyntax.textString("x)\u{1F600}") == "<FEFF00780029D83DDE00>")
    }

    @Test func namesEscapeDelimitersAndSpaces() {
        #expect(PDFSyntax.name("ABCDEF+DejaVuSans") == "/ABCDEF+DejaVuSans")
        #expect(PDFSyntax.name("Dé Font/(x)#") == "/D#C3#A9#20Font#2F#28x#29#23")
        #expect(PDFSyntax.name(String(repeating: "A", count: 300)).count == 128)
    }

    @Test func numbersHaveNoExponent() {
        #expect(PDFSyntax.number(0) == "0")
        #expect(PDFSyntax.number(-0.0001) == "0")
        #expect(PDFSyntax.number(595.28) == "595.28")
        #expect(PDFSyntax.number(12.5) == "12.5")
        #expect(PDFSyntax.number(-3.0005) == "-3.001")
        #expect(PDFSyntax.number(0.05) == "0.05")
        #expect(PDFSyntax.number(1e-20) == "0")
        #expect(PDFSyntax.number(123_456_789) == "123456789")
        #expect(PDFSyntax.number(.nan) == "0")
    }

    @Test func sanitizerDropsControlCharacters() {
        #expect(TextSanitizer.clean("a\u{0}b\u{7}c\u{1B}[31m\u{200B}d\u{AD}", keepNewlines: true) == "abc[31md")
        #expect(TextSanitizer.clean("uno\r\ndue\rtre\u{2028}quattro", keepNewlines: true) == "uno\ndue\ntre\nquattro")
        #expect(TextSanitizer.clean("uno\ndue\tfine", keepNewlines: false) == "uno due fine")
        // Decomposed accents become precomposed characters (one glyph each).
        #expect(TextSanitizer.clean("citta\u{300}", keepNewlines: false) == "città")
    }

    @Test func xmlEscaping() {
        #expect(
            DocumentInfo.escape("<a href=\"x\">Tom & Jerry's</a>")
                == "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;")
    }
}

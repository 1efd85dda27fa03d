import Foundation

/// Builds a page content stream from draw items. Text is written as hex strings of 2-byte glyph ids, so no caller
/// text ever appears verbatim in the stream.
struct ContentStream {
    private(set) var bytes: [UInt8] = []

    /// Resource names of the fonts, indexed by ``FontStyle/rawValue``.
    static let fontNames = ["/F1", "/F2"]

    mutating func draw(_ item: DrawItem) {
        switch item {
        case let .text(line, x, y, color, angle):
            guard !line.glyphs.isEmpty else { return }
            var text = "BT \(Self.fontNames[line.style.rawValue]) \(PDFSyntax.number(line.size)) Tf "
            text += fill(color)
            if angle == 0 {
                text += "1 0 0 1 \(PDFSyntax.number(x)) \(PDFSyntax.number(y)) Tm <"
            } else {
                let cosine = PDFSyntax.number(cos(angle))
                let sine = PDFSyntax.number(sin(angle))
                let negativeSine = PDFSyntax.number(-sin(angle))
                text += "\(cosine) \(sine) \(negativeSine) \(cosine) \(PDFSyntax.number(x)) \(PDFSyntax.number(y)) Tm <"
            }
            bytes.appendASCII(text)
            for glyph in line.glyphs { PDFSyntax.appendHex(glyph, to: &bytes) }
            bytes.appendASCII("> Tj ET\n")
        case let .horizontalLine(from, to, y, width, color):
            let y = PDFSyntax.number(y)
            bytes.appendASCII(
                stroke(color) + "\(PDFSyntax.number(width)) w \(PDFSyntax.number(from)) \(y) m "
                    + "\(PDFSyntax.number(to)) \(y) l S\n")
        }
    }

    private func fill(_ color: RGBColor) -> String {
        "\(PDFSyntax.number(color.red)) \(PDFSyntax.number(color.green)) \(PDFSyntax.number(color.blue)) rg "
    }

    private func stroke(_ color: RGBColor) -> String {
        "\(PDFSyntax.number(color.red)) \(PDFSyntax.number(color.green)) \(PDFSyntax.number(color.blue)) RG "
    }
}

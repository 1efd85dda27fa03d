import Foundation

/// Builds a page content stream from draw items. Text is written as hex strings of 2-byte glyph ids, so no caller
/// text ever appears verbatim in the stream.
///
/// Fonts, colours and line widths are only set when they change, and consecutive lines of text share one text
/// object, each placed relative to the one before: a page of form rows is about half the size it would be
/// otherwise, which also halves the time spent compressing it.
struct ContentStream {
    private(set) var bytes: [UInt8] = []
    private var font: (style: FontStyle, size: Double)?
    private var fillColor: RGBColor?
    private var strokeColor: RGBColor?
    private var lineWidth: Double?
    private var inTextObject = false
    /// Start of the current line of text in thousandths of a point, while the text matrix is not rotated.
    private var lineStart: (x: Int, y: Int)?

    /// Resource names of the fonts, indexed by ``FontStyle/rawValue``.
    static let fontNames = ["/F1", "/F2"]

    /// The resource name of the image with this index in the composer's list.
    static func imageName(_ index: Int) -> String { "/Im\(index + 1)" }

    init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    /// The finished stream.
    consuming func finish() -> [UInt8] {
        endTextObject()
        return bytes
    }

    mutating func draw(_ item: DrawItem) {
        switch item {
        case let .text(line, x, y, color, angle):
            guard !line.glyphs.isEmpty else { return }
            drawText(line, x: x, y: y, color: color, angle: angle)
        case let .horizontalLine(from, to, y, width, color):
            endTextObject()
            setStroke(color, width: width)
            appendNumbers([from, y])
            bytes.appendASCII("m ")
            appendNumbers([to, y])
            bytes.appendASCII("l S\n")
        case let .rectangle(x, y, width, height, fill, stroke, lineWidth):
            guard fill != nil || stroke != nil else { return }
            endTextObject()
            if let fill { setFill(fill) }
            if let stroke { setStroke(stroke, width: lineWidth) }
            appendNumbers([x, y, width, height])
            bytes.appendASCII(fill == nil ? "re S\n" : stroke == nil ? "re f\n" : "re B\n")
        case let .image(index, x, y, width, height):
            endTextObject()
            bytes.appendASCII("q\n")
            appendNumbers([width, 0, 0, height, x, y])
            bytes.appendASCII("cm\n\(Self.imageName(index)) Do\nQ\n")
        case let .slot(_, line, x, y, color):
            _ = drawSlot(line, x: x, y: y, color: color)
        }
    }

    /// Draws a slot's template and returns where its glyph codes start in ``bytes``: four hex digits per glyph, to be
    /// overwritten in place when the slot is filled.
    mutating func drawSlot(_ line: TextLine, x: Double, y: Double, color: RGBColor) -> Int {
        drawText(line, x: x, y: y, color: color, angle: 0)
        // The glyph codes end with "> Tj\n".
        return bytes.count - 5 - line.glyphs.count * 4
    }

    private mutating func drawText(_ line: TextLine, x: Double, y: Double, color: RGBColor, angle: Double) {
        if !inTextObject {
            bytes.appendASCII("BT\n")
            inTextObject = true
            lineStart = nil
        }
        if font == nil || font?.style != line.style || font?.size != line.size {
            bytes.appendASCII(Self.fontNames[line.style.rawValue])
            bytes.append(0x20)
            PDFSyntax.appendNumber(line.size, to: &bytes)
            bytes.appendASCII(" Tf\n")
            font = (line.style, line.size)
        }
        setFill(color)
        if angle == 0 {
            let start = (x: Self.thousandths(x), y: Self.thousandths(y))
            if let lineStart {
                PDFSyntax.appendThousandths(start.x - lineStart.x, to: &bytes)
                bytes.append(0x20)
                PDFSyntax.appendThousandths(start.y - lineStart.y, to: &bytes)
                bytes.appendASCII(" Td\n")
            } else {
                bytes.appendASCII("1 0 0 1 ")
                PDFSyntax.appendThousandths(start.x, to: &bytes)
                bytes.append(0x20)
                PDFSyntax.appendThousandths(start.y, to: &bytes)
                bytes.appendASCII(" Tm\n")
            }
            lineStart = start
        } else {
            appendNumbers([cos(angle), sin(angle), -sin(angle), cos(angle), x, y])
            bytes.appendASCII("Tm\n")
            lineStart = nil
        }
        bytes.append(0x3C)
        PDFSyntax.appendHex(line.glyphs, to: &bytes)
        bytes.appendASCII("> Tj\n")
    }

    private mutating func endTextObject() {
        guard inTextObject else { return }
        bytes.appendASCII("ET\n")
        inTextObject = false
    }

    private mutating func setFill(_ color: RGBColor) {
        guard fillColor != color else { return }
        appendNumbers([color.red, color.green, color.blue])
        bytes.appendASCII("rg\n")
        fillColor = color
    }

    private mutating func setStroke(_ color: RGBColor, width: Double) {
        if strokeColor != color {
            appendNumbers([color.red, color.green, color.blue])
            bytes.appendASCII("RG\n")
            strokeColor = color
        }
        if lineWidth != width {
            PDFSyntax.appendNumber(width, to: &bytes)
            bytes.appendASCII(" w\n")
            lineWidth = width
        }
    }

    /// Each number followed by a space.
    private mutating func appendNumbers(_ values: [Double]) {
        for value in values {
            PDFSyntax.appendNumber(value, to: &bytes)
            bytes.append(0x20)
        }
    }

    private static func thousandths(_ value: Double) -> Int {
        let scaled = (value * 1000).rounded()
        return scaled.isFinite && abs(scaled) < 9e15 ? Int(scaled) : 0
    }
}

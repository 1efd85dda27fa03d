/// The glyphs a document uses in one font, and the text each glyph stands for.
/// Feeds the font subset, its `cmap` and the PDF `/ToUnicode` map.
struct FontUsage {
    /// Characters rendered with this font and their glyphs.
    var characters: [Unicode.Scalar: UInt16] = [:]
    /// For each glyph used, the text it represents (the first character that produced it).
    var glyphText: [UInt16: String] = [:]

    var isEmpty: Bool { glyphText.isEmpty }
}

/// Text converted to glyphs, with the information needed to break it into lines.
struct ShapedText {
    var glyphs: [UInt16] = []
    /// Advance widths in font units.
    var advances: [Int] = []
    /// True where a new user-perceived character (grapheme cluster) starts: a long word may be broken there.
    var characterStarts: [Bool] = []
    /// True for space glyphs (line-break opportunities, dropped at line ends).
    var spaces: [Bool] = []
    /// True after a hyphen (a line may end after it).
    var hyphens: [Bool] = []

    var count: Int { glyphs.count }
}

/// One laid-out line: glyphs in one font and size.
struct TextLine: Equatable {
    let style: FontStyle
    let size: Double
    let glyphs: [UInt16]
    /// Width in points.
    let width: Double
}

/// Maps text to glyphs using a ``FontLibrary`` and records which glyphs were used.
///
/// Characters the font does not cover are drawn as `?` (or `.notdef` if even that is missing).
struct TextShaper {
    let fonts: FontLibrary
    private(set) var usage: [FontUsage] = Array(repeating: FontUsage(), count: FontStyle.allCases.count)

    init(fonts: FontLibrary) {
        self.fonts = fonts
    }

    static let fallbackCharacter: Unicode.Scalar = "?"

    /// Shapes already-cleaned text (see ``TextSanitizer``) without line breaks.
    mutating func shape(_ text: String, style: FontStyle) -> ShapedText {
        let font = fonts.font(style)
        var shaped = ShapedText()
        shaped.glyphs.reserveCapacity(text.utf8.count)
        shaped.advances.reserveCapacity(text.utf8.count)
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII (without CR LF pairs, removed by the sanitizer): every scalar is a character of its own.
            for byte in text.utf8 {
                let glyph = glyph(for: Unicode.Scalar(byte), in: font, style: style)
                shaped.glyphs.append(glyph)
                shaped.advances.append(font.advanceWidth(of: glyph))
                shaped.characterStarts.append(true)
                shaped.spaces.append(byte == 0x20)
                shaped.hyphens.append(byte == 0x2D || byte == 0x2F)
            }
            return shaped
        }
        for character in text {
            var first = true
            for scalar in character.unicodeScalars {
                let glyph = glyph(for: scalar, in: font, style: style)
                shaped.glyphs.append(glyph)
                shaped.advances.append(font.advanceWidth(of: glyph))
                shaped.characterStarts.append(first)
                shaped.spaces.append(scalar == " ")
                shaped.hyphens.append(scalar == "-" || scalar == "/")
                first = false
            }
        }
        return shaped
    }

    private mutating func glyph(for scalar: Unicode.Scalar, in font: TrueTypeFont, style: FontStyle) -> UInt16 {
        if let known = usage[style.rawValue].characters[scalar] { return known }
        var glyph: UInt16 = 0
        var text = String(scalar)
        if let mapped = font.glyph(for: scalar) {
            glyph = mapped
            usage[style.rawValue].characters[scalar] = mapped
        } else if let fallback = font.glyph(for: Self.fallbackCharacter) {
            glyph = fallback
            text = String(Self.fallbackCharacter)
            usage[style.rawValue].characters[Self.fallbackCharacter] = fallback
        }
        if usage[style.rawValue].glyphText[glyph] == nil { usage[style.rawValue].glyphText[glyph] = text }
        return glyph
    }

    /// Breaks text into lines no wider than `width` points. `\n` in `text` forces a line break; runs of spaces
    /// collapse to one. Words wider than the line are broken between characters.
    mutating func wrap(_ text: String, style: FontStyle, size: Double, width: Double) -> [TextLine] {
        let font = fonts.font(style)
        let scale = size / Double(font.unitsPerEm)
        let limit = width / scale
        var lines: [TextLine] = []
        for piece in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let collapsed = piece.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            let shaped = shape(collapsed, style: style)
            let ranges = Self.breakLines(shaped, limit: limit)
            if ranges.isEmpty {
                lines.append(TextLine(style: style, size: size, glyphs: [], width: 0))
            }
            for range in ranges {
                let advance = shaped.advances[range].reduce(0, +)
                lines.append(
                    TextLine(
                        style: style, size: size, glyphs: Array(shaped.glyphs[range]),
                        width: Double(advance) * scale))
            }
        }
        return lines
    }

    /// A single line, shortened with an ellipsis when wider than `width` points.
    mutating func singleLine(_ text: String, style: FontStyle, size: Double, width: Double) -> TextLine {
        let font = fonts.font(style)
        let scale = size / Double(font.unitsPerEm)
        let collapsed = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        let shaped = shape(collapsed, style: style)
        var total = shaped.advances.reduce(0, +)
        if Double(total) * scale <= width {
            return TextLine(style: style, size: size, glyphs: shaped.glyphs, width: Double(total) * scale)
        }
        let ellipsis = shape("…", style: style)
        let ellipsisWidth = ellipsis.advances.reduce(0, +)
        var end = shaped.count
        while end > 0 {
            let boundary = end == shaped.count || shaped.characterStarts[end]
            if boundary && Double(total + ellipsisWidth) * scale <= width { break }
            end -= 1
            total -= shaped.advances[end]
        }
        while end > 0 && shaped.spaces[end - 1] {
            end -= 1
            total -= shaped.advances[end]
        }
        return TextLine(
            style: style, size: size, glyphs: Array(shaped.glyphs[0..<end]) + ellipsis.glyphs,
            width: Double(total + ellipsisWidth) * scale)
    }

    /// `line` with an ellipsis appended, dropping glyphs at the end as needed to stay within `width` points.
    mutating func withEllipsis(_ line: TextLine, width: Double) -> TextLine {
        let font = fonts.font(line.style)
        let scale = line.size / Double(font.unitsPerEm)
        let ellipsis = shape("…", style: line.style)
        let ellipsisWidth = Double(ellipsis.advances.reduce(0, +)) * scale
        var glyphs = line.glyphs
        var lineWidth = line.width
        while !glyphs.isEmpty && lineWidth + ellipsisWidth > width {
            lineWidth -= Double(font.advanceWidth(of: glyphs.removeLast())) * scale
        }
        return TextLine(style: line.style, size: line.size, glyphs: glyphs + ellipsis.glyphs, width: lineWidth + ellipsisWidth)
    }

    /// Greedy line breaking over glyph advances. Returns glyph ranges without leading or trailing spaces.
    static func breakLines(_ text: ShapedText, limit: Double) -> [Range<Int>] {
        var lines: [Range<Int>] = []
        let count = text.count
        var index = 0
        while index < count {
            while index < count && text.spaces[index] { index += 1 }
            guard index < count else { break }
            let start = index
            var width = 0
            var breakEnd: Int?  // where the line may end ...
            var breakNext = 0  // ... and where the next line then starts
            var end = count
            var next = count
            var position = start
            while position < count {
                if text.spaces[position] {
                    breakEnd = position
                    breakNext = position + 1
                } else if Double(width + text.advances[position]) > limit {
                    if let breakEnd, breakEnd > start {
                        end = breakEnd
                        next = breakNext
                    } else {
                        // No break opportunity: split the word before the character that does not fit,
                        // keeping at least one whole character on the line.
                        var split = position
                        while split > start && !text.characterStarts[split] { split -= 1 }
                        if split == start {
                            split = start + 1
                            while split < count && !text.characterStarts[split] { split += 1 }
                        }
                        end = split
                        next = split
                    }
                    break
                } else if text.hyphens[position] && position + 1 < count && !text.spaces[position + 1]
                    && text.characterStarts[position + 1]
                {
                    breakEnd = position + 1
                    breakNext = position + 1
                }
                width += text.advances[position]
                position += 1
            }
            var trimmed = end
            while trimmed > start && text.spaces[trimmed - 1] { trimmed -= 1 }
            lines.append(start..<trimmed)
            index = next
        }
        return lines
    }
}

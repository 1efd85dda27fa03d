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
    var advances: [Int32] = []
    /// ``characterStart``, ``space`` and ``hyphen`` bits for each glyph.
    var flags: [UInt8] = []
    /// Where each paragraph (text between forced line breaks) ends, as glyph indices.
    var paragraphEnds: [Int] = []

    /// A new user-perceived character (grapheme cluster) starts here: a long word may be broken before it.
    static let characterStart: UInt8 = 1
    /// A space glyph: a line-break opportunity, dropped at line ends.
    static let space: UInt8 = 2
    /// A hyphen or slash: a line may end after it.
    static let hyphen: UInt8 = 4

    var count: Int { glyphs.count }

    mutating func removeAll() {
        glyphs.removeAll(keepingCapacity: true)
        advances.removeAll(keepingCapacity: true)
        flags.removeAll(keepingCapacity: true)
        paragraphEnds.removeAll(keepingCapacity: true)
    }

    mutating func append(_ glyph: UInt16, advance: Int, flags: UInt8) {
        glyphs.append(glyph)
        advances.append(Int32(advance))
        self.flags.append(flags)
    }
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
/// Text is cleaned while it is shaped, by the rules of ``TextSanitizer``. Characters the font does not cover are
/// drawn as `?` (or `.notdef` if even that is missing).
struct TextShaper {
    let fonts: FontLibrary
    private(set) var usage: [FontUsage] = Array(repeating: FontUsage(), count: FontStyle.allCases.count)
    /// For each style and usual character (by ``TextSanitizer/usualIndex(_:)``), its glyph and advance once it has
    /// been recorded in ``usage``: bit 31 set, the advance in bits 16–30, the glyph in bits 0–15; zero before. The
    /// usage dictionaries are only touched the first time a character is seen.
    private var usualGlyphs: [UInt32]
    /// Reused between calls, so shaping allocates nothing once the buffers have grown.
    private var scratch = ShapedText()

    init(fonts: FontLibrary) {
        self.fonts = fonts
        usualGlyphs = Array(repeating: 0, count: FontStyle.allCases.count * TextSanitizer.usualCount)
    }

    static let fallbackCharacter: Unicode.Scalar = "?"

    /// Shapes text without line breaks (newlines count as spaces). Runs of spaces are kept.
    mutating func shape(_ text: String, style: FontStyle) -> ShapedText {
        var shaped = ShapedText()
        shape(text, style: style, keepNewlines: false, collapseSpaces: false, into: &shaped)
        return shaped
    }

    /// Shapes text into `shaped` (emptied first), cleaning it on the way. With `keepNewlines` line breaks end
    /// paragraphs, otherwise they count as spaces. With `collapseSpaces`, spaces at the start and end of paragraphs are
    /// dropped and runs of spaces become one.
    private mutating func shape(
        _ text: String, style: FontStyle, keepNewlines: Bool, collapseSpaces: Bool, into shaped: inout ShapedText
    ) {
        shaped.removeAll()
        let font = fonts.font(style)
        if shapeUsualText(text, font: font, style: style, keepNewlines: keepNewlines, collapse: collapseSpaces, into: &shaped) {
            return
        }
        // Other scripts, combining marks, emoji: normalise, and let the string find the character boundaries.
        shaped.removeAll()
        var state = ShapingState(keepNewlines: keepNewlines, collapseSpaces: collapseSpaces)
        for character in text.precomposedStringWithCanonicalMapping {
            var first = true
            for scalar in character.unicodeScalars {
                let kind = TextSanitizer.kind(of: scalar)
                if kind == .visible {
                    let glyph = glyph(for: scalar, in: font, style: style)
                    state.appendPendingSpace(to: &shaped, shaper: &self, font: font, style: style)
                    shaped.append(
                        glyph, advance: font.advanceWidth(of: glyph),
                        flags: (first ? ShapedText.characterStart : 0) | Self.hyphenFlag(scalar.value))
                    first = false
                } else {
                    state.handle(kind, scalar: scalar.value, shaped: &shaped, shaper: &self, font: font, style: style)
                }
            }
        }
        state.finish(&shaped)
    }

    /// The fast path: returns false as soon as a character is not one of the usual ones (see
    /// ``TextSanitizer/usualKind(_:)``), leaving `shaped` incomplete. It follows the rules of ``ShapingState`` but
    /// writes into buffers sized for the worst case (one glyph per UTF-8 byte) instead of appending glyph by glyph.
    private mutating func shapeUsualText(
        _ text: String, font: TrueTypeFont, style: FontStyle, keepNewlines: Bool, collapse: Bool,
        into shaped: inout ShapedText
    ) -> Bool {
        let capacity = text.utf8.count
        shaped.glyphs.append(contentsOf: repeatElement(0, count: capacity))
        shaped.advances.append(contentsOf: repeatElement(0, count: capacity))
        shaped.flags.append(contentsOf: repeatElement(0, count: capacity))
        let kinds = TextSanitizer.usualKinds
        let base = style.rawValue * TextSanitizer.usualCount
        var space = usualGlyphs[base + 0x20]
        if space == 0 { space = cacheGlyph(for: " ", in: font, style: style, at: base + 0x20) }
        var paragraphEnds: [Int] = []
        var count = 0
        let usual = shaped.glyphs.withUnsafeMutableBufferPointer { glyphs in
            shaped.advances.withUnsafeMutableBufferPointer { advances in
                shaped.flags.withUnsafeMutableBufferPointer { flags in
                    var pendingSpaces = 0
                    var paragraphStart = 0
                    var afterCarriageReturn = false
                    for scalar in text.unicodeScalars {
                        let index = TextSanitizer.usualIndex(scalar.value)
                        guard index >= 0 else { return false }
                        let kind = kinds[index]
                        let wasAfterCarriageReturn = afterCarriageReturn
                        afterCarriageReturn = kind == .carriageReturn
                        func writeSpaces() {
                            for _ in 0..<(collapse ? min(pendingSpaces, 1) : pendingSpaces) {
                                glyphs[count] = UInt16(truncatingIfNeeded: space)
                                advances[count] = Int32(space >> 16 & 0x7FFF)
                                flags[count] = ShapedText.characterStart | ShapedText.space
                                count += 1
                            }
                            pendingSpaces = 0
                        }
                        switch kind {
                        case .visible:
                            writeSpaces()
                            var entry = usualGlyphs[base + index]
                            if entry == 0 { entry = cacheGlyph(for: scalar, in: font, style: style, at: base + index) }
                            glyphs[count] = UInt16(truncatingIfNeeded: entry)
                            advances[count] = Int32(entry >> 16 & 0x7FFF)
                            flags[count] = ShapedText.characterStart | Self.hyphenFlag(scalar.value)
                            count += 1
                        case .lineBreak where wasAfterCarriageReturn && scalar.value == 0x0A:
                            continue
                        case .lineBreak, .carriageReturn:
                            if keepNewlines {
                                // Spaces before a forced break are dropped when collapsing, as in ShapingState.
                                if collapse { pendingSpaces = 0 } else { writeSpaces() }
                                paragraphEnds.append(count)
                                paragraphStart = count
                            } else if !collapse || count > paragraphStart {
                                pendingSpaces += 1
                            }
                        case .space:
                            if !collapse || count > paragraphStart { pendingSpaces += 1 }
                        case .ignored, .unusual:
                            continue
                        }
                    }
                    return true
                }
            }
        }
        guard usual else { return false }
        shaped.glyphs.removeLast(capacity - count)
        shaped.advances.removeLast(capacity - count)
        shaped.flags.removeLast(capacity - count)
        shaped.paragraphEnds = paragraphEnds
        shaped.paragraphEnds.append(count)
        return true
    }

    @inline(__always)
    private static func hyphenFlag(_ value: UInt32) -> UInt8 {
        value == 0x2D || value == 0x2F ? ShapedText.hyphen : 0
    }

    /// Spaces, line breaks and removed characters while shaping.
    private struct ShapingState {
        let keepNewlines: Bool
        let collapseSpaces: Bool
        var pendingSpaces = 0
        var paragraphStart = 0
        var afterCarriageReturn = false

        init(keepNewlines: Bool, collapseSpaces: Bool) {
            self.keepNewlines = keepNewlines
            self.collapseSpaces = collapseSpaces
        }

        @inline(__always)
        mutating func appendPendingSpace(
            to shaped: inout ShapedText, shaper: inout TextShaper, font: TrueTypeFont, style: FontStyle
        ) {
            afterCarriageReturn = false
            guard pendingSpaces > 0 else { return }
            let glyph = shaper.glyph(for: " ", in: font, style: style)
            for _ in 0..<(collapseSpaces ? 1 : pendingSpaces) {
                shaped.append(glyph, advance: font.advanceWidth(of: glyph), flags: ShapedText.characterStart | ShapedText.space)
            }
            pendingSpaces = 0
        }

        mutating func handle(
            _ kind: TextSanitizer.Kind, scalar: UInt32, shaped: inout ShapedText, shaper: inout TextShaper,
            font: TrueTypeFont, style: FontStyle
        ) {
            let wasAfterCarriageReturn = afterCarriageReturn
            afterCarriageReturn = kind == .carriageReturn
            switch kind {
            case .space:
                addSpace(shaped)
            case .lineBreak where wasAfterCarriageReturn && scalar == 0x0A:
                return
            case .lineBreak, .carriageReturn:
                if keepNewlines {
                    if !collapseSpaces { appendPendingSpace(to: &shaped, shaper: &shaper, font: font, style: style) }
                    afterCarriageReturn = kind == .carriageReturn
                    pendingSpaces = 0
                    shaped.paragraphEnds.append(shaped.count)
                    paragraphStart = shaped.count
                } else {
                    addSpace(shaped)
                }
            case .visible, .ignored, .unusual:
                return
            }
        }

        private mutating func addSpace(_ shaped: ShapedText) {
            if !collapseSpaces || shaped.count > paragraphStart { pendingSpaces += 1 }
        }

        mutating func finish(_ shaped: inout ShapedText) {
            shaped.paragraphEnds.append(shaped.count)
        }
    }

    /// The glyph for a character (or the fallback), recording its use.
    @inline(__always)
    private mutating func glyph(for scalar: Unicode.Scalar, in font: TrueTypeFont, style: FontStyle) -> UInt16 {
        let index = TextSanitizer.usualIndex(scalar.value)
        guard index >= 0 else { return recordGlyph(for: scalar, in: font, style: style) }
        let slot = style.rawValue * TextSanitizer.usualCount + index
        let entry = usualGlyphs[slot]
        return UInt16(truncatingIfNeeded: entry != 0 ? entry : cacheGlyph(for: scalar, in: font, style: style, at: slot))
    }

    /// Records a usual character's glyph and keeps it, with its advance, in ``usualGlyphs``.
    private mutating func cacheGlyph(
        for scalar: Unicode.Scalar, in font: TrueTypeFont, style: FontStyle, at slot: Int
    ) -> UInt32 {
        let glyph = recordGlyph(for: scalar, in: font, style: style)
        let entry = 0x8000_0000 | UInt32(min(font.advanceWidth(of: glyph), 0x7FFF)) << 16 | UInt32(glyph)
        usualGlyphs[slot] = entry
        return entry
    }

    private mutating func recordGlyph(for scalar: Unicode.Scalar, in font: TrueTypeFont, style: FontStyle) -> UInt16 {
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

    /// Records characters as used without drawing them, so that they are in the font subset (e.g. the digits of a
    /// slot filled in later).
    mutating func reserve(_ text: String, style: FontStyle) {
        let font = fonts.font(style)
        for scalar in text.unicodeScalars { _ = glyph(for: scalar, in: font, style: style) }
    }

    /// A slot's template as a line: one glyph per character, spaces included. The digits 0–9 are recorded as used, so
    /// the font subset can show any value filled in later.
    mutating func slotLine(_ template: String, style: FontStyle, size: Double) -> TextLine {
        reserve("0123456789", style: style)
        let font = fonts.font(style)
        var glyphs: [UInt16] = []
        var units = 0
        for scalar in template.unicodeScalars {
            let glyph = glyph(for: scalar, in: font, style: style)
            glyphs.append(glyph)
            units += font.advanceWidth(of: glyph)
        }
        return TextLine(style: style, size: size, glyphs: glyphs, width: Double(units) * size / Double(font.unitsPerEm))
    }

    /// Breaks text into lines no wider than `width` points. Line breaks in `text` force a new line; runs of spaces
    /// collapse to one. Words wider than the line are broken between characters. The text is cleaned by the rules of
    /// ``TextSanitizer`` (with `keepNewlines` false, line breaks count as spaces).
    mutating func wrap(
        _ text: String, style: FontStyle, size: Double, width: Double, keepNewlines: Bool = true
    ) -> [TextLine] {
        let font = fonts.font(style)
        let scale = size / Double(font.unitsPerEm)
        let limit = width / scale
        var shaped = ShapedText()
        swap(&shaped, &scratch)
        defer { swap(&shaped, &scratch) }
        shape(text, style: style, keepNewlines: keepNewlines, collapseSpaces: true, into: &shaped)
        var lines: [TextLine] = []
        var paragraphStart = 0
        for paragraphEnd in shaped.paragraphEnds {
            let before = lines.count
            Self.breakLines(shaped, from: paragraphStart, to: paragraphEnd, limit: limit) { range in
                var advance = 0
                for index in range { advance += Int(shaped.advances[index]) }
                lines.append(
                    TextLine(
                        style: style, size: size, glyphs: Array(shaped.glyphs[range]), width: Double(advance) * scale))
            }
            if lines.count == before { lines.append(TextLine(style: style, size: size, glyphs: [], width: 0)) }
            paragraphStart = paragraphEnd
        }
        return lines
    }

    /// A single line, shortened with an ellipsis when wider than `width` points. Line breaks count as spaces.
    mutating func singleLine(_ text: String, style: FontStyle, size: Double, width: Double) -> TextLine {
        let font = fonts.font(style)
        let scale = size / Double(font.unitsPerEm)
        var shaped = ShapedText()
        swap(&shaped, &scratch)
        defer { swap(&shaped, &scratch) }
        shape(text, style: style, keepNewlines: false, collapseSpaces: true, into: &shaped)
        var total = 0
        for advance in shaped.advances { total += Int(advance) }
        if Double(total) * scale <= width {
            return TextLine(style: style, size: size, glyphs: shaped.glyphs, width: Double(total) * scale)
        }
        let ellipsis = shape("…", style: style)
        let ellipsisWidth = Int(ellipsis.advances.reduce(0, +))
        var end = shaped.count
        while end > 0 {
            let boundary = end == shaped.count || shaped.flags[end] & ShapedText.characterStart != 0
            if boundary && Double(total + ellipsisWidth) * scale <= width { break }
            end -= 1
            total -= Int(shaped.advances[end])
        }
        while end > 0 && shaped.flags[end - 1] & ShapedText.space != 0 {
            end -= 1
            total -= Int(shaped.advances[end])
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

    /// Greedy line breaking over glyph advances: calls `emit` with the glyph range of each line, without leading or
    /// trailing spaces.
    static func breakLines(
        _ text: ShapedText, from first: Int, to count: Int, limit: Double, emit: (Range<Int>) -> Void
    ) {
        text.flags.withUnsafeBufferPointer { flags in
            text.advances.withUnsafeBufferPointer { advances in
                let limit = limit.isFinite ? Int(limit.rounded(.down)) : Int.max
                var index = first
                while index < count {
                    while index < count && flags[index] & ShapedText.space != 0 { index += 1 }
                    guard index < count else { break }
                    let start = index
                    var width = 0
                    var breakEnd = -1  // where the line may end ...
                    var breakNext = 0  // ... and where the next line then starts
                    var end = count
                    var next = count
                    var position = start
                    while position < count {
                        let flag = flags[position]
                        if flag & ShapedText.space != 0 {
                            breakEnd = position
                            breakNext = position + 1
                        } else if width + Int(advances[position]) > limit {
                            if breakEnd > start {
                                end = breakEnd
                                next = breakNext
                            } else {
                                // No break opportunity: split the word before the character that does not fit,
                                // keeping at least one whole character on the line.
                                var split = position
                                while split > start && flags[split] & ShapedText.characterStart == 0 { split -= 1 }
                                if split == start {
                                    split = start + 1
                                    while split < count && flags[split] & ShapedText.characterStart == 0 { split += 1 }
                                }
                                end = split
                                next = split
                            }
                            break
                        } else if flag & ShapedText.hyphen != 0 && position + 1 < count
                            && flags[position + 1] & (ShapedText.space | ShapedText.characterStart)
                                == ShapedText.characterStart
                        {
                            breakEnd = position + 1
                            breakNext = position + 1
                        }
                        width += Int(advances[position])
                        position += 1
                    }
                    var trimmed = end
                    while trimmed > start && flags[trimmed - 1] & ShapedText.space != 0 { trimmed -= 1 }
                    emit(start..<trimmed)
                    index = next
                }
            }
        }
    }
}

import Foundation

/// Clean-up of caller text before layout: control and invisible format characters are removed, tabs become spaces,
/// line and paragraph separators become line breaks, and the text is normalised to NFC so accents are single glyphs.
///
/// The shaper applies the same rules while it shapes (see ``TextShaper``); ``clean(_:keepNewlines:)`` serves the
/// strings that are not laid out, such as metadata.
enum TextSanitizer {
    /// What a character turns into.
    enum Kind: UInt8 {
        /// Drawn.
        case visible
        /// A space or a tab: a break opportunity; runs of them collapse when text is wrapped.
        case space
        /// LF, VT, FF, NEL, U+2028 and U+2029.
        case lineBreak
        /// CR: a line break, and a following LF belongs to it.
        case carriageReturn
        /// Control and format characters: removed.
        case ignored
        /// Not one of the usual characters (see ``usualKind(_:)``).
        case unusual
    }

    /// The kind of any character (never ``Kind/unusual``).
    static func kind(of scalar: Unicode.Scalar) -> Kind {
        switch scalar.value {
        case 0x0A, 0x0B, 0x0C, 0x85, 0x2028, 0x2029: .lineBreak
        case 0x0D: .carriageReturn
        case 0x09, 0x20: .space
        case 0x21..<0x7F: .visible
        default:
            switch scalar.properties.generalCategory {
            case .control, .format: .ignored
            default: .visible
            }
        }
    }

    /// The kind of a usual character, ``Kind/unusual`` for the others.
    ///
    /// The usual characters are those below U+0300 (Latin, with the precomposed accented letters) and U+2002 ..< U+20D0
    /// (spaces, punctuation, currency signs). Text made only of them is already in NFC, and each of them is a
    /// user-perceived character of its own, so it can be shaped scalar by scalar, without normalisation or grapheme
    /// segmentation. (U+2000 and U+2001 are left out because NFC replaces them; combining marks start at U+0300 and
    /// U+20D0.)
    @inline(__always)
    static func usualKind(_ value: UInt32) -> Kind {
        let index = usualIndex(value)
        return index >= 0 ? usualKinds[index] : .unusual
    }

    /// The number of usual characters.
    static let usualCount = 0x300 + 0xCE

    /// The position of a usual character in ``usualKinds`` (and in the shaper's glyph cache), or -1.
    @inline(__always)
    static func usualIndex(_ value: UInt32) -> Int {
        if value < 0x300 { return Int(value) }
        let offset = value &- 0x2002
        return offset < 0xCE ? 0x300 + Int(offset) : -1
    }

    /// The kinds of the usual characters, by ``usualIndex(_:)``.
    static let usualKinds: [Kind] = {
        let values = Array(0..<0x300) + Array(0x2002..<0x20D0)
        return values.map { Unicode.Scalar(UInt32($0)).map { kind(of: $0) } ?? .ignored }
    }()

    /// Removes control and invisible format characters, turns tabs into spaces and line/paragraph separators into
    /// `\n` (when `keepNewlines`, otherwise into spaces). Also normalises to NFC so accents are single glyphs.
    static func clean(_ text: String, keepNewlines: Bool) -> String {
        // Most text is printable ASCII: nothing to do.
        if text.utf8.allSatisfy({ (0x20..<0x7F).contains($0) }) { return text }
        let isUsual = text.unicodeScalars.allSatisfy { usualKind($0.value) != .unusual }
        let normalized = isUsual ? text : text.precomposedStringWithCanonicalMapping
        var scalars = String.UnicodeScalarView()
        var previousWasCarriageReturn = false
        for scalar in normalized.unicodeScalars {
            let kind = kind(of: scalar)
            defer { previousWasCarriageReturn = kind == .carriageReturn }
            switch kind {
            case .lineBreak where previousWasCarriageReturn && scalar == "\n":
                continue
            case .lineBreak, .carriageReturn:
                scalars.append(keepNewlines ? "\n" : " ")
            case .space:
                scalars.append(" ")
            case .visible:
                scalars.append(scalar)
            case .ignored, .unusual:
                continue
            }
        }
        return String(scalars)
    }
}

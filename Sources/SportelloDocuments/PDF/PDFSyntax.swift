import Foundation

/// Serialisation of PDF primitive values. Every piece of caller-supplied text that reaches the file passes through
/// one of these functions, so the file structure cannot be broken by the content.
enum PDFSyntax {
    /// A literal string `( … )` for ASCII text: `\`, `(` and `)` are escaped and every byte outside printable ASCII is
    /// written as an octal escape. Non-ASCII characters are replaced with `?`; use ``textString(_:)`` for them.
    static func literal(_ text: String) -> String {
        var result = "("
        result.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "(": result += "\\("
            case ")": result += "\\)"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case " "..."~": result.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x80 {
                    let octal = String(scalar.value, radix: 8)
                    result += "\\" + String(repeating: "0", count: 3 - octal.count) + octal
                } else {
                    result += "?"
                }
            }
        }
        return result + ")"
    }

    /// A text string (PDF 1.4, 3.8.1): a literal string when the text is printable ASCII, otherwise a hex string in
    /// UTF-16BE with a byte-order mark. Control characters are dropped.
    static func textString(_ text: String) -> String {
        let clean = String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }))
        if clean.unicodeScalars.allSatisfy({ $0.value < 0x7F }) { return literal(clean) }
        var bytes: [UInt8] = [0xFE, 0xFF]
        for unit in clean.utf16 { bytes.appendUInt16(unit) }
        return hexString(bytes)
    }

    /// A hex string `< … >`.
    static func hexString(_ bytes: some Sequence<UInt8>) -> String {
        var result = "<"
        for byte in bytes { appendHex(byte, to: &result) }
        return result + ">"
    }

    static func appendHex(_ byte: UInt8, to string: inout String) {
        string.unicodeScalars.append(Unicode.Scalar(hexDigits[Int(byte >> 4)]))
        string.unicodeScalars.append(Unicode.Scalar(hexDigits[Int(byte & 0x0F)]))
    }

    /// Appends the four hex digits of a 2-byte glyph id.
    static func appendHex(_ value: UInt16, to bytes: inout [UInt8]) {
        bytes.append(hexDigits[Int(value >> 12)])
        bytes.append(hexDigits[Int(value >> 8 & 0x0F)])
        bytes.append(hexDigits[Int(value >> 4 & 0x0F)])
        bytes.append(hexDigits[Int(value & 0x0F)])
    }

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// A name object `/…`: characters outside the regular printable ASCII range and delimiters become `#xx`.
    /// Names are limited to 127 bytes (PDF/A-1 implementation limit).
    static func name(_ text: String) -> String {
        var result = "/"
        for byte in text.utf8.prefix(127) {
            switch byte {
            case 0x21...0x7E where !"#%()<>[]{}/".utf8.contains(byte):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result += "#"
                appendHex(byte, to: &result)
            }
        }
        return result
    }

    /// A real number with at most three decimals and no exponent (PDF has no exponent syntax).
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let scaled = (value * 1000).rounded()
        guard abs(scaled) < 9e15 else { return value > 0 ? "32767" : "-32767" }
        let thousandths = Int(scaled)
        if thousandths == 0 { return "0" }
        let magnitude = thousandths.magnitude
        var result = thousandths < 0 ? "-" : ""
        result += String(magnitude / 1000)
        var fraction = magnitude % 1000
        if fraction != 0 {
            var digits = 3
            while fraction % 10 == 0 {
                fraction /= 10
                digits -= 1
            }
            let text = String(fraction)
            result += "." + String(repeating: "0", count: digits - text.count) + text
        }
        return result
    }
}

/// Clean-up of caller text before layout.
enum TextSanitizer {
    /// Removes control and invisible format characters, turns tabs into spaces and line/paragraph separators into
    /// `\n` (when `keepNewlines`, otherwise into spaces). Also normalises to NFC so accents are single glyphs.
    static func clean(_ text: String, keepNewlines: Bool) -> String {
        // Most text is printable ASCII: nothing to do.
        if text.utf8.allSatisfy({ (0x20..<0x7F).contains($0) }) { return text }
        // Combining marks start at U+0300: text below it (Latin-1, accented letters included) is already NFC.
        let normalized =
            text.unicodeScalars.allSatisfy({ $0.value < 0x300 }) ? text : text.precomposedStringWithCanonicalMapping
        var scalars = String.UnicodeScalarView()
        var previousWasCarriageReturn = false
        for scalar in normalized.unicodeScalars {
            defer { previousWasCarriageReturn = scalar == "\r" }
            switch scalar.value {
            case 0x0A where previousWasCarriageReturn:
                continue
            case 0x0A, 0x0D, 0x0B, 0x0C, 0x85, 0x2028, 0x2029:
                scalars.append(keepNewlines ? "\n" : " ")
            case 0x09:
                scalars.append(" ")
            case 0x20..<0x7F:
                scalars.append(scalar)
            default:
                switch scalar.properties.generalCategory {
                case .control, .format: continue
                default: scalars.append(scalar)
                }
            }
        }
        return String(scalars)
    }
}

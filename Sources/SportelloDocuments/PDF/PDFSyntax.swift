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
        @inline(__always) func digit(_ nibble: UInt16) -> UInt8 {
            UInt8(truncatingIfNeeded: nibble < 10 ? 0x30 + nibble : 0x37 + nibble)
        }
        bytes.append(digit(value >> 12))
        bytes.append(digit(value >> 8 & 0x0F))
        bytes.append(digit(value >> 4 & 0x0F))
        bytes.append(digit(value & 0x0F))
    }

    /// Appends four hex digits for each glyph id, in one append.
    static func appendHex(_ values: [UInt16], to bytes: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: values.count * 4) { buffer in
            @inline(__always) func digit(_ nibble: UInt16) -> UInt8 {
                let nibble = UInt8(truncatingIfNeeded: nibble & 0x0F)
                return nibble < 10 ? 0x30 + nibble : 0x37 + nibble
            }
            var index = 0
            for value in values {
                buffer[index] = digit(value >> 12)
                buffer[index + 1] = digit(value >> 8)
                buffer[index + 2] = digit(value >> 4)
                buffer[index + 3] = digit(value)
                index += 4
            }
            bytes.append(contentsOf: buffer)
        }
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
        var bytes: [UInt8] = []
        appendNumber(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends ``number(_:)`` of `value`.
    static func appendNumber(_ value: Double, to bytes: inout [UInt8]) {
        guard value.isFinite else { return bytes.append(0x30) }
        let scaled = (value * 1000).rounded()
        guard abs(scaled) < 9e15 else { return bytes.appendASCII(value > 0 ? "32767" : "-32767") }
        appendThousandths(Int(scaled), to: &bytes)
    }

    /// Appends a number given in thousandths, e.g. 56690 as `56.69`.
    static func appendThousandths(_ thousandths: Int, to bytes: inout [UInt8]) {
        if thousandths < 0 { bytes.append(0x2D) }
        let magnitude = thousandths.magnitude
        appendInteger(magnitude / 1000, to: &bytes)
        let fraction = magnitude % 1000
        guard fraction != 0 else { return }
        bytes.append(0x2E)
        bytes.append(0x30 + UInt8(fraction / 100))
        if fraction % 100 != 0 { bytes.append(0x30 + UInt8(fraction / 10 % 10)) }
        if fraction % 10 != 0 { bytes.append(0x30 + UInt8(fraction % 10)) }
    }

    /// Appends the decimal digits of a non-negative integer.
    static func appendInteger(_ value: UInt, to bytes: inout [UInt8]) {
        if value < 10 { return bytes.append(0x30 + UInt8(value)) }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            while rest > 0 && count < 10 {
                buffer[count] = 0x30 + UInt8(rest % 10)
                rest /= 10
                count += 1
            }
        }
        if rest > 0 { appendInteger(rest, to: &bytes) }
        withUnsafeBytes(of: &digits) { buffer in
            for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[index]) }
        }
    }
}

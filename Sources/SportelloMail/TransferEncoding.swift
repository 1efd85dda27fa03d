/// The MIME content transfer encodings (RFC 2045 §6.7, §6.8), written straight into a byte array.
enum TransferEncoding {
    static let base64Alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// Input bytes per 76-character base64 line.
    static let base64BytesPerLine = 57

    /// The number of bytes `appendBase64Lines` writes for `count` input bytes.
    static func base64LinesLength(_ count: Int) -> Int {
        let lines = (count + base64BytesPerLine - 1) / base64BytesPerLine
        return (count + 2) / 3 * 4 + lines * 2
    }

    /// Appends base64 in lines of 76 characters, each ended by CRLF (the last one too, unless `bytes` is empty).
    static func appendBase64Lines(_ bytes: [UInt8], to output: inout [UInt8]) {
        let count = bytes.count
        guard count > 0 else { return }
        let start = output.count
        let length = base64LinesLength(count)
        output.append(contentsOf: repeatElement(0, count: length))
        output.withUnsafeMutableBufferPointer { outputBuffer in
            bytes.withUnsafeBufferPointer { input in
                base64Alphabet.withUnsafeBufferPointer { alphabet in
                    var o = start
                    var i = 0
                    while i < count {
                        let lineEnd = min(i + base64BytesPerLine, count)
                        while i + 3 <= lineEnd {
                            let value = UInt32(input[i]) << 16 | UInt32(input[i + 1]) << 8 | UInt32(input[i + 2])
                            outputBuffer[o] = alphabet[Int(value >> 18 & 0x3F)]
                            outputBuffer[o + 1] = alphabet[Int(value >> 12 & 0x3F)]
                            outputBuffer[o + 2] = alphabet[Int(value >> 6 & 0x3F)]
                            outputBuffer[o + 3] = alphabet[Int(value & 0x3F)]
                            o += 4
                            i += 3
                        }
                        let rest = lineEnd - i
                        if rest > 0 {
                            // Only the last line can end with a partial group.
                            let second = rest == 2 ? UInt32(input[i + 1]) : 0
                            let value = UInt32(input[i]) << 16 | second << 8
                            outputBuffer[o] = alphabet[Int(value >> 18 & 0x3F)]
                            outputBuffer[o + 1] = alphabet[Int(value >> 12 & 0x3F)]
                            outputBuffer[o + 2] = rest == 2 ? alphabet[Int(value >> 6 & 0x3F)] : UInt8(ascii: "=")
                            outputBuffer[o + 3] = UInt8(ascii: "=")
                            o += 4
                            i += rest
                        }
                        outputBuffer[o] = .cr
                        outputBuffer[o + 1] = .lf
                        o += 2
                    }
                }
            }
        }
    }

    /// Base64 without line breaks (for RFC 2047 "B" words and SMTP AUTH).
    static func base64(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var iterator = bytes.makeIterator()
        while let first = iterator.next() {
            let second = iterator.next()
            let third = iterator.next()
            let value = UInt32(first) << 16 | UInt32(second ?? 0) << 8 | UInt32(third ?? 0)
            output.append(base64Alphabet[Int(value >> 18 & 0x3F)])
            output.append(base64Alphabet[Int(value >> 12 & 0x3F)])
            output.append(second == nil ? UInt8(ascii: "=") : base64Alphabet[Int(value >> 6 & 0x3F)])
            output.append(third == nil ? UInt8(ascii: "=") : base64Alphabet[Int(value & 0x3F)])
        }
        return output
    }

    /// Appends text as quoted-printable with lines of at most 76 characters. Line breaks in the text (CRLF, LF or
    /// a lone CR) become CRLF line breaks; whitespace before a line break, `=`, control characters and every
    /// non-ASCII byte are escaped. Nothing is added after the last character (the boundary that follows brings its
    /// own CRLF).
    static func appendQuotedPrintable(_ text: String, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { input in
            output.reserveCapacity(output.count + input.count + input.count / 8 + 8)
            let count = input.count
            var column = 0
            var i = 0
            while i < count {
                let byte = input[i]
                if byte == .cr || byte == .lf {
                    if byte == .cr && i + 1 < count && input[i + 1] == .lf { i += 1 }
                    output.append(.cr)
                    output.append(.lf)
                    column = 0
                    i += 1
                    continue
                }
                let next = i + 1 < count ? input[i + 1] : .lf
                let endsLine = next == .cr || next == .lf
                let escaped: Bool
                switch byte {
                case .space, .tab: escaped = endsLine
                case UInt8(ascii: "="): escaped = true
                case 0x21...0x7E: escaped = false
                default: escaped = true
                }
                let width = escaped ? 3 : 1
                // A line holds 76 characters; a soft break needs one of them for its "=", unless this is the
                // last character of the line.
                if column + width > (endsLine ? 76 : 75) {
                    output.append(UInt8(ascii: "="))
                    output.append(.cr)
                    output.append(.lf)
                    column = 0
                }
                if escaped {
                    output.append(UInt8(ascii: "="))
                    output.append(hexDigits[Int(byte >> 4)])
                    output.append(hexDigits[Int(byte & 0x0F)])
                } else {
                    output.append(byte)
                }
                column += width
                i += 1
            }
        }
    }
}

extension UInt8 {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
}

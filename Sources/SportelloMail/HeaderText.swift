import Foundation

/// Header field text per RFC 5322 and its MIME extensions: folding, RFC 2047 encoded-words, display names,
/// RFC 2231 parameters.
enum HeaderText {
    /// Lines are folded before they grow beyond this (RFC 5322 §2.1.1 "SHOULD").
    static let lineLimit = 78
    /// An encoded-word is at most 75 characters (RFC 2047 §2).
    static let encodedWordLimit = 75

    /// atext of RFC 5322 §3.2.3: characters an atom may hold.
    static func isAtext(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-/=?^_`{|}~".utf8.contains(byte)
        }
    }

    /// The text with every control character (line breaks included) replaced by a space, so that no value can end
    /// a header line and start another one.
    static func sanitized(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            result.append(isControl(scalar) ? " " : scalar)
        }
        return String(result)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x85: return true
        default: return false
        }
    }

    /// Whether the text can go into a header as it is: printable ASCII words separated by single spaces, none too
    /// long to fold, and nothing that a reader would take for an encoded-word.
    static func isPlainWords(_ text: String, maximumWordLength: Int = 70) -> Bool {
        var wordLength = 0
        var previous: UInt8 = .space
        for byte in text.utf8 {
            switch byte {
            case .space:
                if previous == .space { return false }
                wordLength = 0
            case 0x21...0x7E:
                if previous == UInt8(ascii: "=") && byte == UInt8(ascii: "?") { return false }
                wordLength += 1
                if wordLength > maximumWordLength { return false }
            default:
                return false
            }
            previous = byte
        }
        return previous != .space || text.isEmpty
    }

    // MARK: RFC 2047 encoded-words

    /// Characters that may stand for themselves in a "Q" encoded-word in any position, phrases included
    /// (RFC 2047 §5 (3)).
    private static func isQSafe(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "!"), UInt8(ascii: "*"), UInt8(ascii: "+"),
            UInt8(ascii: "-"), UInt8(ascii: "/"):
            return true
        default:
            return false
        }
    }

    /// The text as UTF-8 encoded-words, each at most 75 characters and the first at most `firstLimit` (when that
    /// leaves room for some text; otherwise the first word is a full one too). A character's bytes are never split
    /// between two words. "Q" or "B", whichever is shorter for this text.
    static func encodedWords(_ text: String, firstLimit: Int = encodedWordLimit) -> [[UInt8]] {
        let bytes = Array(text.utf8)
        let qLength = bytes.reduce(0) { $0 + (isQSafe($1) || $1 == .space ? 1 : 3) }
        let useQ = qLength <= (bytes.count + 2) / 3 * 4
        let prefix: [UInt8] = Array((useQ ? "=?utf-8?q?" : "=?utf-8?b?").utf8)
        let overhead = prefix.count + 2
        var limit = firstLimit - overhead >= 12 ? min(firstLimit, encodedWordLimit) : encodedWordLimit

        var words: [[UInt8]] = []
        var start = 0
        while start < bytes.count {
            // Take whole characters while the encoded payload fits.
            var end = start
            var payload = 0
            while end < bytes.count {
                let length = utf8SequenceLength(bytes[end])
                let characterEnd = min(end + length, bytes.count)
                let cost: Int
                if useQ {
                    cost = bytes[end..<characterEnd].reduce(0) { $0 + (isQSafe($1) || $1 == .space ? 1 : 3) }
                } else {
                    cost = (characterEnd - start + 2) / 3 * 4 - payload
                }
                if payload + cost > limit - overhead && end > start { break }
                payload += cost
                end = characterEnd
            }
            var word = prefix
            if useQ {
                for byte in bytes[start..<end] {
                    if byte == .space {
                        word.append(UInt8(ascii: "_"))
                    } else if isQSafe(byte) {
                        word.append(byte)
                    } else {
                        word.append(UInt8(ascii: "="))
                        word.append(TransferEncoding.hexDigits[Int(byte >> 4)])
                        word.append(TransferEncoding.hexDigits[Int(byte & 0x0F)])
                    }
                }
            } else {
                word.append(contentsOf: TransferEncoding.base64(bytes[start..<end]))
            }
            word.append(UInt8(ascii: "?"))
            word.append(UInt8(ascii: "="))
            words.append(word)
            start = end
            limit = encodedWordLimit
        }
        return words
    }

    private static func utf8SequenceLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0xF0...: return 4
        case 0xE0...: return 3
        case 0xC0...: return 2
        default: return 1
        }
    }

    // MARK: Values

    /// Appends unstructured text (a subject, an extra header's value): plain words when they can be, encoded-words
    /// otherwise.
    static func appendUnstructured(_ text: String, to field: inout HeaderField) {
        let text = sanitized(text)
        if isPlainWords(text) {
            for word in text.utf8.split(separator: .space) { field.append(word) }
        } else {
            for word in encodedWords(text, firstLimit: field.roomOnLine) { field.append(word) }
        }
    }

    /// Appends a display name as atoms, a quoted string, or encoded-words when it is not ASCII.
    static func appendPhrase(_ name: String, to field: inout HeaderField) {
        let name = sanitized(name).trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { return }
        if isPlainWords(name) {
            if name.utf8.allSatisfy({ $0 == .space || isAtext($0) }) {
                for word in name.utf8.split(separator: .space) { field.append(word) }
            } else {
                var quoted: [UInt8] = [UInt8(ascii: "\"")]
                for byte in name.utf8 {
                    if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { quoted.append(UInt8(ascii: "\\")) }
                    quoted.append(byte)
                }
                quoted.append(UInt8(ascii: "\""))
                field.append(quoted)
            }
        } else {
            for word in encodedWords(name, firstLimit: field.roomOnLine) { field.append(word) }
        }
    }

    /// Appends a list of mailboxes separated by commas. Throws when an address is not valid.
    static func appendAddressList(_ mailboxes: [MailAddress], to field: inout HeaderField) throws(MailError) {
        for (index, mailbox) in mailboxes.enumerated() {
            guard mailbox.isValid else {
                throw MailError.invalidMessage("invalid address in \(field.name): \(sanitized(mailbox.address))")
            }
            let separator = index < mailboxes.count - 1 ? "," : ""
            if let name = mailbox.name, !sanitized(name).trimmingCharacters(in: .whitespaces).isEmpty {
                appendPhrase(name, to: &field)
                field.append(Array("<\(mailbox.address)>\(separator)".utf8))
            } else {
                field.append(Array("\(mailbox.address)\(separator)".utf8))
            }
        }
    }

    // MARK: RFC 2231 parameters

    /// Appends `name*=utf-8''…` (split into numbered sections when long) followed by `name="ASCII fallback"`, or
    /// only `name="value"` when the value is short plain ASCII. The extended form comes first: readers that know
    /// it take it, the others find the plain one.
    static func appendParameter(_ name: String, value: String, isLast: Bool, to field: inout HeaderField) {
        let fallback = asciiFallback(value)
        let end = isLast ? "" : ";"
        if fallback == value && value.utf8.count <= 60 {
            field.append(Array("\(name)=\"\(value)\"\(end)".utf8))
            return
        }
        let encoded = percentEncoded(value)
        if encoded.count + name.utf8.count + 11 <= HeaderText.lineLimit - 2 {
            field.append(Array("\(name)*=utf-8''".utf8) + encoded + [UInt8(ascii: ";")])
        } else {
            // Numbered sections, each on a line of its own within 78 characters (a leading space, a trailing ";").
            var start = 0
            var index = 0
            while start < encoded.count {
                let head = Array((index == 0 ? "\(name)*0*=utf-8''" : "\(name)*\(index)*=").utf8)
                var end = min(start + max(HeaderText.lineLimit - 2 - head.count, 8), encoded.count)
                // Never split a %XX escape.
                if end < encoded.count {
                    if encoded[end - 1] == UInt8(ascii: "%") {
                        end -= 1
                    } else if encoded[end - 2] == UInt8(ascii: "%") {
                        end -= 2
                    }
                }
                field.append(head + encoded[start..<end] + [UInt8(ascii: ";")])
                start = end
                index += 1
            }
        }
        field.append(Array("\(name)=\"\(fallback)\"\(end)".utf8))
    }

    /// RFC 2231 attribute-char: what may stay as it is in an extended parameter value.
    private static func isAttributeChar(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$&+-.^_`|~".utf8.contains(byte)
        }
    }

    static func percentEncoded(_ value: String) -> [UInt8] {
        var output: [UInt8] = []
        for byte in sanitized(value).utf8 {
            if isAttributeChar(byte) {
                output.append(byte)
            } else {
                output.append(UInt8(ascii: "%"))
                output.append(TransferEncoding.hexDigits[Int(byte >> 4)])
                output.append(TransferEncoding.hexDigits[Int(byte & 0x0F)])
            }
        }
        return output
    }

    /// A printable-ASCII version of a file name for readers without RFC 2231: accents dropped ("José" → "Jose"),
    /// other characters, quotes, backslashes and slashes replaced by "_", at most 60 characters with the extension
    /// kept (so that `filename="…"` fits on a line).
    static func asciiFallback(_ value: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in sanitized(value).decomposedStringWithCanonicalMapping.unicodeScalars {
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            switch scalar.value {
            case 0x22, 0x5C, 0x2F: scalars.append("_")
            case 0x20...0x7E: scalars.append(scalar)
            default: scalars.append("_")
            }
        }
        var result = String(scalars).trimmingCharacters(in: .whitespaces)
        if result.count > 60 {
            let dot = result.lastIndex(of: ".").map { result.distance(from: $0, to: result.endIndex) } ?? 0
            let keep = dot > 0 && dot <= 10 ? String(result.suffix(dot)) : ""
            result = String(result.prefix(60 - keep.count)) + keep
        }
        return result.isEmpty ? "attachment" : result
    }
}

/// One header field being written: tokens separated by single spaces, folded (CRLF + space) before a token that
/// would take the line beyond 78 characters.
struct HeaderField {
    let name: String
    private(set) var bytes: [UInt8]
    private var column: Int
    private var hasTokens = false

    init(_ name: String) {
        self.name = name
        bytes = Array(name.utf8)
        bytes.append(UInt8(ascii: ":"))
        column = bytes.count
    }

    /// How long a token placed on the current line may be.
    var roomOnLine: Int { HeaderText.lineLimit - column - 1 }

    mutating func append(_ token: some Collection<UInt8>) {
        if hasTokens && column + 1 + token.count > HeaderText.lineLimit {
            bytes.append(.cr)
            bytes.append(.lf)
            column = 0
        }
        bytes.append(.space)
        bytes.append(contentsOf: token)
        column += 1 + token.count
        hasTokens = true
    }

    mutating func append(_ token: String) { append(Array(token.utf8)) }

    /// Appends the finished field and its CRLF.
    func write(to output: inout [UInt8]) {
        output.append(contentsOf: bytes)
        output.append(.cr)
        output.append(.lf)
    }
}

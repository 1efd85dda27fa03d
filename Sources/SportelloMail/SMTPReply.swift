import NIOCore

/// A server reply: a three-digit code and one or more lines of text (RFC 5321 §4.2).
public struct SMTPReply: Sendable, Hashable, CustomStringConvertible {
    public var code: Int
    /// The text of each line, without the code and separator.
    public var lines: [String]

    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    /// 2xx.
    public var isPositive: Bool { (200..<300).contains(code) }
    /// 3xx: the server waits for more (DATA content, an AUTH step).
    public var isIntermediate: Bool { (300..<400).contains(code) }
    /// 4xx: the command failed but may succeed later.
    public var isTransientFailure: Bool { (400..<500).contains(code) }
    /// 5xx: the command will fail again.
    public var isPermanentFailure: Bool { code >= 500 }

    public var description: String { "\(code) \(lines.joined(separator: " / "))" }
}

/// The extensions a server announced in its EHLO reply (RFC 5321 §4.1.1.1).
public struct SMTPCapabilities: Sendable, Hashable {
    /// Keyword (upper case) → its parameters, as announced.
    public var extensions: [String: [String]]

    public init(extensions: [String: [String]] = [:]) {
        self.extensions = extensions
    }

    /// Reads the EHLO reply: every line after the first is `KEYWORD [params…]` (`AUTH=PLAIN LOGIN`, an old form,
    /// counts as AUTH).
    public init(ehloReply: SMTPReply) {
        var extensions: [String: [String]] = [:]
        for line in ehloReply.lines.dropFirst() {
            var words = line.split(separator: " ").map(String.init)
            guard !words.isEmpty else { continue }
            var keyword = words.removeFirst().uppercased()
            if keyword.hasPrefix("AUTH=") {
                words.insert(String(keyword.dropFirst(5)), at: 0)
                keyword = "AUTH"
            }
            extensions[keyword, default: []].append(contentsOf: words)
        }
        self.extensions = extensions
    }

    public var supportsStartTLS: Bool { extensions["STARTTLS"] != nil }

    /// The SASL mechanisms offered, in upper case.
    public var authenticationMechanisms: Set<String> { Set((extensions["AUTH"] ?? []).map { $0.uppercased() }) }

    /// The largest message the server accepts, when it says (SIZE with a non-zero value).
    public var maximumMessageSize: Int? {
        guard let value = extensions["SIZE"]?.first, let size = Int(value), size > 0 else { return nil }
        return size
    }
}

/// Reads replies from the bytes a server sends: lines `250-text` continue a reply, `250 text` (or `250`) ends it.
/// Lenient about bare LF; strict about everything else, and bounded, so a hostile server cannot make us hold
/// unlimited text.
struct SMTPReplyParser {
    static let maximumLineLength = 4096
    static let maximumLines = 256

    private var code: Int?
    private var lines: [String] = []

    /// Whether part of a reply has been read but not its last line.
    var isInsideReply: Bool { code != nil }

    /// Takes every complete reply out of `buffer`, leaving an incomplete line there.
    mutating func parse(_ buffer: inout ByteBuffer) throws(MailError) -> [SMTPReply] {
        var replies: [SMTPReply] = []
        while true {
            let view = buffer.readableBytesView
            guard let newline = view.firstIndex(of: .lf) else {
                if view.count > Self.maximumLineLength { throw Self.violation("a reply line is too long") }
                return replies
            }
            var lineBytes = view[view.startIndex..<newline]
            if lineBytes.last == .cr { lineBytes = lineBytes.dropLast() }
            guard lineBytes.count <= Self.maximumLineLength else { throw Self.violation("a reply line is too long") }
            let line = Array(lineBytes)
            buffer.moveReaderIndex(forwardBy: newline - view.startIndex + 1)
            if let reply = try consume(line) { replies.append(reply) }
        }
    }

    private mutating func consume(_ line: [UInt8]) throws(MailError) -> SMTPReply? {
        guard line.count >= 3, line[0...2].allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            (2...5).contains(line[0] - UInt8(ascii: "0"))
        else { throw Self.violation("not an SMTP reply line: \(String(decoding: line.prefix(80), as: UTF8.self))") }
        let lineCode = Int(line[0] - 48) * 100 + Int(line[1] - 48) * 10 + Int(line[2] - 48)
        let separator: UInt8 = line.count > 3 ? line[3] : .space
        guard separator == .space || separator == UInt8(ascii: "-") else {
            throw Self.violation("not an SMTP reply line: \(String(decoding: line.prefix(80), as: UTF8.self))")
        }
        if let code, code != lineCode { throw Self.violation("a multi-line reply changed its code") }
        code = lineCode
        lines.append(line.count > 4 ? String(decoding: line[4...], as: UTF8.self) : "")
        guard lines.count <= Self.maximumLines else { throw Self.violation("a reply has too many lines") }
        guard separator == .space else { return nil }
        defer {
            code = nil
            lines = []
        }
        return SMTPReply(code: lineCode, lines: lines)
    }

    private static func violation(_ detail: String) -> MailError {
        MailError(.protocolViolation, isTransient: true, detail: detail)
    }
}

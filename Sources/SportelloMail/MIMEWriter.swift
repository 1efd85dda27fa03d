/// Writes a ``MailMessage`` as an Internet message (RFC 5322, MIME RFC 2045–2049): CRLF line endings, 7-bit
/// clean, lines of at most 78 characters in the headers and 76 in the bodies.
///
/// Layout: a text-only message is a single `text/plain` part; with HTML the text and the HTML are a
/// `multipart/alternative`; with attachments everything sits in a `multipart/mixed` whose first part is the text
/// (or the alternative). Text goes in quoted-printable, attachments in base64.
public struct MIMEWriter: Sendable {
    /// Header fields the writer sets itself; a message may not add them again.
    static let reservedHeaders: Set<String> = [
        "date", "from", "sender", "to", "cc", "bcc", "reply-to", "message-id", "subject", "mime-version",
        "content-type", "content-transfer-encoding", "content-disposition", "return-path", "received",
    ]

    public init() {}

    /// The message as bytes, ready for SMTP DATA (before dot-stuffing). Throws ``MailError`` with kind
    /// `invalidMessage` for an invalid address, Message-ID or header name, a header the writer owns, or no
    /// recipient at all.
    public func write(_ message: MailMessage) throws(MailError) -> [UInt8] {
        try validate(message)
        var output: [UInt8] = []
        output.reserveCapacity(estimatedSize(of: message))
        try writeHeaders(of: message, to: &output)

        let textBodies = message.htmlBody.map { [("plain", message.textBody), ("html", $0)] } ?? [("plain", message.textBody)]
        if message.attachments.isEmpty {
            writeAlternatives(textBodies, to: &output)
        } else {
            let boundary = Self.makeBoundary()
            writeMultipartHeader("mixed", boundary: boundary, to: &output)
            writeDelimiter(boundary, first: true, to: &output)
            writeAlternatives(textBodies, to: &output)
            for attachment in message.attachments {
                writeDelimiter(boundary, first: false, to: &output)
                writeAttachment(attachment, to: &output)
            }
            writeCloseDelimiter(boundary, to: &output)
        }
        // The message ends with a line break (SMTP needs one before the final "."); a single text part thereby
        // gains one when its text does not end with one already.
        if output.last != .lf {
            output.append(.cr)
            output.append(.lf)
        }
        return output
    }

    // MARK: Headers

    private func validate(_ message: MailMessage) throws(MailError) {
        guard message.from.isValid else {
            throw .invalidMessage("invalid sender address: \(HeaderText.sanitized(message.from.address))")
        }
        guard !message.recipients.isEmpty else { throw .invalidMessage("the message has no recipients") }
        for mailbox in message.to + message.cc + message.bcc + [message.replyTo].compactMap({ $0 }) where !mailbox.isValid {
            throw .invalidMessage("invalid recipient address: \(HeaderText.sanitized(mailbox.address))")
        }
        let id = message.messageID
        guard MailAddress.isValidAddress(id) || Self.isPlainMessageID(id) else {
            throw .invalidMessage("invalid Message-ID: \(HeaderText.sanitized(id))")
        }
        for header in message.headers {
            let name = header.name.utf8
            guard !name.isEmpty, name.count <= 76, name.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E && $0 != UInt8(ascii: ":") })
            else { throw .invalidMessage("invalid header name: \(HeaderText.sanitized(header.name))") }
            guard !Self.reservedHeaders.contains(header.name.lowercased()) else {
                throw .invalidMessage("the header \(header.name) is written from the message's own fields")
            }
        }
    }

    /// `left@right` made of printable ASCII without spaces or angle brackets (looser than an address, as RFC 5322
    /// msg-id allows).
    private static func isPlainMessageID(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        guard bytes.count <= 250, let at = bytes.firstIndex(of: UInt8(ascii: "@")), at > 0, at < bytes.count - 1 else {
            return false
        }
        return bytes.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") }
    }

    private func writeHeaders(of message: MailMessage, to output: inout [UInt8]) throws(MailError) {
        var date = HeaderField("Date")
        date.append(MailDate.format(message.date, timeZone: message.timeZone))
        date.write(to: &output)

        var from = HeaderField("From")
        try HeaderText.appendAddressList([message.from], to: &from)
        from.write(to: &output)

        if message.to.isEmpty {
            var to = HeaderField("To")
            to.append("undisclosed-recipients:;")
            to.write(to: &output)
        } else {
            var to = HeaderField("To")
            try HeaderText.appendAddressList(message.to, to: &to)
            to.write(to: &output)
        }
        if !message.cc.isEmpty {
            var cc = HeaderField("Cc")
            try HeaderText.appendAddressList(message.cc, to: &cc)
            cc.write(to: &output)
        }
        if let replyTo = message.replyTo {
            var field = HeaderField("Reply-To")
            try HeaderText.appendAddressList([replyTo], to: &field)
            field.write(to: &output)
        }
        var messageID = HeaderField("Message-ID")
        messageID.append("<\(message.messageID)>")
        messageID.write(to: &output)

        var subject = HeaderField("Subject")
        HeaderText.appendUnstructured(message.subject, to: &subject)
        subject.write(to: &output)

        for header in message.headers {
            var field = HeaderField(header.name)
            HeaderText.appendUnstructured(header.value, to: &field)
            field.write(to: &output)
        }
        output.append(contentsOf: "MIME-Version: 1.0\r\n".utf8)
    }

    // MARK: Parts

    private func writeAlternatives(_ bodies: [(subtype: String, text: String)], to output: inout [UInt8]) {
        if bodies.count == 1 {
            writeText(bodies[0].text, subtype: bodies[0].subtype, to: &output)
            return
        }
        let boundary = Self.makeBoundary()
        writeMultipartHeader("alternative", boundary: boundary, to: &output)
        for (index, body) in bodies.enumerated() {
            writeDelimiter(boundary, first: index == 0, to: &output)
            writeText(body.text, subtype: body.subtype, to: &output)
        }
        writeCloseDelimiter(boundary, to: &output)
    }

    private func writeText(_ text: String, subtype: String, to output: inout [UInt8]) {
        output.append(contentsOf: "Content-Type: text/\(subtype); charset=utf-8\r\n".utf8)
        output.append(contentsOf: "Content-Transfer-Encoding: quoted-printable\r\n\r\n".utf8)
        TransferEncoding.appendQuotedPrintable(text, to: &output)
    }

    private func writeAttachment(_ attachment: MailAttachment, to output: inout [UInt8]) {
        var type = HeaderField("Content-Type")
        type.append(Self.mediaType(attachment.contentType) + ";")
        HeaderText.appendParameter("name", value: attachment.fileName, isLast: true, to: &type)
        type.write(to: &output)
        var disposition = HeaderField("Content-Disposition")
        disposition.append("attachment;")
        HeaderText.appendParameter("filename", value: attachment.fileName, isLast: true, to: &disposition)
        disposition.write(to: &output)
        output.append(contentsOf: "Content-Transfer-Encoding: base64\r\n\r\n".utf8)
        TransferEncoding.appendBase64Lines(attachment.content, to: &output)
        if !attachment.content.isEmpty { output.removeLast(2) }  // the delimiter that follows brings the CRLF
    }

    /// `type/subtype` in lower case when both are RFC 2045 tokens, `application/octet-stream` otherwise.
    static func mediaType(_ value: String) -> String {
        let parts = value.lowercased().split(separator: "/", omittingEmptySubsequences: false)
        let isToken: (Substring) -> Bool = { part in
            !part.isEmpty && part.utf8.count <= 64
                && part.utf8.allSatisfy { byte in
                    (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x7A) || "!#$&^_.+-".utf8.contains(byte)
                }
        }
        guard parts.count == 2, isToken(parts[0]), isToken(parts[1]) else { return "application/octet-stream" }
        return "\(parts[0])/\(parts[1])"
    }

    // MARK: Multipart

    /// A boundary that cannot occur in any part: `=_` followed by 128 random bits. Quoted-printable always
    /// follows "=" with two hex digits or a line break, base64 has no "_", and header lines never start with
    /// "--", so no line of content can begin with "--=_".
    static func makeBoundary() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        return "=_" + String(high, radix: 36) + "." + String(low, radix: 36)
    }

    private func writeMultipartHeader(_ subtype: String, boundary: String, to output: inout [UInt8]) {
        var field = HeaderField("Content-Type")
        field.append("multipart/\(subtype);")
        field.append("boundary=\"\(boundary)\"")
        field.write(to: &output)
        output.append(.cr)
        output.append(.lf)
    }

    /// A part starts after `--boundary`. The CRLF in front of a delimiter belongs to the delimiter (RFC 2046
    /// §5.1.1), so a part's content ends exactly where its text ends; the first delimiter follows the blank line
    /// after the headers directly.
    private func writeDelimiter(_ boundary: String, first: Bool, to output: inout [UInt8]) {
        output.append(contentsOf: "\(first ? "" : "\r\n")--\(boundary)\r\n".utf8)
    }

    private func writeCloseDelimiter(_ boundary: String, to output: inout [UInt8]) {
        output.append(contentsOf: "\r\n--\(boundary)--".utf8)
    }

    private func estimatedSize(of message: MailMessage) -> Int {
        let text = message.textBody.utf8.count + (message.htmlBody?.utf8.count ?? 0)
        let attachments = message.attachments.reduce(0) { $0 + TransferEncoding.base64LinesLength($1.content.count) + 512 }
        return 2048 + text + text / 2 + attachments
    }
}

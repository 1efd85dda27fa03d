import Foundation
import Testing

@testable import SportelloMail

@Suite("MIME writer")
struct MIMEWriterTests {
    let writer = MIMEWriter()

    private func headerSection(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        return String(text[..<text.range(of: "\r\n\r\n")!.lowerBound])
    }

    /// Header names at the start of a line (continuation lines start with a space).
    private func headerNames(_ bytes: [UInt8]) -> [String] {
        headerSection(bytes).components(separatedBy: "\r\n").filter { !$0.hasPrefix(" ") }.map {
            String($0[..<$0.firstIndex(of: ":")!])
        }
    }

    private func lines(_ bytes: [UInt8]) -> [String] {
        String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n")
    }

    @Test func theMessageIsSevenBitWithCRLFLinesOfAtMost78Characters() throws {
        let bytes = try writer.write(Fixtures.receipt())
        #expect(bytes.allSatisfy { $0 < 0x80 })
        for (index, byte) in bytes.enumerated() where byte == .lf {
            #expect(index > 0 && bytes[index - 1] == .cr)
        }
        for (index, byte) in bytes.enumerated() where byte == .cr {
            #expect(index + 1 < bytes.count && bytes[index + 1] == .lf)
        }
        #expect(bytes.suffix(2) == [.cr, .lf])
        for line in lines(bytes) { #expect(line.utf8.count <= 78, "\(line)") }
    }

    @Test func headersComeInTheUsualOrderWithTheExtraOnes() throws {
        let names = headerNames(try writer.write(Fixtures.receipt()))
        #expect(
            names == [
                "Date", "From", "To", "Cc", "Reply-To", "Message-ID", "Subject", "Auto-Submitted", "X-Sportello-Message-Key",
                "MIME-Version", "Content-Type",
            ])
    }

    @Test func theDateHasANumericZone() throws {
        #expect(MailDate.format(Fixtures.date, timeZone: MailMessage.defaultTimeZone) == "Tue, 24 Nov 2026 14:05:09 +0100")
        let summer = Date(timeIntervalSince1970: 1_782_900_000)
        #expect(MailDate.format(summer, timeZone: MailMessage.defaultTimeZone) == "Wed, 1 Jul 2026 12:00:00 +0200")
        let beforeEpoch = Date(timeIntervalSince1970: -3600)
        #expect(
            MailDate.format(beforeEpoch, timeZone: TimeZone(secondsFromGMT: -5 * 3600 - 1800)!)
                == "Wed, 31 Dec 1969 17:30:00 -0530")
        let header = headerSection(try writer.write(Fixtures.receipt()))
        #expect(header.hasPrefix("Date: Tue, 24 Nov 2026 14:05:09 +0100\r\n"))
    }

    @Test func aMessageIDIsGeneratedFromTheSendersDomainUnlessGiven() throws {
        let first = Fixtures.receipt()
        let second = Fixtures.receipt()
        #expect(first.messageID != second.messageID)
        #expect(first.messageID.hasSuffix("@comune-di-citta.example.it"))
        #expect(first.messageID.split(separator: "@")[0].count == 32)
        var given = Fixtures.receipt()
        given = MailMessage(from: given.from, to: given.to, subject: "x", textBody: "y", messageID: "<abc.123@example.org>")
        #expect(given.messageID == "abc.123@example.org")
        #expect(headerSection(try writer.write(given)).contains("\r\nMessage-ID: <abc.123@example.org>\r\n"))
    }

    @Test func nonASCIIHeadersAreEncodedWordsOfAtMost75Characters() throws {
        let subject = String(repeating: "Pratica n° 42 – José Müller, Città di Sant’Agata; ", count: 6)
        var message = Fixtures.receipt()
        message.subject = subject
        let header = headerSection(try writer.write(message))
        let words = header.split(whereSeparator: { $0 == " " || $0 == "\r\n" }).filter { $0.hasPrefix("=?") }
        #expect(words.count > 6)
        for word in words {
            #expect(word.count <= 75, "\(word)")
            #expect(word.hasSuffix("?="))
        }
        for line in header.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 78, "\(line)") }
    }

    @Test func encodedWordsNeverSplitACharacter() throws {
        // Every word must decode to valid UTF-8 on its own (RFC 2047 §5).
        for text in ["€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€", "中文中文中文中文中文中文中文中文中文中文中文中文中文", "😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀"] {
            for word in HeaderText.encodedWords(text) {
                let string = String(decoding: word, as: UTF8.self)
                let payload = string.dropFirst(10).dropLast(2)
                let bytes: [UInt8]
                if string.hasPrefix("=?utf-8?b?") {
                    bytes = Array(Data(base64Encoded: String(payload))!)
                } else {
                    bytes = Self.decodeQ(String(payload))
                }
                #expect(String(validating: bytes, as: UTF8.self) != nil, "\(string)")
                #expect(word.count <= 75)
            }
        }
    }

    static func decodeQ(_ text: String) -> [UInt8] {
        var output: [UInt8] = []
        var bytes = Array(text.utf8)[...]
        while let byte = bytes.popFirst() {
            if byte == UInt8(ascii: "=") {
                output.append(UInt8(String(decoding: bytes.prefix(2), as: UTF8.self), radix: 16)!)
                bytes = bytes.dropFirst(2)
            } else {
                output.append(byte == UInt8(ascii: "_") ? 0x20 : byte)
            }
        }
        return output
    }

    @Test(arguments: [
        ("Mario Rossi", "Mario Rossi <m@example.org>"),
        ("Rossi, Mario", "\"Rossi, Mario\" <m@example.org>"),
        ("Mario \"Super\" Rossi", "\"Mario \\\"Super\\\" Rossi\" <m@example.org>"),
        ("", "m@example.org"),
        ("=?utf-8?q?x?=", "=?utf-8?b?PT91dGYtOD9xP3g/PQ==?= <m@example.org>"),
        ("Città", "=?utf-8?b?Q2l0dMOg?= <m@example.org>"),
        ("Comune di Città", "=?utf-8?q?Comune_di_Citt=C3=A0?= <m@example.org>"),
    ])
    func displayNamesAreAtomsQuotedOrEncoded(name: String, expected: String) throws {
        let message = MailMessage(
            from: MailAddress("m@example.org", name: name), to: [MailAddress("x@example.org")], subject: "s", textBody: "t")
        #expect(headerSection(try writer.write(message)).contains("\r\nFrom: \(expected)\r\n"))
    }

    @Test func lineBreaksInHeaderTextCannotStartNewHeaders() throws {
        var message = Fixtures.receipt()
        message.subject = "Ciao\r\nBcc: intruso@example.org"
        message.from.name = "Mario\nX-Injected: yes"
        message.headers.append(MailHeader(name: "X-Note", value: "a\r\nX-Evil: 1\rX-Evil2: 2\u{2028}X-Evil3: 3"))
        let bytes = try writer.write(message)
        let names = headerNames(bytes)
        #expect(!names.contains("Bcc") && !names.contains("X-Injected") && !names.contains("X-Evil"))
        #expect(!names.contains("X-Evil2") && !names.contains("X-Evil3"))
        #expect(names.contains("X-Note"))
    }

    @Test(arguments: [
        MailHeader(name: "X-Bad\r\nBcc", value: "x"), MailHeader(name: "Bad Name", value: "x"), MailHeader(name: "", value: "x"),
        MailHeader(name: "Content-Type", value: "text/html"), MailHeader(name: "bcc", value: "x@example.org"),
    ])
    func invalidOrReservedHeaderNamesAreRefused(header: MailHeader) {
        var message = Fixtures.receipt()
        message.headers = [header]
        #expect(throws: MailError.self) { try writer.write(message) }
    }

    @Test(arguments: [
        "bad@example.org\r\nRCPT TO:<x@y.z>", "no-at-sign", "a b@example.org", "<a@example.org>", "a@", "@b.it", "à@example.org",
    ])
    func invalidAddressesAreRefused(address: String) {
        let message = MailMessage(from: Fixtures.sender, to: [MailAddress(address)], subject: "s", textBody: "t")
        #expect {
            try writer.write(message)
        } throws: { error in
            (error as? MailError)?.kind == .invalidMessage && (error as? MailError)?.isPermanent == true
        }
    }

    @Test func aMessageWithoutRecipientsIsRefused() {
        let message = MailMessage(from: Fixtures.sender, to: [], subject: "s", textBody: "t")
        #expect(throws: MailError.self) { try writer.write(message) }
    }

    @Test func onlyBlindCopiesGiveUndisclosedRecipients() throws {
        let message = MailMessage(from: Fixtures.sender, to: [], bcc: [MailAddress("a@example.org")], subject: "s", textBody: "t")
        let header = headerSection(try writer.write(message))
        #expect(header.contains("\r\nTo: undisclosed-recipients:;\r\n"))
        #expect(!header.contains("a@example.org"))
        #expect(message.recipients == ["a@example.org"])
    }

    @Test func theStructureFollowsTheContent() throws {
        func contentType(_ message: MailMessage) throws -> String {
            let header = headerSection(try writer.write(message))
            let start = header.range(of: "Content-Type: ")!.upperBound
            return String(header[start...].prefix { $0 != ";" })
        }
        var message = MailMessage(from: Fixtures.sender, to: [MailAddress("a@example.org")], subject: "s", textBody: "t")
        #expect(try contentType(message) == "text/plain")
        message.htmlBody = "<p>t</p>"
        #expect(try contentType(message) == "multipart/alternative")
        message.attachments = [MailAttachment(fileName: "a.txt", contentType: "text/plain", content: Array("x".utf8))]
        #expect(try contentType(message) == "multipart/mixed")
        message.htmlBody = nil
        #expect(try contentType(message) == "multipart/mixed")
    }

    @Test func boundariesAreUniqueAndAbsentFromTheContent() throws {
        var message = Fixtures.receipt()
        message.htmlBody = "<p>--=_ e =_ e --</p>"
        let text = String(decoding: try writer.write(message), as: UTF8.self)
        let boundaries = text.components(separatedBy: "boundary=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        #expect(boundaries.count == 2 && boundaries[0] != boundaries[1])
        for boundary in boundaries {
            let delimiterLines = text.components(separatedBy: "\r\n").filter { $0.hasPrefix("--\(boundary)") }
            #expect(delimiterLines.count == (boundary == boundaries[0] ? 4 : 3))
        }
        #expect(!text.contains("\r\n--=_ e"))
    }

    @Test func fileNamesGetAnRFC2231ValueAndAnASCIIFallback() throws {
        let text = String(decoding: try writer.write(Fixtures.receipt()), as: UTF8.self)
        #expect(
            text.contains(
                "Content-Disposition: attachment;\r\n filename*0*=utf-8''Ricevuta%20n%C2%B0%2042%20%E2%80%93%20Jos%C3%A9%20M%C3%BC;\r\n"
                    + " filename*1*=ller.pdf; filename=\"Ricevuta n_ 42 _ Jose Muller.pdf\"\r\n"
            ))
        #expect(text.contains("Content-Disposition: attachment; filename=\"domanda.pdf\"\r\n"))
        #expect(text.contains("Content-Type: application/pdf; name=\"domanda.pdf\"\r\n"))
    }

    @Test func longFileNamesAreSplitIntoSections() throws {
        let name = String(repeating: "Relazione tecnica è allegata ", count: 8) + ".pdf"
        var message = Fixtures.receipt()
        message.attachments = [MailAttachment(fileName: name, contentType: "application/pdf", content: [1, 2, 3])]
        let text = String(decoding: try writer.write(message), as: UTF8.self)
        #expect(text.contains(" filename*0*=utf-8''Relazione%20tecnica%20"))
        #expect(text.contains(" filename*1*="))
        for line in text.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 78, "\(line)") }
    }

    @Test(arguments: [
        ("application/pdf", "application/pdf"), ("Application/PDF", "application/pdf"),
        ("text/plain; charset=utf-8", "application/octet-stream"),
        ("pdf", "application/octet-stream"), ("image/svg+xml", "image/svg+xml"), ("a/b\r\nX: y", "application/octet-stream"),
    ])
    func mediaTypesAreChecked(given: String, written: String) {
        #expect(MIMEWriter.mediaType(given) == written)
    }
}

import Foundation
import NIOCore
import Testing

@testable import SportelloMail

@Suite("Transfer encodings, dot-stuffing and SMTP replies")
struct EncodingTests {
    private func quotedPrintable(_ text: String) -> String {
        var output: [UInt8] = []
        TransferEncoding.appendQuotedPrintable(text, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    @Test(arguments: [
        ("", ""),
        ("abc", "abc"),
        ("a=b", "a=3Db"),
        ("città", "citt=C3=A0"),
        ("trailing space ", "trailing space=20"),
        ("trailing tab\t\nnext", "trailing tab=09\r\nnext"),
        ("inner  spaces stay", "inner  spaces stay"),
        ("lf\ncrlf\r\ncr\rend", "lf\r\ncrlf\r\ncr\r\nend"),
        (".dot\n.\n", ".dot\r\n.\r\n"),
        ("bell\u{7}", "bell=07"),
    ])
    func quotedPrintableVectors(text: String, encoded: String) {
        #expect(quotedPrintable(text) == encoded)
    }

    @Test func quotedPrintableLinesStayWithin76Characters() {
        let texts = [
            String(repeating: "a", count: 300), String(repeating: "à", count: 100), String(repeating: "ab =", count: 60),
            String(repeating: "x", count: 75) + " \n" + String(repeating: "y", count: 76), String(repeating: "é ", count: 80),
        ]
        for text in texts {
            let encoded = quotedPrintable(text)
            for line in encoded.components(separatedBy: "\r\n") {
                #expect(line.count <= 76, "\(line)")
                #expect(!line.hasSuffix(" ") && !line.hasSuffix("\t"))
            }
            #expect(Self.decodeQuotedPrintable(encoded) == text.replacingOccurrences(of: "\n", with: "\r\n"))
        }
    }

    static func decodeQuotedPrintable(_ encoded: String) -> String {
        var output: [UInt8] = []
        var bytes = Array(encoded.replacingOccurrences(of: "=\r\n", with: "").utf8)[...]
        while let byte = bytes.popFirst() {
            if byte == UInt8(ascii: "=") {
                output.append(UInt8(String(decoding: bytes.prefix(2), as: UTF8.self), radix: 16)!)
                bytes = bytes.dropFirst(2)
            } else {
                output.append(byte)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    @Test(arguments: [0, 1, 2, 3, 56, 57, 58, 114, 1000, 80_000])
    func base64MatchesFoundationIn76CharacterLines(count: Int) {
        let bytes = Fixtures.pdf(size: max(count, 40), seed: UInt64(count)).prefix(count).map { $0 }
        var output: [UInt8] = []
        TransferEncoding.appendBase64Lines(bytes, to: &output)
        let expected = Data(bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn])
        #expect(
            String(decoding: output, as: UTF8.self)
                == (count == 0 ? "" : expected.replacingOccurrences(of: "\r", with: "\r\n") + "\r\n"))
        #expect(output.count == TransferEncoding.base64LinesLength(count))
    }

    @Test func base64WithoutLinesMatchesFoundation() {
        for count in 0..<10 {
            let bytes = (0..<count).map { UInt8($0 * 37 & 0xFF) }
            #expect(String(decoding: TransferEncoding.base64(bytes), as: UTF8.self) == Data(bytes).base64EncodedString())
        }
    }

    private func stuffed(_ text: String) -> String {
        var buffer = ByteBuffer()
        SMTPDataEncoder.appendDotStuffed(Array(text.utf8), to: &buffer)
        return String(buffer: buffer)
    }

    @Test(arguments: [
        ("", ".\r\n"),
        ("a\r\n", "a\r\n.\r\n"),
        ("a", "a\r\n.\r\n"),
        (".a\r\n.\r\n..\r\nb.c\r\n", "..a\r\n..\r\n...\r\nb.c\r\n.\r\n"),
        ("bare\nlf\rcr\r\n.", "bare\r\nlf\r\ncr\r\n..\r\n.\r\n"),
        ("x\r\n.\r\n", "x\r\n..\r\n.\r\n"),
    ])
    func dataIsDotStuffedAndTerminated(data: String, wire: String) {
        #expect(stuffed(data) == wire)
    }

    private func parse(_ chunks: [String]) throws -> [SMTPReply] {
        var parser = SMTPReplyParser()
        var buffer = ByteBuffer()
        var replies: [SMTPReply] = []
        for chunk in chunks {
            buffer.writeString(chunk)
            replies += try parser.parse(&buffer)
        }
        return replies
    }

    @Test func multiLineRepliesAreJoinedEvenWhenSplitAcrossReads() throws {
        let replies = try parse([
            "220 sink.test ESMTP\r\n250-sink.test\r\n250-SIZE 1000", "\r\n250-AUTH=LOGIN\r\n250-auth PLAIN LOGIN\r\n25",
            "0 STARTTLS\r\n354\n",
        ])
        #expect(replies.count == 3)
        #expect(replies[0] == SMTPReply(code: 220, lines: ["sink.test ESMTP"]))
        #expect(replies[1].code == 250 && replies[1].lines.count == 5)
        #expect(replies[2] == SMTPReply(code: 354, lines: [""]))
        let capabilities = SMTPCapabilities(ehloReply: replies[1])
        #expect(capabilities.supportsStartTLS)
        #expect(capabilities.authenticationMechanisms == ["PLAIN", "LOGIN"])
        #expect(capabilities.maximumMessageSize == 1000)
    }

    @Test(arguments: [
        "HTTP/1.1 200 OK\r\n", "25\r\n", "250x\r\n", "250-a\r\n251 b\r\n", "650 no\r\n", String(repeating: "2", count: 5000),
    ])
    func malformedRepliesAreProtocolViolations(input: String) {
        #expect {
            _ = try parse([input])
        } throws: { error in
            (error as? MailError)?.kind == .protocolViolation
        }
    }

    @Test(arguments: [
        (421, true), (450, true), (451, true), (452, true), (454, true), (500, false), (535, false), (550, false), (554, false),
    ])
    func replyCodesAreClassified(code: Int, transient: Bool) {
        let error = MailError.rejected(SMTPReply(code: code, lines: ["x"]), command: "RCPT TO")
        #expect(error.isTransient == transient)
        #expect(error.isPermanent == !transient)
    }
}

import Testing

@testable import SportelloWeb

@Suite("Reading multipart form posts")
struct MultipartParserTests {
    static let boundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW"
    static let file: [UInt8] = Array("%PDF-1.4\r\n--not-a-boundary\r\n\r\n".utf8) + (0..<600).map { UInt8($0 % 256) }

    static var body: [UInt8] {
        var bytes = Array("preamble to ignore\r\n".utf8)
        func add(_ text: String) { bytes += Array(text.utf8) }
        add("--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\nabc\r\n")
        add("--\(boundary)\r\nContent-Disposition: form-data; name=\"a.note\"\r\n\r\nriga 1\r\nriga 2 è\r\n")
        add("--\(boundary)\r\nContent-Disposition: form-data; name=\"a.doc\"; filename=\"C:\\docs\\a %22b%22.pdf\"\r\n")
        add("Content-Type: application/pdf\r\n\r\n")
        bytes += file
        add("\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"empty\"\r\n\r\n\r\n")
        add("--\(boundary)--\r\nepilogue")
        return bytes
    }

    /// Feeds `body` in pieces of `size` bytes and collects whole parts.
    static func parse(_ body: [UInt8], pieces size: Int) throws -> [(name: String, fileName: String?, bytes: [UInt8])] {
        var parser = MultipartParser(boundary: boundary)
        var parts: [(name: String, fileName: String?, bytes: [UInt8])] = []
        var start = 0
        while start < body.count {
            for event in try parser.feed(body[start..<min(start + size, body.count)]) {
                switch event {
                case .part(let name, let fileName, _): parts.append((name, fileName, []))
                case .data(let bytes): parts[parts.count - 1].bytes += bytes
                case .end: break
                }
            }
            start += size
        }
        try parser.finish()
        return parts
    }

    @Test("parts come out the same however the body is split into chunks", arguments: [1, 2, 3, 7, 38, 39, 40, 41, 64, 100_000])
    func anySplit(size: Int) throws {
        let parts = try Self.parse(Self.body, pieces: size)
        #expect(parts.map(\.name) == ["csrf_token", "a.note", "a.doc", "empty"])
        #expect(parts[0].bytes == Array("abc".utf8))
        #expect(String(decoding: parts[1].bytes, as: UTF8.self) == "riga 1\r\nriga 2 è")
        #expect(parts[2].fileName == "C:\\docs\\a \"b\".pdf")
        #expect(parts[2].bytes == Self.file, "a line that only looks like a boundary stays in the file")
        #expect(parts[3].bytes.isEmpty)
    }

    @Test("a truncated body, a missing name and endless headers are errors")
    func malformed() throws {
        let body = Self.body
        #expect(throws: MultipartParser.Failure.self) { try Self.parse(Array(body.prefix(body.count - 20)), pieces: 50) }
        let nameless = Array("--\(Self.boundary)\r\nContent-Disposition: form-data\r\n\r\nx\r\n--\(Self.boundary)--".utf8)
        #expect(throws: MultipartParser.Failure.self) { try Self.parse(nameless, pieces: 10) }
        let endless = Array("--\(Self.boundary)\r\nX-Long: ".utf8) + Array(repeating: UInt8(ascii: "a"), count: 10_000)
        #expect(throws: MultipartParser.Failure.malformed("part headers are too long")) {
            var parser = MultipartParser(boundary: Self.boundary)
            _ = try parser.feed(endless)
        }
    }

    @Test("parameters of a header are read quoted or not, and RFC 8187 names are decoded")
    func headerParameters() {
        let header = HeaderParameters.parse("multipart/form-data; boundary=abc; charset=\"utf-8\"")
        #expect(header.value == "multipart/form-data")
        #expect(header["boundary"] == "abc")
        #expect(header["charset"] == "utf-8")
        #expect(HeaderParameters.extendedValue("UTF-8''d%C3%A9j%C3%A0.pdf") == "déjà.pdf")
        #expect(HeaderParameters.extendedValue("latin1''x") == nil)
    }
}

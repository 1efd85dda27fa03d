/// A streaming reader of `multipart/form-data` bodies (RFC 7578): bytes go in as they arrive,
/// parts come out as events, and a file's content is never held whole in memory.
struct MultipartParser {
    enum Event: Equatable {
        /// A part begins: its form name, and the file name when it is a file.
        case part(name: String, fileName: String?, contentType: String?)
        /// The next bytes of the current part.
        case data([UInt8])
        /// The current part is complete.
        case end
    }

    enum Failure: Error, Equatable {
        case malformed(String)
        case tooManyParts
    }

    private enum State { case preamble, headers, body, afterDelimiter, done }

    private let delimiter: [UInt8]
    private let maximumHeaderBytes: Int
    private let maximumParts: Int
    private var buffer: [UInt8]
    private var position = 0
    private var state = State.preamble
    private var parts = 0

    /// `boundary` as given in the Content-Type header.
    init(boundary: String, maximumHeaderBytes: Int = 8192, maximumParts: Int = 500) {
        delimiter = Array("\r\n--\(boundary)".utf8)
        self.maximumHeaderBytes = maximumHeaderBytes
        self.maximumParts = maximumParts
        // The first delimiter may open the body without a line break before it.
        buffer = Array("\r\n".utf8)
    }

    var isComplete: Bool { state == .done }

    /// Reads the next bytes of the body and returns what they complete.
    mutating func feed(_ bytes: some Sequence<UInt8>) throws -> [Event] {
        if position > 0 && position >= buffer.count / 2 {
            buffer.removeFirst(position)
            position = 0
        }
        buffer.append(contentsOf: bytes)
        var events: [Event] = []
        while try step(&events) {}
        return events
    }

    /// The body ended: anything but a complete final delimiter is an error.
    func finish() throws {
        guard state == .done else { throw Failure.malformed("the body ended before the closing boundary") }
    }

    /// One step of the state machine; false when more bytes are needed.
    private mutating func step(_ events: inout [Event]) throws -> Bool {
        switch state {
        case .preamble:
            guard let found = find(delimiter, from: position) else {
                // Keep only what could still be the start of the delimiter.
                position = max(position, buffer.count - delimiter.count + 1)
                return false
            }
            position = found + delimiter.count
            state = .afterDelimiter
            return true
        case .afterDelimiter:
            var index = position
            while index < buffer.count, buffer[index] == 0x20 || buffer[index] == 0x09 { index += 1 }
            guard index + 2 <= buffer.count else { return false }
            if buffer[index] == 0x2D && buffer[index + 1] == 0x2D {
                state = .done
                position = buffer.count
                return false
            }
            guard buffer[index] == 0x0D && buffer[index + 1] == 0x0A else {
                throw Failure.malformed("a boundary is not followed by a line break")
            }
            position = index + 2
            state = .headers
            return true
        case .headers:
            guard buffer.count - position >= 2 else { return false }
            let headerEnd: Int
            let bodyStart: Int
            if buffer[position] == 0x0D && buffer[position + 1] == 0x0A {
                // A part without headers.
                (headerEnd, bodyStart) = (position, position + 2)
            } else if let end = find(Array("\r\n\r\n".utf8), from: position) {
                (headerEnd, bodyStart) = (end, end + 4)
            } else {
                if buffer.count - position > maximumHeaderBytes { throw Failure.malformed("part headers are too long") }
                return false
            }
            if headerEnd - position > maximumHeaderBytes { throw Failure.malformed("part headers are too long") }
            parts += 1
            if parts > maximumParts { throw Failure.tooManyParts }
            events.append(try Self.part(from: Array(buffer[position..<headerEnd])))
            position = bodyStart
            state = .body
            return true
        case .body:
            if let found = find(delimiter, from: position) {
                if found > position { events.append(.data(Array(buffer[position..<found]))) }
                events.append(.end)
                position = found + delimiter.count
                state = .afterDelimiter
                return true
            }
            // Hand on everything that cannot be the beginning of the delimiter.
            let safe = buffer.count - (delimiter.count - 1)
            if safe > position {
                events.append(.data(Array(buffer[position..<safe])))
                position = safe
            }
            return false
        case .done:
            position = buffer.count
            return false
        }
    }

    private func find(_ needle: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, buffer.count - start >= needle.count else { return nil }
        var index = start
        let last = buffer.count - needle.count
        while index <= last {
            if buffer[index] == first {
                var matched = 1
                while matched < needle.count && buffer[index + matched] == needle[matched] { matched += 1 }
                if matched == needle.count { return index }
            }
            index += 1
        }
        return nil
    }

    /// The form name, file name and type of a part, from its header lines.
    static func part(from headerBytes: [UInt8]) throws -> Event {
        let text = String(decoding: headerBytes, as: UTF8.self)
        var name: String?
        var fileName: String?
        var contentType: String?
        for line in text.split(separator: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { throw Failure.malformed("a part header has no colon") }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            switch key {
            case "content-disposition":
                let parameters = HeaderParameters.parse(value)
                guard parameters.value.lowercased() == "form-data" else {
                    throw Failure.malformed("a part is not form-data")
                }
                name = parameters["name"]
                fileName = parameters["filename*"].flatMap(HeaderParameters.extendedValue) ?? parameters["filename"]
            case "content-type":
                contentType = value
            default:
                continue
            }
        }
        guard let name else { throw Failure.malformed("a part has no name") }
        return .part(name: name, fileName: fileName, contentType: contentType)
    }
}

/// A header value with `; key=value` parameters, quoted or not (Content-Type, Content-Disposition).
struct HeaderParameters {
    var value: String
    var parameters: [String: String]

    subscript(key: String) -> String? { parameters[key.lowercased()] }

    static func parse(_ header: String) -> HeaderParameters {
        var characters = Substring(header)
        func skipSpaces() { while characters.first == " " || characters.first == "\t" { characters.removeFirst() } }
        let value = characters.prefix { $0 != ";" }
        characters.removeFirst(value.count)
        var parameters: [String: String] = [:]
        while characters.first == ";" {
            characters.removeFirst()
            skipSpaces()
            let key = characters.prefix { $0 != "=" && $0 != ";" }
            characters.removeFirst(key.count)
            guard characters.first == "=" else { continue }
            characters.removeFirst()
            skipSpaces()
            var parsed = ""
            if characters.first == "\"" {
                characters.removeFirst()
                // Browsers write form-data names as the HTML standard says: no backslash escapes
                // (a Windows path keeps its backslashes), quotes and line breaks percent-encoded.
                while let character = characters.first, character != "\"" {
                    characters.removeFirst()
                    parsed.append(character)
                }
                parsed = parsed.replacingOccurrences(of: "%22", with: "\"").replacingOccurrences(of: "%0D", with: "\r")
                    .replacingOccurrences(of: "%0A", with: "\n")
                if characters.first == "\"" { characters.removeFirst() }
                characters = characters.drop { $0 != ";" }
            } else {
                let raw = characters.prefix { $0 != ";" }
                characters.removeFirst(raw.count)
                parsed = raw.trimmingCharacters(in: .whitespaces)
            }
            parameters[key.trimmingCharacters(in: .whitespaces).lowercased()] = parsed
        }
        return HeaderParameters(value: value.trimmingCharacters(in: .whitespaces), parameters: parameters)
    }

    /// An RFC 8187 value such as `UTF-8''contratto%20d%C3%A9finitif.pdf`.
    static func extendedValue(_ text: String) -> String? {
        let pieces = text.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard pieces.count == 3, pieces[0].lowercased() == "utf-8" else { return nil }
        return String(pieces[2]).removingPercentEncoding
    }
}

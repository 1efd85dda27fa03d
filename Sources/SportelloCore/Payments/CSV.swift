public import Foundation

/// Writes CSV files for spreadsheets set to Italian: `;` between cells, CRLF between rows, UTF-8 with a
/// byte order mark (so Excel reads accents right), quotes where RFC 4180 needs them.
public enum CSVWriter {
    /// A cell as written: a text starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
    /// leading apostrophe so a spreadsheet shows it instead of running it as a formula (CSV injection);
    /// then it is quoted if it holds the separator, a quote or a line break.
    public static func cell(_ text: String, separator: Character = ";") -> String {
        var value = text
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
            value = "'" + value
        }
        guard value.contains(where: { $0 == separator || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else {
            return value
        }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The byte order mark a file starts with.
    public static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// One row with its line end, for files written piece by piece (streamed exports).
    public static func row(_ cells: [String], separator: Character = ";") -> String {
        cells.map { cell($0, separator: separator) }.joined(separator: String(separator)) + "\r\n"
    }

    /// A whole file: the header row, then the rows.
    public static func document(header: [String], rows: [[String]], separator: Character = ";") -> Data {
        var text = "\u{FEFF}"
        for row in [header] + rows { text += self.row(row, separator: separator) }
        return Data(text.utf8)
    }
}

/// Reads RFC 4180 CSV from UTF-8 bytes: quoted fields (with `""` for a quote, separators and line
/// breaks inside), CRLF or LF line ends. Blank lines are skipped.
struct CSVReader {
    /// One row, with the line of the file it starts on (1-based).
    struct Record {
        var line: Int
        var fields: [String]
        /// Text stood between a closing quote and the next separator; the field keeps the quoted part.
        var isMalformed: Bool
    }

    /// The records, or the line where a quoted field opens that never closes.
    static func records(in bytes: [UInt8], separator: UInt8) -> Result<[Record], UnterminatedQuote> {
        var records: [Record] = []
        var index = 0
        var line = 1
        let count = bytes.count
        let quote = UInt8(ascii: "\"")
        let carriageReturn = UInt8(ascii: "\r")
        let lineFeed = UInt8(ascii: "\n")
        func endsField(_ byte: UInt8) -> Bool { byte == separator || byte == carriageReturn || byte == lineFeed }
        while index < count {
            let recordLine = line
            var fields: [String] = []
            var isMalformed = false
            var field: [UInt8] = []
            while true {
                field.removeAll(keepingCapacity: true)
                if index < count, bytes[index] == quote {
                    index += 1
                    while true {
                        guard index < count else { return .failure(UnterminatedQuote(line: recordLine)) }
                        let byte = bytes[index]
                        if byte == quote {
                            if index + 1 < count, bytes[index + 1] == quote {
                                field.append(quote)
                                index += 2
                                continue
                            }
                            index += 1
                            break
                        }
                        if byte == lineFeed { line += 1 }
                        field.append(byte)
                        index += 1
                    }
                    while index < count, !endsField(bytes[index]) {
                        isMalformed = true
                        index += 1
                    }
                } else {
                    while index < count, !endsField(bytes[index]) {
                        field.append(bytes[index])
                        index += 1
                    }
                }
                fields.append(String(decoding: field, as: UTF8.self))
                guard index < count else { break }
                let byte = bytes[index]
                index += 1
                // A separator at the very end still opens one last, empty field (the loop adds it).
                if byte == separator { continue }
                if byte == carriageReturn, index < count, bytes[index] == lineFeed { index += 1 }
                line += 1
                break
            }
            if fields.count == 1, fields[0].isEmpty, !isMalformed { continue }
            records.append(Record(line: recordLine, fields: fields, isMalformed: isMalformed))
        }
        return .success(records)
    }

    struct UnterminatedQuote: Error {
        var line: Int
    }

    /// `;` or `,`, whichever the header line (outside quotes) holds more of; `;` when neither.
    static func separator(ofHeaderIn bytes: [UInt8]) -> UInt8 {
        var semicolons = 0
        var commas = 0
        var quoted = false
        for byte in bytes {
            if byte == UInt8(ascii: "\"") { quoted.toggle() }
            if quoted { continue }
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
            if byte == UInt8(ascii: ";") { semicolons += 1 }
            if byte == UInt8(ascii: ",") { commas += 1 }
        }
        return commas > semicolons ? UInt8(ascii: ",") : UInt8(ascii: ";")
    }
}

extension String {
    /// Without white space and line breaks at either end. Most values have none, and an ASCII character
    /// at both ends settles that without Foundation's character sets (a third of an import's time).
    var trimmedWhitespace: String {
        guard let first = utf8.first, let last = utf8.last else { return self }
        let printable = UInt8(ascii: "!")...UInt8(ascii: "~")
        if printable.contains(first), printable.contains(last) { return self }
        return trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

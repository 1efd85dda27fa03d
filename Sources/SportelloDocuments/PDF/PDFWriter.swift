/// A reference to an indirect object (generation is always 0).
struct PDFReference: Hashable, Sendable, CustomStringConvertible {
    let number: Int
    var description: String { "\(number) 0 R" }
}

/// Writes indirect objects sequentially and finishes the file with a classic cross-reference table and trailer.
///
/// Object numbers are reserved first (so objects can refer to each other in any order) and their byte offsets are
/// recorded when they are written.
struct PDFWriter {
    private(set) var output: [UInt8] = []
    private var offsets: [Int?] = [nil]  // object 0 is the head of the free list

    /// Starts a PDF 1.4 file. The second line is a comment with four bytes above 127, so transfer programs treat the
    /// file as binary (required by PDF/A-1).
    init() {
        output.reserveCapacity(64 * 1024)
        output.appendASCII("%PDF-1.4\n%")
        output.append(contentsOf: [0xE2, 0xE3, 0xCF, 0xD3])
        output.appendASCII("\n")
    }

    /// Reserves an object number.
    mutating func reserve() -> PDFReference {
        offsets.append(nil)
        return PDFReference(number: offsets.count - 1)
    }

    /// Writes `body` (a dictionary, array, …) as indirect object `reference`.
    mutating func write(_ reference: PDFReference, _ body: String) {
        begin(reference)
        output.appendASCII(body)
        output.appendASCII("\nendobj\n")
    }

    /// Writes a stream object. `entries` are extra dictionary entries (without `<< >>`).
    /// - Parameter compress: when true the data is Flate-compressed and `/Filter /FlateDecode` is added.
    mutating func writeStream(_ reference: PDFReference, entries: String = "", data: [UInt8], compress: Bool) {
        writeStream(reference, entries: entries, payload: compress ? Deflate.zlibCompress(data) : data, compressed: compress)
    }

    /// Writes a stream whose data is already compressed with Flate (or not compressed when `compressed` is false).
    mutating func writeStream(_ reference: PDFReference, entries: String = "", payload: [UInt8], compressed: Bool) {
        begin(reference)
        var dictionary = "<< /Length \(payload.count)"
        if compressed { dictionary += " /Filter /FlateDecode" }
        if !entries.isEmpty { dictionary += " " + entries }
        output.appendASCII(dictionary + " >>\nstream\n")
        output.append(contentsOf: payload)
        output.appendASCII("\nendstream\nendobj\n")
    }

    private mutating func begin(_ reference: PDFReference) {
        precondition(offsets[reference.number] == nil, "object \(reference.number) written twice")
        offsets[reference.number] = output.count
        output.appendASCII("\(reference.number) 0 obj\n")
    }

    /// Writes the cross-reference table and trailer and returns the complete file.
    ///
    /// The file identifier is derived from the file's content, so identical input gives identical output.
    consuming func finish(root: PDFReference, info: PDFReference) -> [UInt8] {
        let identifier = PDFSyntax.hexString(Self.fingerprint(output))
        let startxref = output.count
        output.appendASCII("xref\n0 \(offsets.count)\n")
        output.appendASCII("0000000000 65535 f\r\n")
        for (number, offset) in offsets.enumerated().dropFirst() {
            precondition(offset != nil, "object \(number) reserved but never written")
            let digits = String(offset ?? 0)
            output.appendASCII(String(repeating: "0", count: max(0, 10 - digits.count)) + digits + " 00000 n\r\n")
        }
        output.appendASCII("trailer\n<< /Size \(offsets.count) /Root \(root) /Info \(info)")
        output.appendASCII(" /ID [\(identifier) \(identifier)] >>\nstartxref\n\(startxref)\n%%EOF\n")
        return output
    }

    /// A 16-byte digest (two FNV-1a 64-bit hashes with different offsets) used as the file identifier.
    static func fingerprint(_ bytes: [UInt8]) -> [UInt8] {
        var first: UInt64 = 0xCBF2_9CE4_8422_2325
        var second: UInt64 = 0x8422_2325_CBF2_9CE4
        for byte in bytes {
            first = (first ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            second = (second ^ UInt64(byte ^ 0x5A)) &* 0x0000_0100_0000_01B3
        }
        var result: [UInt8] = []
        for value in [first, second] {
            for shift in stride(from: 56, through: 0, by: -8) { result.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
        }
        return result
    }
}

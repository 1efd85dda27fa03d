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
    /// Payloads left out of the file identifier (see ``writeStream(_:entries:payload:compressed:fingerprinted:)``).
    private var unfingerprinted: [Range<Int>] = []

    /// Starts a PDF 1.4 file. The second line is a comment with four bytes above 127, so transfer programs treat the
    /// file as binary (required by PDF/A-1).
    init() {
        output.reserveCapacity(128 * 1024)
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
    /// - Parameter compress: when true the data is Flate-compressed (with `effort`) and `/Filter /FlateDecode` is added.
    mutating func writeStream(
        _ reference: PDFReference, entries: String = "", data: [UInt8], compress: Bool,
        effort: Deflate.Effort = .thorough
    ) {
        writeStream(
            reference, entries: entries, payload: compress ? Deflate.zlibCompress(data, effort: effort) : data,
            compressed: compress)
    }

    /// Writes a stream whose data is already compressed with Flate (or not compressed when `compressed` is false).
    /// Returns the offset of the payload in the file.
    /// - Parameter fingerprinted: false for prepared payloads that the stream dictionary already identifies (a font
    ///   subset named by its tag, the colour profile): leaving them out of the file identifier saves hashing most of
    ///   the file.
    @discardableResult
    mutating func writeStream(
        _ reference: PDFReference, entries: String = "", payload: [UInt8], compressed: Bool, fingerprinted: Bool = true
    ) -> Int {
        begin(reference)
        var dictionary = "<< /Length \(payload.count)"
        if compressed { dictionary += " /Filter /FlateDecode" }
        if !entries.isEmpty { dictionary += " " + entries }
        output.appendASCII(dictionary + " >>\nstream\n")
        let start = output.count
        output.append(contentsOf: payload)
        if !fingerprinted { unfingerprinted.append(start..<output.count) }
        output.appendASCII("\nendstream\nendobj\n")
        return start
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
        let identifier = PDFSyntax.hexString(Self.fingerprint(output, skipping: unfingerprinted))
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

    /// A 16-byte digest (two 64-bit multiplicative hashes over 8-byte words) used as the file identifier, over `bytes`
    /// except the ranges in `skipping` (ascending, not overlapping).
    static func fingerprint(_ bytes: [UInt8], skipping: [Range<Int>] = []) -> [UInt8] {
        var first: UInt64 = 0xCBF2_9CE4_8422_2325
        var second: UInt64 = 0x8422_2325_CBF2_9CE4
        func mix(_ word: UInt64) {
            first = (first ^ word) &* 0x9E37_79B9_7F4A_7C15
            first ^= first >> 29
            second = (second &+ word) &* 0xC2B2_AE3D_27D4_EB4F
            second = second << 31 | second >> 33
        }
        bytes.withUnsafeBytes { raw in
            var start = 0
            for range in skipping + [raw.count..<raw.count] {
                let whole = (range.lowerBound - start) / 8
                for index in 0..<whole {
                    mix(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: start + index * 8, as: UInt64.self)))
                }
                var last = UInt64(range.lowerBound - start)  // the length, and the bytes after the last whole word
                for offset in (start + whole * 8)..<range.lowerBound { last = last << 8 | UInt64(raw[offset]) }
                mix(last)
                start = range.upperBound
            }
        }
        mix(first ^ second)
        var result: [UInt8] = []
        result.reserveCapacity(16)
        for value in [first, second] {
            for shift in stride(from: 56, through: 0, by: -8) { result.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
        }
        return result
    }
}

import Foundation
import SportelloTestSupport
import Testing

@testable import SportelloDocuments

@Suite("Inflate")
struct InflateTests {
    @Test(arguments: DeflateTests.samples.indices)
    func roundTripsWithOurDeflate(sample: Int) throws {
        let (name, input) = DeflateTests.samples[sample]
        for effort in [Deflate.Effort.thorough, .fast] {
            let compressed = Deflate.zlibCompress(input, effort: effort)
            #expect(try Inflate.zlibDecompress(compressed, limit: input.count) == input, "\(name)")
        }
    }

    /// Data compressed by zlib itself (qpdf's zlib-flate), which chooses its blocks differently from our Deflate.
    @Test(
        .enabled(if: ExternalTool.isAvailable("zlib-flate"), "zlib-flate (Debian package qpdf) not installed"),
        arguments: DeflateTests.samples.indices)
    func decodesZlibOutput(sample: Int) throws {
        let (name, input) = DeflateTests.samples[sample]
        guard !input.isEmpty else { return }  // zlib-flate writes nothing for no input
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("inflate-\(UUID().uuidString)")
        try Data(input).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let result = try ExternalTool.run("sh", ["-c", "zlib-flate -compress < '\(url.path)' | od -An -v -tx1"])
        #expect(result.status == 0, "\(name)")
        let compressed = result.output.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { UInt8($0, radix: 16) }
        #expect(try Inflate.zlibDecompress(compressed, limit: input.count) == input, "\(name)")
    }

    /// Python's zlib at every level, with fixed Huffman codes only, and raw deflate data.
    @Test(.enabled(if: ExternalTool.isAvailable("python3"), "python3 not installed"))
    func decodesEveryZlibStrategy() throws {
        let script = """
            import zlib, base64, random
            random.seed(3)
            data = bytes(random.randrange(60, 70) for _ in range(40000)) + b'Pagina 1 di 3 ' * 900 + bytes(range(256)) * 8
            print(base64.b64encode(data).decode())
            for level in range(10):
                print(base64.b64encode(zlib.compress(data, level)).decode())
            fixed = zlib.compressobj(6, zlib.DEFLATED, 15, 9, zlib.Z_FIXED)
            print(base64.b64encode(fixed.compress(data) + fixed.flush()).decode())
            huffman = zlib.compressobj(6, zlib.DEFLATED, 15, 9, zlib.Z_HUFFMAN_ONLY)
            print(base64.b64encode(huffman.compress(data) + huffman.flush()).decode())
            raw = zlib.compressobj(9, zlib.DEFLATED, -15)
            print(base64.b64encode(raw.compress(data) + raw.flush()).decode())
            """
        let result = try ExternalTool.run("python3", ["-c", script])
        #expect(result.status == 0, "\(result.output.prefix(300))")
        let lines = result.output.split(separator: "\n").map { [UInt8](Data(base64Encoded: String($0))!) }
        #expect(lines.count == 14)
        let original = lines[0]
        for (index, compressed) in lines[1...12].enumerated() {
            #expect(try Inflate.zlibDecompress(compressed, limit: original.count) == original, "variant \(index)")
        }
        #expect(try Inflate.decompress(lines[13], limit: original.count) == original)
    }

    @Test func damagedDataIsRefused() {
        let good = Deflate.zlibCompress(Array(String(repeating: "Comune di Esempio ", count: 50).utf8))
        var badChecksum = good
        badChecksum[badChecksum.count - 1] ^= 1
        var badHeader = good
        badHeader[1] ^= 1
        let cases: [([UInt8], Inflate.Failure)] = [
            ([], .corrupt("zlib stream too short")),
            (badHeader, .corrupt("bad zlib header check")),
            ([0x78, 0xBB, 0, 0, 0, 0], .corrupt("preset dictionary not supported")),
            (badChecksum, .corrupt("Adler-32 checksum mismatch")),
            (Array(good.prefix(good.count / 2)), .corrupt("unexpected end of data")),
            ([0x78, 0x9C, 0x07, 0, 0, 0, 0, 0], .corrupt("invalid block type")),
            // A stored block whose length and its complement disagree.
            ([0x78, 0x9C, 0x01, 0x05, 0x00, 0x00, 0x00, 0, 0, 0, 0, 0, 0], .corrupt("stored block length mismatch")),
            // Fixed codes: a match of length 3 at distance 1 with no output yet.
            ([0x78, 0x9C, 0x03, 0x02, 0, 0, 0, 0, 0], .corrupt("distance too far back")),
        ]
        for (data, expected) in cases {
            #expect(throws: expected) { try Inflate.zlibDecompress(data, limit: 10_000) }
        }
        #expect(throws: Inflate.Failure.tooLarge) { try Inflate.zlibDecompress(good, limit: 100) }
    }
}

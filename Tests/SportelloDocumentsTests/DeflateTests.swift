import Foundation
import SportelloTestSupport
import Testing

@testable import SportelloDocuments

@Suite("Deflate")
struct DeflateTests {
    static let samples: [(String, [UInt8])] = [
        ("empty", []),
        ("one byte", [42]),
        ("text", Array(String(repeating: "Pagina 1 di 3 – città, perché, più. ", count: 200).utf8)),
        ("zeros", [UInt8](repeating: 0, count: 100_000)),
        (
            "pseudo-random",
            {
                var state: UInt32 = 12345
                return (0..<70_000).map { _ in
                    state = state &* 1_103_515_245 &+ 12345
                    return UInt8(truncatingIfNeeded: state >> 16)
                }
            }()
        ),
        ("font", Array(Fixtures.fonts.regular.data.prefix(200_000))),
    ]

    @Test func adler32KnownValue() {
        #expect(Deflate.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
        #expect(Deflate.adler32([]) == 1)
    }

    @Test func compressesRepetitiveData() {
        let text = Array(String(repeating: "BT /F1 10 Tf 0 0 0 rg 1 0 0 1 56.69 700 Tm <00240025> Tj ET\n", count: 500).utf8)
        #expect(Deflate.zlibCompress(text).count < text.count / 20)
        // Incompressible data falls back to stored blocks: only a few bytes of overhead.
        let random = Self.samples[4].1
        #expect(Deflate.zlibCompress(random).count <= random.count + 32)
    }

    @Test func codeLengthsAreLimitedAndComplete() {
        // Fibonacci frequencies give a very deep unrestricted Huffman tree.
        var frequencies = [1, 1]
        while frequencies.count < 30 {
            frequencies.append(frequencies[frequencies.count - 1] + frequencies[frequencies.count - 2])
        }
        let lengths = Deflate.codeLengths(frequencies, maxBits: 15)
        #expect(lengths.allSatisfy { $0 >= 1 && $0 <= 15 })
        let kraft = lengths.reduce(0.0) { $0 + pow(2.0, -Double($1)) }
        #expect(kraft == 1.0)
        // A single used symbol still gets a complete two-symbol code.
        let single = Deflate.codeLengths([0, 0, 5, 0], maxBits: 7)
        #expect(single.filter { $0 > 0 }.count == 2)
    }

    @Test(
        .enabled(if: ExternalTool.isAvailable("zlib-flate"), "zlib-flate (Debian package qpdf) not installed"),
        arguments: samples.indices)
    func roundTripsThroughZlib(sample: Int) throws {
        for effort in [Deflate.Effort.thorough, .fast] {
            try roundTrip(sample: sample, effort: effort)
        }
    }

    private func roundTrip(sample: Int, effort: Deflate.Effort) throws {
        let (name, input) = Self.samples[sample]
        let compressed = Deflate.zlibCompress(input, effort: effort)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("deflate-\(UUID().uuidString).z")
        try Data(compressed).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let result = try ExternalTool.run("sh", ["-c", "zlib-flate -uncompress < '\(url.path)' | od -An -v -tx1"])
        #expect(result.status == 0, "\(name): \(result.output.prefix(200))")
        let bytes = result.output.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { UInt8($0, radix: 16) }
        #expect(bytes == input, "\(name) does not round-trip")
    }
}

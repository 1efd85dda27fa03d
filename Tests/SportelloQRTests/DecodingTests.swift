import Foundation
import SportelloQR
import Testing

/// Reads the symbols back with ZBar's `zbarimg`. Skipped when it is not installed (Debian: zbar-tools), unless
/// `SPORTELLO_REQUIRE_QR_TOOLS=1`, which makes a missing zbarimg fail them.
@Suite("Decoding with zbarimg", .enabled(if: ZBar.isAvailable, "zbarimg (Debian package zbar-tools) not installed"))
struct DecodingTests {
    static let texts: [(String, QRErrorCorrection, Int)] = [
        ("PAGOPA|002|301000000000000144|01234567890|12345", .medium, 4),
        ("https://sportello.comune.example.it/pratiche/2026/000123?lang=it", .low, 1),
        ("Perché è già così: città più bella, 1.234,56 € – «ricevuta» d’invio", .quartile, 1),
        ("ÀÈÉÌÒÙ àèéìòù", .high, 1),
        ("è", .low, 1),
        ("Comune di Sportello", .high, 12),
    ]

    @Test(arguments: 0..<texts.count)
    func textReadsBack(index: Int) throws {
        let (text, level, version) = Self.texts[index]
        let code = try QRCode.encode(text, errorCorrection: level, minimumVersion: version)
        let read = try ZBar.read(code)
        #expect(read.map { String(decoding: $0, as: UTF8.self) } == text)
    }

    @Test(arguments: [1, 2, 4, 7, 10, 25, 40])
    func fullSymbolsReadBackAtEveryLevel(version: Int) throws {
        for level in QRErrorCorrection.allCases {
            let capacity = QRCode.byteCapacity(version: version, errorCorrection: level)
            let text = String(String(repeating: "Sportello telematico del Comune; ", count: 100).prefix(capacity))
            let code = try QRCode.encode(text, errorCorrection: level, minimumVersion: version)
            #expect(code.version == version)
            let read = try ZBar.read(code)
            #expect(read.map { String(decoding: $0, as: UTF8.self) } == text, "version \(version) level \(level)")
        }
    }

    @Test func everyForcedMaskReadsBack() throws {
        for mask in 0..<8 {
            let code = try QRCode.encode("Maschera \(mask) – città", errorCorrection: .medium, minimumVersion: 7, mask: mask)
            let read = try ZBar.read(code)
            #expect(read.map { String(decoding: $0, as: UTF8.self) } == "Maschera \(mask) – città")
        }
    }

    /// A few dozen random payloads of random length at random levels: text (letters, digits, punctuation, Italian
    /// accents, €, other scripts) through the text API, and raw bytes read back as bytes.
    @Test func randomPayloadsReadBack() throws {
        var generator = SplitMix64(seed: 0x5350_4F52_5445_4C4C)
        let alphabet = Array(
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:-_/|?&=%+àèéìòùÀÈÉÌÒÙ€«»’–αβγжд中文")
        for round in 0..<36 {
            let level = QRErrorCorrection.allCases.randomElement(using: &generator)!
            let limit = Int.random(in: 1...3, using: &generator) == 1 ? 600 : 120
            let length = Int.random(in: 1...limit, using: &generator)
            let code: QRCode
            let read: [UInt8]?
            let expected: [UInt8]
            if round % 3 == 2 {
                expected = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
                code = try QRCode.encode(bytes: expected, errorCorrection: level)
                read = try ZBar.read(code, binary: true)
            } else {
                let text = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
                expected = Array(text.utf8)
                code = try QRCode.encode(text, errorCorrection: level)
                read = try ZBar.read(code)
            }
            #expect(
                read == expected, "round \(round): \(expected.count) bytes, \(level), version \(code.version), mask \(code.mask)")
        }
    }
}

/// A small seeded generator, so a failing round can be run again.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

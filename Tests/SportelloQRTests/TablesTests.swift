import Testing

@testable import SportelloQR

@Suite("Tables, format and version information")
struct TablesTests {
    /// ISO/IEC 18004:2015 Table C.1: the format information for masks 0 to 7, by level.
    static let formatTable: [QRErrorCorrection: [Int]] = [
        .low: [
            0b111011111000100, 0b111001011110011, 0b111110110101010, 0b111100010011101,
            0b110011000101111, 0b110001100011000, 0b110110001000001, 0b110100101110110,
        ],
        .medium: [
            0b101010000010010, 0b101000100100101, 0b101111001111100, 0b101101101001011,
            0b100010111111001, 0b100000011001110, 0b100111110010111, 0b100101010100000,
        ],
        .quartile: [
            0b011010101011111, 0b011000001101000, 0b011111100110001, 0b011101000000110,
            0b010010010110100, 0b010000110000011, 0b010111011011010, 0b010101111101101,
        ],
        .high: [
            0b001011010001001, 0b001001110111110, 0b001110011100111, 0b001100111010000,
            0b000011101100010, 0b000001001010101, 0b000110100001100, 0b000100000111011,
        ],
    ]

    @Test(arguments: QRErrorCorrection.allCases)
    func formatInformationMatchesTableC1(level: QRErrorCorrection) {
        for mask in 0..<8 {
            #expect(
                QRTables.formatInformation(errorCorrection: level, mask: mask) == Self.formatTable[level]![mask],
                "level \(level), mask \(mask)")
        }
    }

    /// ISO/IEC 18004:2015 Table D.1: the version information of versions 7 to 40.
    static let versionTable = [
        0x07C94, 0x085BC, 0x09A99, 0x0A4D3, 0x0BBF6, 0x0C762, 0x0D847, 0x0E60D, 0x0F928, 0x10B78, 0x1145D, 0x12A17,
        0x13532, 0x149A6, 0x15683, 0x168C9, 0x177EC, 0x18EC4, 0x191E1, 0x1AFAB, 0x1B08E, 0x1CC1A, 0x1D33F, 0x1ED75,
        0x1F250, 0x209D5, 0x216F0, 0x228BA, 0x2379F, 0x24B0B, 0x2542E, 0x26A64, 0x27541, 0x28C69,
    ]

    @Test func versionInformationMatchesTableD1() {
        #expect((7...40).map { QRTables.versionInformation(version: $0) } == Self.versionTable)
    }

    @Test func bchRemaindersAreThoseOfPolynomialDivision() {
        #expect(QRTables.bchRemainder(0, generator: 0x537) == 0)
        #expect(QRTables.bchRemainder(0x537 << 3, generator: 0x537) == 0)
        #expect(QRTables.bchRemainder(0x3FF, generator: 0x537) == 0x3FF)
        #expect(QRTables.bchRemainder(0x400, generator: 0x537) == 0x137)  // x¹⁰ ≡ x⁸ + x⁵ + x⁴ + x² + x + 1
        #expect(QRTables.bchRemainder(7 << 12, generator: 0x1F25) == 0xC94)
    }

    /// ISO/IEC 18004:2015 Table 7: byte-mode capacity of some versions, by level L, M, Q, H.
    static let standardCapacities: [Int: [Int]] = [
        1: [17, 14, 11, 7], 2: [32, 26, 20, 14], 3: [53, 42, 32, 24], 4: [78, 62, 46, 34], 5: [106, 84, 60, 44],
        6: [134, 106, 74, 58], 7: [154, 122, 86, 64], 9: [230, 180, 130, 98], 10: [271, 213, 151, 119],
        25: [1273, 997, 715, 535], 40: [2953, 2331, 1663, 1273],
    ]

    @Test func byteCapacitiesMatchTable7() {
        for (version, capacities) in Self.standardCapacities {
            #expect(
                QRErrorCorrection.allCases.map { QRCode.byteCapacity(version: version, errorCorrection: $0) }
                    == capacities, "version \(version)")
        }
    }

    @Test func blocksAndCapacitiesMatchTheReferenceForEveryVersionAndLevel() throws {
        let ecc = try Fixtures.tableLines("ecc")
        let bits = try Fixtures.tableLines("bits")
        #expect(ecc.count == 160 && bits.count == 160)
        for (groups, capacity) in zip(ecc, bits) {
            let version = Int(groups[0])!
            let level = QRErrorCorrection.allCases.first { $0.description == groups[1] }!
            let numbers = groups.dropFirst(2).map { Int($0)! }
            // Segno: (blocks, codewords per block, data codewords per block) for each group.
            var expected: [Int] = []
            let blocks = QRTables.blocks(version: version, errorCorrection: level)
            let shortTotal = blocks.shortBlockDataCodewords + blocks.errorCorrectionPerBlock
            expected += [blocks.shortBlockCount, shortTotal, blocks.shortBlockDataCodewords]
            if blocks.shortBlockCount < blocks.blockCount {
                expected += [blocks.blockCount - blocks.shortBlockCount, shortTotal + 1, blocks.shortBlockDataCodewords + 1]
            }
            #expect(numbers == expected, "version \(version) level \(level)")
            #expect(Int(capacity[2]) == blocks.dataCodewords * 8, "version \(version) level \(level)")
        }
    }

    @Test func alignmentPositionsMatchTheReference() throws {
        let lines = try Fixtures.tableLines("align")
        #expect(lines.count == 40)
        for line in lines {
            let version = Int(line[0])!
            #expect(QRTables.alignmentPositions[version - 1].map(Int.init) == line.dropFirst().map { Int($0)! })
        }
    }

    @Test func alignmentPositionsFollowTheRuleOfAnnexE() {
        // From the last row the centres step back evenly to 6; the step is even (version 32: 26).
        for version in 2...40 {
            let size = 17 + 4 * version
            let count = version / 7 + 2
            let step = version == 32 ? 26 : (version * 4 + count * 2 + 1) / (count * 2 - 2) * 2
            let expected = [6] + (0..<count - 1).map { size - 7 - $0 * step }.reversed()
            #expect(QRTables.alignmentPositions[version - 1].map(Int.init) == expected, "version \(version)")
        }
        #expect(QRTables.alignmentPositions[0].isEmpty)
    }

    @Test func totalCodewordsAreTheModulesLeftForData() {
        // All modules less the finder patterns with separators (3 × 64), the format information and dark module
        // (31), the timing patterns, the alignment patterns (less where they lie on a timing pattern) and the version
        // information, in whole codewords; what is left over are the remainder bits (7.6).
        for version in 1...40 {
            let size = 17 + 4 * version
            let perSide = version == 1 ? 0 : version / 7 + 2
            let alignmentModules = version == 1 ? 0 : 25 * (perSide * perSide - 3) - 2 * 5 * (perSide - 2)
            let modules = size * size - 3 * 64 - 31 - 2 * (size - 16) - alignmentModules - (version >= 7 ? 36 : 0)
            #expect(Int(QRTables.totalCodewords[version - 1]) == modules / 8, "version \(version)")
            let remainderBits =
                switch version {
                case 2...6: 7
                case 14...20, 28...34: 3
                case 21...27: 4
                default: 0
                }
            #expect(modules % 8 == remainderBits, "version \(version)")
        }
    }
}

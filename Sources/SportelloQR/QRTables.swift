/// The tables of ISO/IEC 18004:2015 for QR code versions 1 to 40.
enum QRTables {
    static let versions = 1...40

    /// How the codewords of a symbol split into Reed-Solomon blocks (Table 9).
    struct Blocks: Equatable {
        /// All codewords of the symbol, data and error correction (Table 1).
        let totalCodewords: Int
        /// Error correction codewords in each block.
        let errorCorrectionPerBlock: Int
        /// Number of blocks; the last `totalCodewords % blockCount` blocks hold one data codeword more.
        let blockCount: Int

        var dataCodewords: Int { totalCodewords - errorCorrectionPerBlock * blockCount }
        /// Blocks with the smaller number of data codewords (the first group of Table 9).
        var shortBlockCount: Int { blockCount - totalCodewords % blockCount }
        /// Data codewords in a block of the first group.
        var shortBlockDataCodewords: Int { totalCodewords / blockCount - errorCorrectionPerBlock }
    }

    static func blocks(version: Int, errorCorrection: QRErrorCorrection) -> Blocks {
        let level = errorCorrection.rawValue
        return Blocks(
            totalCodewords: Int(totalCodewords[version - 1]),
            errorCorrectionPerBlock: Int(errorCorrectionPerBlock[level][version - 1]),
            blockCount: Int(blockCounts[level][version - 1]))
    }

    /// Codewords per symbol, versions 1 to 40 (Table 1).
    static let totalCodewords: [UInt16] = [
        26, 44, 70, 100, 134, 172, 196, 242, 292, 346, 404, 466, 532, 581, 655, 733, 815, 901, 991, 1085,
        1156, 1258, 1364, 1474, 1588, 1706, 1828, 1921, 2051, 2185, 2323, 2465, 2611, 2761, 2876, 3034, 3196, 3362,
        3532, 3706,
    ]

    /// Error correction codewords per block, by level (L, M, Q, H) and version 1 to 40 (Table 9).
    static let errorCorrectionPerBlock: [[UInt8]] = [
        [
            7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28,
            28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
        ],
        [
            10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26,
            26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
        ],
        [
            13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30,
            28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
        ],
        [
            17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28,
            30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
        ],
    ]

    /// Error correction blocks, by level (L, M, Q, H) and version 1 to 40 (Table 9).
    static let blockCounts: [[UInt8]] = [
        [
            1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8,
            8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25,
        ],
        [
            1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16,
            17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49,
        ],
        [
            1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20,
            23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68,
        ],
        [
            1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25,
            25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81,
        ],
    ]

    /// Row and column coordinates of the centres of alignment patterns, versions 1 to 40 (Annex E, Table E.1).
    static let alignmentPositions: [[UInt8]] = [
        [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34],
        [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50], [6, 30, 54], [6, 32, 58], [6, 34, 62],
        [6, 26, 46, 66], [6, 26, 48, 70], [6, 26, 50, 74], [6, 30, 54, 78], [6, 30, 56, 82], [6, 30, 58, 86],
        [6, 34, 62, 90],
        [6, 28, 50, 72, 94], [6, 26, 50, 74, 98], [6, 30, 54, 78, 102], [6, 28, 54, 80, 106], [6, 32, 58, 84, 110],
        [6, 30, 58, 86, 114], [6, 34, 62, 90, 118],
        [6, 26, 50, 74, 98, 122], [6, 30, 54, 78, 102, 126], [6, 26, 52, 78, 104, 130], [6, 30, 56, 82, 108, 134],
        [6, 34, 60, 86, 112, 138], [6, 30, 58, 86, 114, 142], [6, 34, 62, 90, 118, 146],
        [6, 30, 54, 78, 102, 126, 150], [6, 24, 50, 76, 102, 128, 154], [6, 28, 54, 80, 106, 132, 158],
        [6, 32, 58, 84, 110, 136, 162], [6, 26, 54, 82, 110, 138, 166], [6, 30, 58, 86, 114, 142, 170],
    ]

    /// The 15-bit format information (7.9.1): the level's two bits and the mask's three, followed by a
    /// BCH(15,5) code with generator x¹⁰ + x⁸ + x⁵ + x⁴ + x² + x + 1 (0x537), all XOR 0x5412.
    static func formatInformation(errorCorrection: QRErrorCorrection, mask: Int) -> Int {
        let data = errorCorrection.formatBits << 3 | mask
        return (data << 10 | bchRemainder(data << 10, generator: 0x537)) ^ 0x5412
    }

    /// The 18-bit version information (7.10), versions 7 to 40: six bits of version and a BCH(18,6) code with
    /// generator x¹² + x¹¹ + x¹⁰ + x⁹ + x⁸ + x⁵ + x² + 1 (0x1F25).
    static func versionInformation(version: Int) -> Int {
        version << 12 | bchRemainder(version << 12, generator: 0x1F25)
    }

    /// The remainder of the polynomial division of `value` by `generator` over GF(2).
    static func bchRemainder(_ value: Int, generator: Int) -> Int {
        let degree = generator.bitWidth - generator.leadingZeroBitCount - 1
        var remainder = value
        while remainder.bitWidth - remainder.leadingZeroBitCount - 1 >= degree {
            let shift = remainder.bitWidth - remainder.leadingZeroBitCount - 1 - degree
            remainder ^= generator << shift
        }
        return remainder
    }
}

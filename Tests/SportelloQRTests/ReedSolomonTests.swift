import Testing

@testable import SportelloQR

@Suite("GF(256) and Reed-Solomon")
struct ReedSolomonTests {
    /// Multiplication the slow way: carry-less shift and add, reduced by 0x11D.
    static func slowMultiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        var product = 0
        for bit in 0..<8 where (Int(b) >> bit) & 1 != 0 { product ^= Int(a) << bit }
        for bit in stride(from: 15, through: 8, by: -1) where (product >> bit) & 1 != 0 { product ^= 0x11D << (bit - 8) }
        return UInt8(product)
    }

    @Test func fieldTablesFollowThePrimitivePolynomial() {
        #expect(GF256.exp[0] == 1)
        #expect(GF256.exp[7] == 0x80)
        #expect(GF256.exp[8] == 0x1D)  // α⁸ = α⁴ + α³ + α² + 1
        #expect(GF256.exp[25] == 3)  // log 3 = 25 (Annex A's generator of degree 2 is α²⁵, α¹)
        #expect(Set(GF256.exp[0..<255]).count == 255)
        #expect(!GF256.exp.contains(0))
        for a in 0...255 {
            for b in 0...255 {
                let product = GF256.multiply(UInt8(a), UInt8(b))
                if product != Self.slowMultiply(UInt8(a), UInt8(b)) {
                    Issue.record("\(a) × \(b) = \(product), expected \(Self.slowMultiply(UInt8(a), UInt8(b)))")
                    return
                }
            }
        }
    }

    /// The generator polynomials of Annex A (Table A.1) for the block lengths QR codes use, as exponents of α from
    /// x^(n−1) down to x⁰.
    static let annexAGenerators: [Int: [UInt8]] = [
        2: [25, 1],
        7: [87, 229, 146, 149, 238, 102, 21],
        10: [251, 67, 46, 61, 118, 70, 64, 94, 32, 45],
        13: [74, 152, 176, 100, 86, 100, 106, 104, 130, 218, 206, 140, 78],
        15: [8, 183, 61, 91, 202, 37, 51, 58, 58, 237, 140, 124, 5, 99, 105],
        16: [120, 104, 107, 109, 102, 161, 76, 3, 91, 191, 147, 169, 182, 194, 225, 120],
        17: [43, 139, 206, 78, 43, 239, 123, 206, 214, 147, 24, 99, 150, 39, 243, 163, 136],
        18: [215, 234, 158, 94, 184, 97, 118, 170, 79, 187, 152, 148, 252, 179, 5, 98, 96, 153],
        20: [17, 60, 79, 50, 61, 163, 26, 187, 202, 180, 221, 225, 83, 239, 156, 164, 212, 212, 188, 190],
        22: [
            210, 171, 247, 242, 93, 230, 14, 109, 221, 53, 200, 74, 8, 172, 98, 80, 219, 134, 160, 105, 165, 231,
        ],
        24: [
            229, 121, 135, 48, 211, 117, 251, 126, 159, 180, 169, 152, 192, 226, 228, 218, 111, 0, 117, 232, 87, 96,
            227, 21,
        ],
        26: [
            173, 125, 158, 2, 103, 182, 118, 17, 145, 201, 111, 28, 165, 53, 161, 21, 245, 142, 13, 102, 48, 227,
            153, 145, 218, 70,
        ],
        28: [
            168, 223, 200, 104, 224, 234, 108, 180, 110, 190, 195, 147, 205, 27, 232, 201, 21, 43, 245, 87, 42, 195,
            212, 119, 242, 37, 9, 123,
        ],
        30: [
            41, 173, 145, 152, 216, 31, 179, 182, 50, 48, 110, 86, 239, 96, 222, 125, 42, 173, 226, 193, 224, 130,
            156, 37, 251, 216, 238, 40, 192, 180,
        ],
    ]

    @Test(arguments: annexAGenerators.keys.sorted())
    func generatorPolynomialsMatchAnnexA(degree: Int) {
        #expect(ReedSolomon.generator(degree: degree).map { GF256.log[Int($0)] } == Self.annexAGenerators[degree])
        #expect(ReedSolomon.generatorLogs[degree] == Self.annexAGenerators[degree])
    }

    @Test func everyBlockLengthOfTheTablesHasAGenerator() {
        let lengths = Set(QRTables.errorCorrectionPerBlock.joined())
        #expect(lengths.isSubset(of: Set(Self.annexAGenerators.keys.map(UInt8.init))))
    }

    @Test func errorCorrectionCodewordsOfKnownSymbols() {
        // ISO/IEC 18004:2015 Annex I: "01234567" as 1-M.
        let annexI: [UInt8] = [
            0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11,
        ]
        #expect(ReedSolomon.remainder(annexI[...], degree: 10) == [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55])
        // "HELLO WORLD" in alphanumeric mode as 1-M and 1-Q.
        let helloM: [UInt8] = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17]
        #expect(ReedSolomon.remainder(helloM[...], degree: 10) == [196, 35, 39, 119, 235, 215, 231, 226, 93, 23])
        let helloQ: [UInt8] = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236]
        #expect(ReedSolomon.remainder(helloQ[...], degree: 13) == [168, 72, 22, 82, 217, 54, 156, 0, 46, 15, 180, 122, 16])
    }

    @Test func theCodewordOfDataAndRemainderIsDivisibleByTheGenerator() {
        // A codeword c(x) of the code vanishes at α⁰ … α^(n−1).
        var data: [UInt8] = []
        for index in 0..<120 { data.append(UInt8((index * 37 + 11) % 256)) }
        for degree in [7, 18, 30] {
            let codeword = data + ReedSolomon.remainder(data[...], degree: degree)
            for power in 0..<degree {
                var value: UInt8 = 0
                for coefficient in codeword { value = GF256.multiply(value, GF256.exp[power]) ^ coefficient }
                #expect(value == 0, "degree \(degree), root α^\(power)")
            }
        }
    }

    @Test func blocksAreInterleavedDataFirstThenErrorCorrection() {
        // Version 5-Q (Table 9): two blocks of (33, 15) and two of (34, 16), 18 error correction codewords each.
        let blocks = QRTables.blocks(version: 5, errorCorrection: .quartile)
        #expect(blocks.shortBlockCount == 2 && blocks.shortBlockDataCodewords == 15 && blocks.blockCount == 4)
        let data = (0..<62).map { UInt8($0) }
        let result = ReedSolomon.interleavedWithErrorCorrection(data, blocks: blocks)
        let starts = [0, 15, 30, 46]
        var expected: [UInt8] = []
        for column in 0..<15 { expected += starts.map { UInt8($0 + column) } }
        expected += [45, 61]
        let ec = [data[0..<15], data[15..<30], data[30..<46], data[46..<62]].map {
            ReedSolomon.remainder($0, degree: 18)
        }
        for column in 0..<18 { expected += ec.map { $0[column] } }
        #expect(result == expected)
        #expect(result.count == 134)
    }
}

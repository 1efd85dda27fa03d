import Testing

@testable import SportelloQR

@Suite("Mask penalty")
struct MaskPenaltyTests {
    static func line(_ modules: String) -> Int {
        var bits: UInt64 = 0
        for (index, module) in modules.enumerated() { bits.insert(index, if: module == "1") }
        return MaskPenalty.lineScore(bits, length: modules.count)
    }

    @Test func runsOfFiveOrMoreScoreThreePlusTheExcess() {
        #expect(Self.line("0101") == 0)
        #expect(Self.line("1111") == 0)
        #expect(Self.line("11111") == 3)
        #expect(Self.line("0111111") == 4)
        #expect(Self.line("000000010") == 5)
        #expect(Self.line("11111011111") == 6)
        #expect(Self.line("1111100000") == 6)
    }

    @Test func finderLikePatternsScoreFortyWithFourLightModulesOnOneSide() {
        #expect(Self.line("1011101") == 40)  // the light quiet zone is on both sides
        #expect(Self.line("00001011101") == 40)
        #expect(Self.line("10111010000") == 40)
        #expect(Self.line("100101110110") == 0)  // a dark module within four on both sides
        #expect(Self.line("1100101110110011") == 0)
        #expect(Self.line("11001011101000") == 40)  // three light modules after it, then the quiet zone
        #expect(Self.line("110010111010011") == 0)
        // Two patterns one after the other: 80; a second one overlapping the first is not counted.
        #expect(Self.line("0000101110100001011101") == 80)
        #expect(Self.line("10111010111010000") == 40)
    }

    @Test func twoByTwoBlocksScoreThreeEach() {
        // 110 / 110: one block; then 111 / 111: two.
        #expect(MaskPenalty.blockScore(UInt64(0b011), UInt64(0b011), length: 3) == 3)
        #expect(MaskPenalty.blockScore(UInt64(0b111), UInt64(0b111), length: 3) == 6)
        #expect(MaskPenalty.blockScore(UInt64(0b000), UInt64(0b000), length: 3) == 6)
        #expect(MaskPenalty.blockScore(UInt64(0b010), UInt64(0b101), length: 3) == 0)
    }

    @Test func balanceScoresTenForEachFullFivePercent() {
        #expect(MaskPenalty.balanceScore(dark: 50, total: 100) == 0)
        #expect(MaskPenalty.balanceScore(dark: 54, total: 100) == 0)
        #expect(MaskPenalty.balanceScore(dark: 55, total: 100) == 10)
        #expect(MaskPenalty.balanceScore(dark: 41, total: 100) == 10)
        #expect(MaskPenalty.balanceScore(dark: 40, total: 100) == 20)
        #expect(MaskPenalty.balanceScore(dark: 0, total: 100) == 100)
        #expect(MaskPenalty.balanceScore(dark: 221, total: 441) == 0)
    }

    @Test func theScoreAddsRowsColumnsBlocksAndBalance() {
        // 21 × 21 all light: rows and columns 3 + 16 each (runs of 21), 400 blocks, balance 100.
        let score = MaskPenalty.score(modules: [UInt8](repeating: 0, count: 441), size: 21)
        let expected = 42 * 19 + 400 * 3 + 100
        #expect(score == expected)
    }

    /// The score the plain way, module by module, as ISO/IEC 18004 Table 11 and the reference encoder count it.
    static func referenceScore(_ modules: [UInt8], size: Int) -> Int {
        func lineScore(_ line: [UInt8]) -> Int {
            var score = 0
            var start = 0
            while start < line.count {
                var end = start
                while end < line.count && line[end] == line[start] { end += 1 }
                if end - start >= 5 { score += end - start - 2 }
                start = end
            }
            let pattern: [UInt8] = [1, 0, 1, 1, 1, 0, 1]
            var index = 0
            while index + 7 <= line.count {
                guard Array(line[index..<index + 7]) == pattern else {
                    index += 1
                    continue
                }
                let before = line[max(index - 4, 0)..<index].allSatisfy { $0 == 0 }
                let after = line[index + 7..<min(index + 11, line.count)].allSatisfy { $0 == 0 }
                if before || after {
                    score += 40
                    index += 7
                } else {
                    index += 1
                }
            }
            return score
        }
        var score = 0
        for index in 0..<size {
            score += lineScore(Array(modules[index * size..<(index + 1) * size]))
            score += lineScore((0..<size).map { modules[$0 * size + index] })
        }
        for row in 0..<size - 1 {
            for column in 0..<size - 1 {
                let colour = modules[row * size + column]
                if modules[row * size + column + 1] == colour && modules[(row + 1) * size + column] == colour
                    && modules[(row + 1) * size + column + 1] == colour
                {
                    score += 3
                }
            }
        }
        let dark = modules.reduce(0) { $0 + Int($1) }
        return score + abs(dark * 20 - size * size * 10) / (size * size) * 10
    }

    @Test(arguments: [21, 45, 61, 65, 101, 125, 129, 177])
    func bitParallelScoresEqualThePlainOnes(size: Int) {
        var generator = SplitMix64(seed: UInt64(size))
        for round in 0..<6 {
            // Random modules, some sparse or dense enough for long runs and finder-like patterns.
            let density = [0.5, 0.5, 0.2, 0.8, 0.35, 0.65][round]
            let modules = (0..<size * size).map { _ in UInt8(Double.random(in: 0..<1, using: &generator) < density ? 1 : 0) }
            #expect(MaskPenalty.score(modules: modules, size: size) == Self.referenceScore(modules, size: size), "round \(round)")
        }
    }

    @Test(arguments: [1, 11, 12, 27, 28, 40])
    func maskedSymbolsScoreAsThePlainCount(version: Int) {
        let payload = (0..<QRCode.byteCapacity(version: version, errorCorrection: .medium)).map { UInt8($0 % 251) }
        let symbol = SymbolBuilder.unmasked(payload, version: version, errorCorrection: .medium)
        let evaluator = MaskPenalty.Evaluator<UInt192>(modules: symbol.modules, isFunction: symbol.isFunction, size: symbol.size)
        for mask in 0..<8 {
            var masked = symbol
            masked.applyMask(mask)
            #expect(evaluator.score(mask: mask) == Self.referenceScore(masked.modules, size: symbol.size), "mask \(mask)")
        }
    }
}

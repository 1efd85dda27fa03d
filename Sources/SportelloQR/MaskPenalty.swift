/// The penalty score of a masked symbol (ISO/IEC 18004:2015, 7.8.3.1, Table 11), with N1 = 3, N2 = 3, N3 = 40 and
/// N4 = 10: the lower, the fewer patterns that could confuse a reader.
///
/// Rows and columns are bit sets (module i of a line at bit i), so each feature is a few word operations a line
/// instead of a loop over modules; all eight masks of a version-4 symbol are scored in a few microseconds.
enum MaskPenalty {
    /// Scores the masks of one symbol: the rows and columns of its unmasked modules, and which modules a mask
    /// inverts (the data modules). Function modules, and the format and version areas (still light), stay as they are.
    struct Evaluator<Bits: LineBits> {
        let size: Int
        var rows: [Bits]
        var dataRows: [Bits]
        var columns: [Bits]
        var dataColumns: [Bits]

        init(modules: [UInt8], isFunction: [Bool], size: Int) {
            self.size = size
            var rows = [Bits](repeating: Bits(), count: size)
            var dataRows = rows
            var columns = rows
            var dataColumns = rows
            rows.withUnsafeMutableBufferPointer { rows in
                dataRows.withUnsafeMutableBufferPointer { dataRows in
                    columns.withUnsafeMutableBufferPointer { columns in
                        dataColumns.withUnsafeMutableBufferPointer { dataColumns in
                            for row in 0..<size {
                                var dark = Bits()
                                var data = Bits()
                                for column in 0..<size {
                                    let isDark = modules[row * size + column] != 0
                                    let isData = !isFunction[row * size + column]
                                    dark.insert(column, if: isDark)
                                    data.insert(column, if: isData)
                                    columns[column].insert(row, if: isDark)
                                    dataColumns[column].insert(row, if: isData)
                                }
                                rows[row] = dark
                                dataRows[row] = data
                            }
                        }
                    }
                }
            }
            self.rows = rows
            self.dataRows = dataRows
            self.columns = columns
            self.dataColumns = dataColumns
        }

        /// The score with data mask `mask` applied, or of the modules as they are for `nil`.
        func score(mask: Int?) -> Int {
            var maskedRows = rows
            var maskedColumns = columns
            if let mask {
                for line in 0..<size {
                    maskedRows[line] = rows[line] ^ (dataRows[line] & MaskPenalty.pattern(mask, row: line))
                    maskedColumns[line] = columns[line] ^ (dataColumns[line] & MaskPenalty.pattern(mask, column: line))
                }
            }
            var score = 0
            var dark = 0
            for line in 0..<size {
                score += MaskPenalty.lineScore(maskedRows[line], length: size)
                score += MaskPenalty.lineScore(maskedColumns[line], length: size)
                dark += maskedRows[line].nonzeroBitCount
            }
            for row in 0..<size - 1 { score += MaskPenalty.blockScore(maskedRows[row], maskedRows[row + 1], length: size) }
            return score + balanceScore(dark: dark, total: size * size)
        }
    }

    /// Features 1 and 3 along one row or column of `length` modules.
    ///
    /// Feature 1: each run of five or more modules of one colour scores 3 plus one for each module past five.
    /// Feature 3: each dark-light-dark-dark-dark-light-dark pattern (1:1:3:1:1) with four light modules before or
    /// after it scores 40; the space beyond the edge is the light quiet zone. After a pattern that scored, the search
    /// goes on past its end, so a pattern overlapping it does not score again.
    static func lineScore<Bits: LineBits>(_ line: Bits, length: Int) -> Int {
        // Bit i: modules i and i + 1 have the same colour; then modules i to i + 4.
        let pairs = ~(line ^ line.down(1)) & Bits.lowBits(length - 1)
        let fives = pairs & pairs.down(1) & pairs.down(2) & pairs.down(3)
        // A run of n ≥ 5 has n − 4 windows of five, one of them its first: (n − 4) + 2 = 3 + (n − 5).
        var score = fives.nonzeroBitCount + 2 * (fives & ~fives.up(1)).nonzeroBitCount
        let patterns = line & ~line.down(1) & line.down(2) & line.down(3) & line.down(4) & ~line.down(5) & line.down(6)
        guard patterns != Bits() else { return score }
        let lightBefore = ~(line.up(1) | line.up(2) | line.up(3) | line.up(4))
        let lightAfter = ~(line.down(7) | line.down(8) | line.down(9) | line.down(10))
        var scoring = patterns & (lightBefore | lightAfter)
        while scoring != Bits() {
            let start = scoring.trailingZeroBitCount
            score += 40
            scoring = scoring & ~Bits.lowBits(start + 7)
        }
        return score
    }

    /// Feature 2 between two neighbouring rows: each 2 × 2 block of one colour scores 3 (so an m × n block scores
    /// 3 (m − 1)(n − 1)).
    static func blockScore<Bits: LineBits>(_ upper: Bits, _ lower: Bits, length: Int) -> Int {
        let sameVertically = ~(upper ^ lower)
        let blocks = sameVertically & sameVertically.down(1) & ~(upper ^ upper.down(1)) & Bits.lowBits(length - 1)
        return 3 * blocks.nonzeroBitCount
    }

    /// Feature 4: 10 for each full 5 % by which the share of dark modules departs from 50 %.
    static func balanceScore(dark: Int, total: Int) -> Int {
        abs(dark * 20 - total * 10) / total * 10
    }

    /// The score of a `size` × `size` symbol stored row by row (1 dark, 0 light), as it is.
    static func score(modules: [UInt8], size: Int) -> Int {
        let isFunction = [Bool](repeating: true, count: modules.count)
        return switch size {
        case ...64: Evaluator<UInt64>(modules: modules, isFunction: isFunction, size: size).score(mask: nil)
        case ...128: Evaluator<UInt128>(modules: modules, isFunction: isFunction, size: size).score(mask: nil)
        default: Evaluator<UInt192>(modules: modules, isFunction: isFunction, size: size).score(mask: nil)
        }
    }

    /// For each data mask, the modules it inverts along a row (`row % 12`) and along a column (`column % 12`): every
    /// mask repeats every 12 rows and every 12 columns. Three words each, enough for the 177 modules of version 40.
    static let patterns: [UInt64] = {
        var words = [UInt64](repeating: 0, count: 2 * 8 * 12 * 3)
        for mask in 0..<8 {
            for phase in 0..<12 {
                for position in 0..<192 {
                    let bit = UInt64(1) << (position % 64)
                    let start = (mask * 12 + phase) * 3 + position / 64
                    if SymbolBuilder.masks(mask, row: phase, column: position) { words[start] |= bit }
                    if SymbolBuilder.masks(mask, row: position, column: phase) { words[8 * 12 * 3 + start] |= bit }
                }
            }
        }
        return words
    }()

    @inline(__always)
    static func pattern<Bits: LineBits>(_ mask: Int, row: Int) -> Bits {
        let start = (mask * 12 + row % 12) * 3
        return Bits(patterns[start], patterns[start + 1], patterns[start + 2])
    }

    @inline(__always)
    static func pattern<Bits: LineBits>(_ mask: Int, column: Int) -> Bits {
        let start = 8 * 12 * 3 + (mask * 12 + column % 12) * 3
        return Bits(patterns[start], patterns[start + 1], patterns[start + 2])
    }
}

/// One row or column of a symbol as bits, module i at bit i: `UInt64` up to version 11, `UInt128` up to
/// version 27, ``UInt192`` beyond.
protocol LineBits: Equatable {
    /// No bits set.
    init()
    /// From three 64-bit words, least significant first, dropping what does not fit.
    init(_ word0: UInt64, _ word1: UInt64, _ word2: UInt64)
    static func & (lhs: Self, rhs: Self) -> Self
    static func | (lhs: Self, rhs: Self) -> Self
    static func ^ (lhs: Self, rhs: Self) -> Self
    static prefix func ~ (operand: Self) -> Self
    /// Bit i is bit i + `distance` of this (zero past the end); `distance` from 1 to 63.
    func down(_ distance: Int) -> Self
    /// Bit i is bit i − `distance` of this (zero before the start); `distance` from 1 to 63.
    func up(_ distance: Int) -> Self
    var nonzeroBitCount: Int { get }
    var trailingZeroBitCount: Int { get }
    /// Bits 0 to `count` − 1 set.
    static func lowBits(_ count: Int) -> Self
    mutating func insert(_ bit: Int, if condition: Bool)
}

extension UInt64: LineBits {
    init(_ word0: UInt64, _ word1: UInt64, _ word2: UInt64) { self = word0 }
    func down(_ distance: Int) -> UInt64 { self &>> distance }
    func up(_ distance: Int) -> UInt64 { self &<< distance }
    static func lowBits(_ count: Int) -> UInt64 { count >= 64 ? ~0 : (1 &<< count) &- 1 }
    mutating func insert(_ bit: Int, if condition: Bool) { self |= (condition ? 1 : 0) &<< bit }
}

extension UInt128: LineBits {
    init(_ word0: UInt64, _ word1: UInt64, _ word2: UInt64) { self = UInt128(word1) << 64 | UInt128(word0) }
    func down(_ distance: Int) -> UInt128 { self &>> distance }
    func up(_ distance: Int) -> UInt128 { self &<< distance }
    static func lowBits(_ count: Int) -> UInt128 { count >= 128 ? ~0 : (1 &<< count) &- 1 }
    mutating func insert(_ bit: Int, if condition: Bool) { self |= (condition ? 1 : 0) &<< bit }
}

/// 192 bits in three words, least significant first.
struct UInt192: LineBits {
    var words: (UInt64, UInt64, UInt64)

    init() { words = (0, 0, 0) }
    init(_ word0: UInt64, _ word1: UInt64, _ word2: UInt64) { words = (word0, word1, word2) }

    static func == (lhs: UInt192, rhs: UInt192) -> Bool { lhs.words == rhs.words }
    static func & (lhs: UInt192, rhs: UInt192) -> UInt192 {
        UInt192(lhs.words.0 & rhs.words.0, lhs.words.1 & rhs.words.1, lhs.words.2 & rhs.words.2)
    }
    static func | (lhs: UInt192, rhs: UInt192) -> UInt192 {
        UInt192(lhs.words.0 | rhs.words.0, lhs.words.1 | rhs.words.1, lhs.words.2 | rhs.words.2)
    }
    static func ^ (lhs: UInt192, rhs: UInt192) -> UInt192 {
        UInt192(lhs.words.0 ^ rhs.words.0, lhs.words.1 ^ rhs.words.1, lhs.words.2 ^ rhs.words.2)
    }
    static prefix func ~ (operand: UInt192) -> UInt192 { UInt192(~operand.words.0, ~operand.words.1, ~operand.words.2) }

    func down(_ distance: Int) -> UInt192 {
        let carry = 64 - distance
        return UInt192(
            words.0 &>> distance | words.1 &<< carry, words.1 &>> distance | words.2 &<< carry, words.2 &>> distance)
    }

    func up(_ distance: Int) -> UInt192 {
        let carry = 64 - distance
        return UInt192(
            words.0 &<< distance, words.1 &<< distance | words.0 &>> carry, words.2 &<< distance | words.1 &>> carry)
    }

    var nonzeroBitCount: Int { words.0.nonzeroBitCount + words.1.nonzeroBitCount + words.2.nonzeroBitCount }

    var trailingZeroBitCount: Int {
        if words.0 != 0 { return words.0.trailingZeroBitCount }
        if words.1 != 0 { return 64 + words.1.trailingZeroBitCount }
        return 128 + words.2.trailingZeroBitCount
    }

    static func lowBits(_ count: Int) -> UInt192 {
        UInt192(UInt64.lowBits(count), UInt64.lowBits(max(count - 64, 0)), UInt64.lowBits(max(count - 128, 0)))
    }

    mutating func insert(_ bit: Int, if condition: Bool) {
        let value: UInt64 = (condition ? 1 : 0) &<< (bit % 64)
        switch bit / 64 {
        case 0: words.0 |= value
        case 1: words.1 |= value
        default: words.2 |= value
        }
    }
}

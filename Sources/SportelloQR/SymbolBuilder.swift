/// Lays out a symbol: function patterns, codewords, data mask, format and version information
/// (ISO/IEC 18004:2015, 6.3, 7.7 to 7.10).
struct SymbolBuilder {
    let version: Int
    let size: Int
    /// Row by row, 1 dark and 0 light.
    var modules: [UInt8]
    /// Whether a module belongs to a function pattern or to an area reserved for format or version information
    /// (those stay light until drawn last); the data mask leaves these alone.
    var isFunction: [Bool]

    init(version: Int) {
        self.version = version
        size = 17 + 4 * version
        modules = [UInt8](repeating: 0, count: size * size)
        isFunction = [Bool](repeating: false, count: size * size)
        for index in 0..<size {
            // Timing patterns (6.3.5); the finder patterns below overwrite their ends.
            setFunction(row: 6, column: index, dark: index % 2 == 0)
            setFunction(row: index, column: 6, dark: index % 2 == 0)
        }
        // Finder patterns with their separators (6.3.3, 6.3.4), centred three modules from the corners.
        for (row, column) in [(3, 3), (3, size - 4), (size - 4, 3)] {
            drawSquare(row: row, column: column, radius: 4) { distance in distance != 2 && distance != 4 }
        }
        // Alignment patterns (6.3.6) at every pair of Annex E coordinates except the three finder corners.
        let positions = QRTables.alignmentPositions[version - 1].map(Int.init)
        for (i, row) in positions.enumerated() {
            for (j, column) in positions.enumerated() {
                let last = positions.count - 1
                if (i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0) { continue }
                drawSquare(row: row, column: column, radius: 2) { distance in distance != 1 }
            }
        }
        // The format and version information and the dark module are reserved, light, until the mask is chosen.
        drawFormatBits(0, darkModule: false)
        if version >= 7 { drawVersionBits(0) }
    }

    mutating func setFunction(row: Int, column: Int, dark: Bool) {
        modules[row * size + column] = dark ? 1 : 0
        isFunction[row * size + column] = true
    }

    /// Draws the square of modules within `radius` of a centre, clipped to the symbol; `isDark` gets the distance
    /// of a module from the centre in the maximum norm.
    mutating func drawSquare(row: Int, column: Int, radius: Int, isDark: (Int) -> Bool) {
        for dy in -radius...radius {
            for dx in -radius...radius {
                let y = row + dy
                let x = column + dx
                guard y >= 0, y < size, x >= 0, x < size else { continue }
                setFunction(row: y, column: x, dark: isDark(max(abs(dx), abs(dy))))
            }
        }
    }

    /// Where bit `bit` (0 the least significant) of the format information goes, in both copies (Figure 25).
    func formatPositions(bit: Int) -> [(row: Int, column: Int)] {
        let first: (Int, Int) =
            switch bit {
            case 0...5: (bit, 8)
            case 6: (7, 8)
            case 7: (8, 8)
            case 8: (8, 7)
            default: (8, 14 - bit)
            }
        let second = bit < 8 ? (8, size - 1 - bit) : (size - 15 + bit, 8)
        return [first, second]
    }

    /// Where bit `bit` of the version information goes: above the bottom-left finder pattern and, transposed, left
    /// of the top-right one (Figure 27).
    func versionPositions(bit: Int) -> [(row: Int, column: Int)] {
        [(bit / 3, size - 11 + bit % 3), (size - 11 + bit % 3, bit / 3)]
    }

    /// Places the codewords' bits, most significant first, in two-module columns from the right, upwards and
    /// downwards in turn, skipping function modules and the vertical timing pattern (7.7.3). Modules left over are
    /// the remainder bits, 0.
    mutating func place(_ codewords: [UInt8]) {
        let bitCount = codewords.count * 8
        var bit = 0
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            let upward = (right + 1) & 2 == 0
            for vertical in 0..<size {
                let row = upward ? size - 1 - vertical : vertical
                for column in stride(from: right, through: right - 1, by: -1) {
                    let index = row * size + column
                    guard !isFunction[index], bit < bitCount else { continue }
                    modules[index] = (codewords[bit >> 3] >> (7 - UInt8(bit & 7))) & 1
                    bit += 1
                }
            }
            right -= 2
        }
    }

    /// Whether data mask `mask` inverts the module in `row` and `column` (Table 10).
    @inline(__always)
    static func masks(_ mask: Int, row i: Int, column j: Int) -> Bool {
        switch mask {
        case 0: (i + j) % 2 == 0
        case 1: i % 2 == 0
        case 2: j % 3 == 0
        case 3: (i + j) % 3 == 0
        case 4: (i / 2 + j / 3) % 2 == 0
        case 5: (i * j) % 2 + (i * j) % 3 == 0
        case 6: ((i * j) % 2 + (i * j) % 3) % 2 == 0
        default: ((i + j) % 2 + (i * j) % 3) % 2 == 0
        }
    }

    /// Inverts the data modules `mask` selects.
    mutating func applyMask(_ mask: Int) {
        for row in 0..<size {
            let pattern: UInt192 = MaskPenalty.pattern(mask, row: row)
            for column in 0..<size where !isFunction[row * size + column] {
                let word = column < 64 ? pattern.words.0 : column < 128 ? pattern.words.1 : pattern.words.2
                modules[row * size + column] ^= UInt8(truncatingIfNeeded: word &>> (column % 64)) & 1
            }
        }
    }

    /// The mask with the lowest penalty score (7.8.3.1); the first of equal ones. Each candidate is scored before
    /// the format and version information are drawn: those modules, and the dark module, count as light.
    func bestMask() -> Int {
        switch size {
        case ...64: bestMask(MaskPenalty.Evaluator<UInt64>(modules: modules, isFunction: isFunction, size: size))
        case ...128: bestMask(MaskPenalty.Evaluator<UInt128>(modules: modules, isFunction: isFunction, size: size))
        default: bestMask(MaskPenalty.Evaluator<UInt192>(modules: modules, isFunction: isFunction, size: size))
        }
    }

    private func bestMask<Bits>(_ evaluator: MaskPenalty.Evaluator<Bits>) -> Int {
        var best = 0
        var bestScore = Int.max
        for mask in 0..<8 {
            let score = evaluator.score(mask: mask)
            if score < bestScore {
                best = mask
                bestScore = score
            }
        }
        return best
    }

    /// Draws both copies of the format information and the dark module (7.9).
    mutating func drawFormatInformation(errorCorrection: QRErrorCorrection, mask: Int) {
        drawFormatBits(QRTables.formatInformation(errorCorrection: errorCorrection, mask: mask), darkModule: true)
    }

    /// Draws both copies of the version information, for versions 7 and above (7.10).
    mutating func drawVersionInformation() {
        if version >= 7 { drawVersionBits(QRTables.versionInformation(version: version)) }
    }

    private mutating func drawFormatBits(_ bits: Int, darkModule: Bool) {
        for bit in 0..<15 {
            for (row, column) in formatPositions(bit: bit) {
                setFunction(row: row, column: column, dark: (bits >> bit) & 1 != 0)
            }
        }
        setFunction(row: size - 8, column: 8, dark: darkModule)
    }

    private mutating func drawVersionBits(_ bits: Int) {
        for bit in 0..<18 {
            for (row, column) in versionPositions(bit: bit) {
                setFunction(row: row, column: column, dark: (bits >> bit) & 1 != 0)
            }
        }
    }
}

/// Arithmetic in GF(256) with the primitive polynomial x⁸ + x⁴ + x³ + x² + 1 (0x11D) and generator α = 2.
enum GF256 {
    /// αⁱ for i in 0..<510, so that exp[log a + log b] needs no reduction modulo 255.
    static let exp: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 510)
        var value = 1
        for index in 0..<255 {
            table[index] = UInt8(value)
            table[index + 255] = UInt8(value)
            value <<= 1
            if value & 0x100 != 0 { value ^= 0x11D }
        }
        return table
    }()

    /// The logarithm to base α of 1...255 (index 0 is unused).
    static let log: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 256)
        for index in 0..<255 { table[Int(exp[index])] = UInt8(index) }
        return table
    }()

    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        a == 0 || b == 0 ? 0 : exp[Int(log[Int(a)]) + Int(log[Int(b)])]
    }
}

/// Reed-Solomon error correction codewords for QR codes (ISO/IEC 18004:2015, 7.5.2 and Annex A).
enum ReedSolomon {
    /// The generator polynomial of degree `degree`, (x − α⁰)(x − α¹)…(x − α^(degree−1)), as its coefficients
    /// from x^(degree−1) down to x⁰ (the leading 1 left out).
    static func generator(degree: Int) -> [UInt8] {
        var coefficients = [UInt8](repeating: 0, count: degree)
        coefficients[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            // Multiply by (x − root): shift up one power and add root × the polynomial.
            for index in 0..<degree {
                coefficients[index] = GF256.multiply(coefficients[index], root)
                if index + 1 < degree { coefficients[index] ^= coefficients[index + 1] }
            }
            root = GF256.multiply(root, 2)
        }
        return coefficients
    }

    /// The generators of degree 0 to 30 (the most a QR block uses), their coefficients as logarithms (none of them
    /// is zero, which has no logarithm).
    static let generatorLogs: [[UInt8]] = (0...30).map { degree in
        guard degree > 0 else { return [] }
        let coefficients = generator(degree: degree)
        precondition(!coefficients.contains(0), "a generator coefficient of degree \(degree) is zero")
        return coefficients.map { GF256.log[Int($0)] }
    }

    /// The remainder of data(x) · x^degree divided by the generator of that degree: the error correction codewords.
    static func remainder(_ data: ArraySlice<UInt8>, degree: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: degree)
        let generator = generatorLogs[degree]
        GF256.exp.withUnsafeBufferPointer { exp in
            generator.withUnsafeBufferPointer { generator in
                result.withUnsafeMutableBufferPointer { result in
                    for byte in data {
                        let factor = byte ^ result[0]
                        for index in 1..<degree { result[index - 1] = result[index] }
                        result[degree - 1] = 0
                        guard factor != 0 else { continue }
                        let factorLog = Int(GF256.log[Int(factor)])
                        for index in 0..<degree { result[index] ^= exp[Int(generator[index]) + factorLog] }
                    }
                }
            }
        }
        return result
    }

    /// Splits the data codewords into blocks, adds each block's error correction codewords and interleaves them
    /// (7.6): the data codewords column by column over the blocks, then the error correction codewords likewise.
    static func interleavedWithErrorCorrection(_ data: [UInt8], blocks: QRTables.Blocks) -> [UInt8] {
        let shortLength = blocks.shortBlockDataCodewords
        let ecLength = blocks.errorCorrectionPerBlock
        var dataBlocks: [ArraySlice<UInt8>] = []
        var ecBlocks: [[UInt8]] = []
        var start = 0
        for index in 0..<blocks.blockCount {
            let length = shortLength + (index < blocks.shortBlockCount ? 0 : 1)
            let block = data[start..<start + length]
            dataBlocks.append(block)
            ecBlocks.append(remainder(block, degree: ecLength))
            start += length
        }
        var result: [UInt8] = []
        result.reserveCapacity(blocks.totalCodewords)
        for column in 0...shortLength {
            for block in dataBlocks where column < block.count {
                result.append(block[block.startIndex + column])
            }
        }
        for column in 0..<ecLength {
            for block in ecBlocks { result.append(block[column]) }
        }
        return result
    }
}

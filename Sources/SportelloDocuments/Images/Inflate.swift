/// A zlib/deflate decompressor (RFC 1950/1951), the counterpart of ``Deflate``, for reading PNG image data.
///
/// It follows the structure of zlib's reference decoder `puff`: canonical Huffman codes decoded bit by bit, every
/// length, distance and code checked, so damaged or hostile input ends in an error, never in a crash or an unbounded
/// allocation.
enum Inflate {
    /// Why data could not be decompressed.
    enum Failure: Error, Equatable {
        /// The data is not a valid zlib or deflate stream; the reason is for logs and tests.
        case corrupt(String)
        /// The data decompresses to more than the allowed number of bytes.
        case tooLarge
    }

    /// Decompresses a zlib stream (header, deflate data, Adler-32 checksum, which is verified).
    /// - Parameter limit: the largest output accepted.
    static func zlibDecompress(_ input: [UInt8], limit: Int) throws(Failure) -> [UInt8] {
        guard input.count >= 6 else { throw .corrupt("zlib stream too short") }
        let method = input[0]
        let flags = input[1]
        guard method & 0x0F == 8, method >> 4 <= 7 else { throw .corrupt("not a deflate stream") }
        guard (Int(method) << 8 | Int(flags)) % 31 == 0 else { throw .corrupt("bad zlib header check") }
        guard flags & 0x20 == 0 else { throw .corrupt("preset dictionary not supported") }
        var decoder = Decoder(input: input, start: 2, limit: limit)
        try decoder.run()
        let end = decoder.byteAlignedPosition
        guard end + 4 <= input.count else { throw .corrupt("missing Adler-32 checksum") }
        let expected =
            UInt32(input[end]) << 24 | UInt32(input[end + 1]) << 16 | UInt32(input[end + 2]) << 8 | UInt32(input[end + 3])
        guard Deflate.adler32(decoder.output) == expected else { throw .corrupt("Adler-32 checksum mismatch") }
        return decoder.output
    }

    /// Decompresses raw deflate data (no zlib header).
    static func decompress(_ input: [UInt8], limit: Int) throws(Failure) -> [UInt8] {
        var decoder = Decoder(input: input, start: 0, limit: limit)
        try decoder.run()
        return decoder.output
    }

    /// A canonical Huffman code: the number of codes of each length and the symbols ordered by code.
    private struct Huffman {
        var counts = [Int](repeating: 0, count: 16)
        var symbols: [Int]

        /// Builds the code for `lengths` (0 = symbol unused). Over-subscribed codes are refused; incomplete ones only
        /// when `allowIncomplete` (a distance code with a single symbol, which deflate encoders do write).
        init(lengths: ArraySlice<UInt8>, allowIncomplete: Bool) throws(Failure) {
            symbols = [Int](repeating: 0, count: lengths.count)
            for length in lengths { counts[Int(length)] += 1 }
            var left = 1
            for length in 1..<16 {
                left <<= 1
                left -= counts[length]
                guard left >= 0 else { throw .corrupt("over-subscribed Huffman code") }
            }
            let used = lengths.count - counts[0]
            if left > 0 && !(allowIncomplete || used <= 1) { throw .corrupt("incomplete Huffman code") }
            var offsets = [Int](repeating: 0, count: 16)
            for length in 1..<15 { offsets[length + 1] = offsets[length] + counts[length] }
            for (symbol, length) in lengths.enumerated() where length != 0 {
                symbols[offsets[Int(length)]] = symbol
                offsets[Int(length)] += 1
            }
        }
    }

    private static let fixedLiteralCode: Huffman = {
        var lengths = [UInt8](repeating: 8, count: 288)
        for symbol in 144..<256 { lengths[symbol] = 9 }
        for symbol in 256..<280 { lengths[symbol] = 7 }
        // The fixed code is complete by construction.
        return try! Huffman(lengths: lengths[...], allowIncomplete: false)
    }()

    private static let fixedDistanceCode: Huffman = try! Huffman(
        lengths: [UInt8](repeating: 5, count: 30)[...], allowIncomplete: true)

    private struct Decoder {
        let input: [UInt8]
        var position: Int
        let limit: Int
        var output: [UInt8] = []
        private var bitBuffer: UInt64 = 0
        private var bitCount = 0

        init(input: [UInt8], start: Int, limit: Int) {
            self.input = input
            position = start
            self.limit = limit
            output.reserveCapacity(min(limit, max(input.count * 4, 1024)))
        }

        /// The input position after the last bit read, rounded up to a whole byte.
        var byteAlignedPosition: Int { position - bitCount / 8 }

        mutating func run() throws(Failure) {
            var last = false
            while !last {
                last = try bits(1) == 1
                switch try bits(2) {
                case 0: try stored()
                case 1: try codes(literal: Inflate.fixedLiteralCode, distance: Inflate.fixedDistanceCode)
                case 2: try dynamic()
                default: throw .corrupt("invalid block type")
                }
            }
        }

        private mutating func bits(_ count: Int) throws(Failure) -> Int {
            while bitCount < count {
                guard position < input.count else { throw .corrupt("unexpected end of data") }
                bitBuffer |= UInt64(input[position]) << UInt64(bitCount)
                position += 1
                bitCount += 8
            }
            let value = Int(bitBuffer & ((1 << UInt64(count)) - 1))
            bitBuffer >>= UInt64(count)
            bitCount -= count
            return value
        }

        private mutating func stored() throws(Failure) {
            // Drop the rest of the current byte; whole bytes still in the buffer go back to the input.
            position -= bitCount / 8
            bitBuffer = 0
            bitCount = 0
            guard position + 4 <= input.count else { throw .corrupt("unexpected end of data") }
            let length = Int(input[position]) | Int(input[position + 1]) << 8
            let complement = Int(input[position + 2]) | Int(input[position + 3]) << 8
            guard length == ~complement & 0xFFFF else { throw .corrupt("stored block length mismatch") }
            position += 4
            guard position + length <= input.count else { throw .corrupt("unexpected end of data") }
            guard output.count + length <= limit else { throw .tooLarge }
            output.append(contentsOf: input[position..<(position + length)])
            position += length
        }

        private mutating func decode(_ code: Huffman) throws(Failure) -> Int {
            var value = 0  // bits read so far
            var first = 0  // first code of the current length
            var index = 0  // index of that code's symbol
            for length in 1..<16 {
                value |= try bits(1)
                let count = code.counts[length]
                if value - count < first { return code.symbols[index + value - first] }
                index += count
                first = (first + count) << 1
                value <<= 1
            }
            throw .corrupt("invalid Huffman code")
        }

        private mutating func codes(literal: Huffman, distance: Huffman) throws(Failure) {
            while true {
                let symbol = try decode(literal)
                if symbol < 256 {
                    guard output.count < limit else { throw .tooLarge }
                    output.append(UInt8(symbol))
                } else if symbol == 256 {
                    return
                } else {
                    let lengthCode = symbol - 257
                    guard lengthCode < 29 else { throw .corrupt("invalid length symbol") }
                    let length = Deflate.lengthBase[lengthCode] + (try bits(Deflate.lengthExtra[lengthCode]))
                    let distanceCode = try decode(distance)
                    guard distanceCode < 30 else { throw .corrupt("invalid distance symbol") }
                    let back = Deflate.distanceBase[distanceCode] + (try bits(Deflate.distanceExtra[distanceCode]))
                    guard back <= output.count else { throw .corrupt("distance too far back") }
                    guard output.count + length <= limit else { throw .tooLarge }
                    let start = output.count - back
                    for offset in 0..<length { output.append(output[start + offset]) }
                }
            }
        }

        private mutating func dynamic() throws(Failure) {
            let literalCount = try bits(5) + 257
            let distanceCount = try bits(5) + 1
            let codeLengthCount = try bits(4) + 4
            guard literalCount <= 286, distanceCount <= 30 else { throw .corrupt("too many length or distance codes") }
            var codeLengthLengths = [UInt8](repeating: 0, count: 19)
            for index in 0..<codeLengthCount {
                codeLengthLengths[Deflate.codeLengthOrder[index]] = UInt8(try bits(3))
            }
            let codeLengthCode = try Huffman(lengths: codeLengthLengths[...], allowIncomplete: false)
            var lengths = [UInt8](repeating: 0, count: literalCount + distanceCount)
            var index = 0
            while index < lengths.count {
                let symbol = try decode(codeLengthCode)
                if symbol < 16 {
                    lengths[index] = UInt8(symbol)
                    index += 1
                    continue
                }
                var value: UInt8 = 0
                let repeatCount: Int
                switch symbol {
                case 16:
                    guard index > 0 else { throw .corrupt("repeat with no previous length") }
                    value = lengths[index - 1]
                    repeatCount = 3 + (try bits(2))
                case 17: repeatCount = 3 + (try bits(3))
                default: repeatCount = 11 + (try bits(7))
                }
                guard index + repeatCount <= lengths.count else { throw .corrupt("too many code lengths") }
                for _ in 0..<repeatCount {
                    lengths[index] = value
                    index += 1
                }
            }
            guard lengths[256] != 0 else { throw .corrupt("no end-of-block code") }
            let literal = try Huffman(lengths: lengths[0..<literalCount], allowIncomplete: false)
            let distance = try Huffman(lengths: lengths[literalCount...], allowIncomplete: true)
            try codes(literal: literal, distance: distance)
        }
    }
}

/// A self-contained zlib/deflate compressor (RFC 1950/1951) for PDF `/FlateDecode` streams.
///
/// Foundation on Linux exposes no compression API, so this implements LZ77 with hash chains and lazy matching,
/// followed by dynamic Huffman coding per block (or stored blocks when that is smaller). Output is deterministic.
enum Deflate {
    /// How hard the compressor looks for repeated strings.
    struct Effort: Sendable {
        /// Candidates examined per position: more compress slightly better, more slowly.
        let maxChain: Int
        /// Matches at least this long are taken without looking further.
        let niceLength: Int
        /// Whether a match is deferred when the next position starts a longer one.
        let lazy: Bool
        /// The positions inside a match are remembered only for matches up to this length; skipping them in long
        /// matches saves time and loses little.
        let maxInsertLength: Int

        /// For data compressed once and reused (fonts, images).
        static let thorough = Effort(maxChain: 16, niceLength: 128, lazy: true, maxInsertLength: 258)
        /// For page content, compressed for every document: content streams are small and so repetitive that a short
        /// search finds nearly every match. On the reference pages the output is about as small as with ``thorough``
        /// (skipping the inside of long matches keeps older, still useful candidates in the chains) in half the time.
        static let fast = Effort(maxChain: 4, niceLength: 32, lazy: false, maxInsertLength: 4)
    }

    /// Compresses `input` into a zlib stream (2-byte header, deflate data, Adler-32 checksum).
    static func zlibCompress(_ input: [UInt8], effort: Effort = .thorough) -> [UInt8] {
        var writer = BitWriter()
        writer.bytes.reserveCapacity(input.count / 2 + 64)
        writer.bytes.append(0x78)
        writer.bytes.append(0x9C)
        var encoder = BlockEncoder(input: input, effort: effort)
        encoder.encode(into: &writer)
        writer.flush()
        writer.bytes.appendUInt32(adler32(input))
        return writer.bytes
    }

    static func adler32(_ input: [UInt8]) -> UInt32 {
        var a: UInt32 = 1
        var b: UInt32 = 0
        input.withUnsafeBufferPointer { data in
            var index = 0
            while index < data.count {
                // 5552 bytes is the most that can be summed before the 32-bit sums could overflow.
                let end = min(index + 5552, data.count)
                while index + 4 <= end {
                    a &+= UInt32(data[index])
                    b &+= a
                    a &+= UInt32(data[index + 1])
                    b &+= a
                    a &+= UInt32(data[index + 2])
                    b &+= a
                    a &+= UInt32(data[index + 3])
                    b &+= a
                    index += 4
                }
                while index < end {
                    a &+= UInt32(data[index])
                    b &+= a
                    index += 1
                }
                a %= 65521
                b %= 65521
            }
        }
        return b << 16 | a
    }

    // MARK: - Tables (RFC 1951, 3.2.5)

    static let lengthBase: [Int] = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
    ]
    static let lengthExtra: [Int] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase: [Int] = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097,
        6145, 8193, 12289, 16385, 24577,
    ]
    static let distanceExtra: [Int] = [
        0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
    ]
    /// Length-code index (0 = symbol 257) for each match length 0...258.
    static let lengthCodeForLength: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 259)
        for code in 0..<lengthBase.count {
            let upper = code + 1 < lengthBase.count ? lengthBase[code + 1] : 259
            for length in lengthBase[code]..<min(upper, 259) { table[length] = UInt8(code) }
        }
        table[258] = 28
        return table
    }()
    /// Distance code for `distance - 1` (0 ..< 32768).
    static let distanceCodeForDistance: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 32768)
        for code in 0..<distanceBase.count {
            let upper = code + 1 < distanceBase.count ? distanceBase[code + 1] : 32769
            for distance in distanceBase[code]..<upper { table[distance - 1] = UInt8(code) }
        }
        return table
    }()
    static let codeLengthOrder: [Int] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    // MARK: - Huffman codes

    /// Length-limited Huffman code lengths for `frequencies`. At least two symbols always get a code, so every
    /// code is complete, which all inflaters accept.
    static func codeLengths(_ frequencies: [Int], maxBits: Int) -> [UInt8] {
        var frequencies = frequencies
        var used = frequencies.indices.filter { frequencies[$0] > 0 }
        for symbol in 0..<frequencies.count where used.count < 2 && frequencies[symbol] == 0 {
            frequencies[symbol] = 1
            used.append(symbol)
        }
        // Leaves in ascending frequency; internal nodes are created in ascending frequency too (two queues).
        let leaves = used.sorted { (frequencies[$0], $0) < (frequencies[$1], $1) }
        var weight = leaves.map { frequencies[$0] }
        var parent = [Int](repeating: -1, count: leaves.count * 2 - 1)
        var nextLeaf = 0
        var nextInternal = leaves.count
        func takeSmallest() -> Int {
            if nextLeaf < leaves.count && (nextInternal >= weight.count || weight[nextLeaf] <= weight[nextInternal]) {
                nextLeaf += 1
                return nextLeaf - 1
            }
            nextInternal += 1
            return nextInternal - 1
        }
        while weight.count < parent.count {
            let first = takeSmallest()
            let second = takeSmallest()
            parent[first] = weight.count
            parent[second] = weight.count
            weight.append(weight[first] + weight[second])
        }
        var depth = [Int](repeating: 0, count: parent.count)
        for node in stride(from: parent.count - 2, through: 0, by: -1) { depth[node] = depth[parent[node]] + 1 }

        // Clamp to maxBits and repair the Kraft sum, then hand the shortest codes to the most frequent symbols.
        var lengthCount = [Int](repeating: 0, count: maxBits + 1)
        for leaf in 0..<leaves.count { lengthCount[min(depth[leaf], maxBits)] += 1 }
        var total = 0
        for bits in 1...maxBits { total += lengthCount[bits] << (maxBits - bits) }
        while total > 1 << maxBits {
            lengthCount[maxBits] -= 1
            for bits in stride(from: maxBits - 1, through: 1, by: -1) where lengthCount[bits] > 0 {
                lengthCount[bits] -= 1
                lengthCount[bits + 1] += 2
                break
            }
            total -= 1
        }
        var lengths = [UInt8](repeating: 0, count: frequencies.count)
        var leaf = 0
        for bits in stride(from: maxBits, through: 1, by: -1) {
            for _ in 0..<lengthCount[bits] {
                lengths[leaves[leaf]] = UInt8(bits)
                leaf += 1
            }
        }
        return lengths
    }

    /// Canonical codes for `lengths`, bit-reversed for LSB-first output.
    static func canonicalCodes(_ lengths: [UInt8]) -> [UInt16] {
        var lengthCount = [Int](repeating: 0, count: 16)
        for length in lengths where length > 0 { lengthCount[Int(length)] += 1 }
        var nextCode = [Int](repeating: 0, count: 16)
        var code = 0
        for bits in 1..<16 {
            code = (code + lengthCount[bits - 1]) << 1
            nextCode[bits] = code
        }
        var codes = [UInt16](repeating: 0, count: lengths.count)
        for symbol in lengths.indices where lengths[symbol] > 0 {
            let length = Int(lengths[symbol])
            var value = nextCode[length]
            nextCode[length] += 1
            var reversed = 0
            for _ in 0..<length {
                reversed = reversed << 1 | value & 1
                value >>= 1
            }
            codes[symbol] = UInt16(reversed)
        }
        return codes
    }
}

/// Writes bit fields least-significant bit first.
struct BitWriter {
    var bytes: [UInt8] = []
    private var buffer: UInt64 = 0
    private var bitCount = 0

    /// Writes the low `bits` bits of `value` (at most 32 at a time). Bits collect in a 64-bit buffer that is emptied
    /// four bytes at a time.
    @inline(__always)
    mutating func write(_ value: Int, bits: Int) {
        buffer |= UInt64(truncatingIfNeeded: value) << UInt64(bitCount)
        bitCount += bits
        if bitCount >= 32 {
            bytes.append(UInt8(truncatingIfNeeded: buffer))
            bytes.append(UInt8(truncatingIfNeeded: buffer >> 8))
            bytes.append(UInt8(truncatingIfNeeded: buffer >> 16))
            bytes.append(UInt8(truncatingIfNeeded: buffer >> 24))
            buffer >>= 32
            bitCount -= 32
        }
    }

    /// Writes out all pending bits, padding the last byte with zero bits, so that ``bytes`` may be appended to.
    mutating func flush() {
        while bitCount > 0 {
            bytes.append(UInt8(truncatingIfNeeded: buffer))
            buffer >>= 8
            bitCount = max(0, bitCount - 8)
        }
        buffer = 0
    }
}

/// LZ77 matching and block output.
private struct BlockEncoder {
    let input: [UInt8]
    let effort: Deflate.Effort
    private static let tokensPerBlock = 1 << 15

    init(input: [UInt8], effort: Deflate.Effort) {
        self.input = input
        self.effort = effort
    }

    /// A literal byte (< 256) or a match: bit 31 set, length in bits 16...24, distance in bits 0...15.
    private typealias Token = UInt32

    mutating func encode(into writer: inout BitWriter) {
        let count = input.count
        var tokens: [Token] = []
        tokens.reserveCapacity(Self.tokensPerBlock)
        var blockStart = 0
        var position = 0
        input.withUnsafeBufferPointer { data in
            let finder = MatchFinder(data: data, effort: effort)
            while position < count {
                let match = finder.longestMatch(at: position)
                finder.insert(position)
                if match.length >= 3 {
                    // Lazy matching: prefer a literal if the next position starts a longer match.
                    if effort.lazy, match.length < effort.niceLength,
                        finder.longestMatch(at: position + 1).length > match.length
                    {
                        tokens.append(Token(data[position]))
                        position += 1
                    } else {
                        tokens.append(0x8000_0000 | UInt32(match.length) << 16 | UInt32(match.distance))
                        if match.length <= effort.maxInsertLength {
                            for offset in 1..<match.length { finder.insert(position + offset) }
                        } else {
                            finder.insert(position + match.length - 1)
                        }
                        position += match.length
                    }
                } else {
                    tokens.append(Token(data[position]))
                    position += 1
                }
                if tokens.count >= Self.tokensPerBlock {
                    writeBlock(tokens, range: blockStart..<position, final: position >= count, into: &writer)
                    tokens.removeAll(keepingCapacity: true)
                    blockStart = position
                }
            }
        }
        if !tokens.isEmpty || blockStart < count || count == 0 {
            writeBlock(tokens, range: blockStart..<count, final: true, into: &writer)
        }
    }

    private func writeBlock(_ tokens: [Token], range: Range<Int>, final: Bool, into writer: inout BitWriter) {
        let lengthCodeForLength = Deflate.lengthCodeForLength
        let distanceCodeForDistance = Deflate.distanceCodeForDistance
        var literalFrequencies = [Int](repeating: 0, count: 286)
        var distanceFrequencies = [Int](repeating: 0, count: 30)
        for token in tokens {
            if token & 0x8000_0000 == 0 {
                literalFrequencies[Int(token)] += 1
            } else {
                let length = Int(token >> 16 & 0x1FF)
                let distance = Int(token & 0xFFFF)
                literalFrequencies[257 + Int(lengthCodeForLength[length])] += 1
                distanceFrequencies[Int(distanceCodeForDistance[distance - 1])] += 1
            }
        }
        literalFrequencies[256] = 1
        let literalLengths = Deflate.codeLengths(literalFrequencies, maxBits: 15)
        let distanceLengths = Deflate.codeLengths(distanceFrequencies, maxBits: 15)

        var literalCount = 286
        while literalCount > 257 && literalLengths[literalCount - 1] == 0 { literalCount -= 1 }
        var distanceCount = 30
        while distanceCount > 1 && distanceLengths[distanceCount - 1] == 0 { distanceCount -= 1 }
        let runs = Self.runLengthEncode(Array(literalLengths[0..<literalCount] + distanceLengths[0..<distanceCount]))
        var codeLengthFrequencies = [Int](repeating: 0, count: 19)
        for run in runs { codeLengthFrequencies[run.symbol] += 1 }
        let codeLengthLengths = Deflate.codeLengths(codeLengthFrequencies, maxBits: 7)
        var codeLengthCount = 19
        while codeLengthCount > 4 && codeLengthLengths[Deflate.codeLengthOrder[codeLengthCount - 1]] == 0 {
            codeLengthCount -= 1
        }

        // Compare with a stored block.
        var dynamicBits = 17 + codeLengthCount * 3
        for run in runs { dynamicBits += Int(codeLengthLengths[run.symbol]) + run.extraBits }
        for symbol in 0..<286 where literalFrequencies[symbol] > 0 {
            dynamicBits += literalFrequencies[symbol] * Int(literalLengths[symbol])
            if symbol > 256 { dynamicBits += literalFrequencies[symbol] * Deflate.lengthExtra[symbol - 257] }
        }
        for symbol in 0..<30 where distanceFrequencies[symbol] > 0 {
            dynamicBits += distanceFrequencies[symbol] * (Int(distanceLengths[symbol]) + Deflate.distanceExtra[symbol])
        }
        let storedBits = (range.count + 5 * max(1, (range.count + 65534) / 65535)) * 8 + 8
        if storedBits <= dynamicBits {
            writeStored(range, final: final, into: &writer)
            return
        }

        writer.write(final ? 1 : 0, bits: 1)
        writer.write(2, bits: 2)
        writer.write(literalCount - 257, bits: 5)
        writer.write(distanceCount - 1, bits: 5)
        writer.write(codeLengthCount - 4, bits: 4)
        for index in 0..<codeLengthCount {
            writer.write(Int(codeLengthLengths[Deflate.codeLengthOrder[index]]), bits: 3)
        }
        let codeLengthCodes = Deflate.canonicalCodes(codeLengthLengths)
        for run in runs {
            writer.write(Int(codeLengthCodes[run.symbol]), bits: Int(codeLengthLengths[run.symbol]))
            writer.write(run.extraValue, bits: run.extraBits)
        }
        let literalCodes = Deflate.canonicalCodes(literalLengths)
        let distanceCodes = Deflate.canonicalCodes(distanceLengths)
        let (lengthBase, lengthExtra) = (Deflate.lengthBase, Deflate.lengthExtra)
        let (distanceBase, distanceExtra) = (Deflate.distanceBase, Deflate.distanceExtra)
        writer.bytes.reserveCapacity(writer.bytes.count + dynamicBits / 8 + 8)
        for token in tokens {
            if token & 0x8000_0000 == 0 {
                writer.write(Int(literalCodes[Int(token)]), bits: Int(literalLengths[Int(token)]))
            } else {
                let length = Int(token >> 16 & 0x1FF)
                let distance = Int(token & 0xFFFF)
                let lengthCode = Int(lengthCodeForLength[length])
                writer.write(Int(literalCodes[257 + lengthCode]), bits: Int(literalLengths[257 + lengthCode]))
                writer.write(length - lengthBase[lengthCode], bits: lengthExtra[lengthCode])
                let distanceCode = Int(distanceCodeForDistance[distance - 1])
                writer.write(Int(distanceCodes[distanceCode]), bits: Int(distanceLengths[distanceCode]))
                writer.write(distance - distanceBase[distanceCode], bits: distanceExtra[distanceCode])
            }
        }
        writer.write(Int(literalCodes[256]), bits: Int(literalLengths[256]))
    }

    private func writeStored(_ range: Range<Int>, final: Bool, into writer: inout BitWriter) {
        var start = range.lowerBound
        repeat {
            let end = min(start + 65535, range.upperBound)
            writer.write(final && end == range.upperBound ? 1 : 0, bits: 1)
            writer.write(0, bits: 2)
            writer.flush()
            let length = end - start
            writer.bytes.append(UInt8(length & 0xFF))
            writer.bytes.append(UInt8(length >> 8))
            writer.bytes.append(UInt8(~length & 0xFF))
            writer.bytes.append(UInt8((~length >> 8) & 0xFF))
            writer.bytes.append(contentsOf: input[start..<end])
            start = end
        } while start < range.upperBound
    }

    /// Code-length sequence compressed with symbols 16 (repeat previous), 17 and 18 (runs of zeros).
    private static func runLengthEncode(_ lengths: [UInt8]) -> [(symbol: Int, extraValue: Int, extraBits: Int)] {
        var result: [(symbol: Int, extraValue: Int, extraBits: Int)] = []
        var index = 0
        while index < lengths.count {
            let value = lengths[index]
            var run = 1
            while index + run < lengths.count && lengths[index + run] == value { run += 1 }
            index += run
            if value == 0 {
                while run >= 11 {
                    let chunk = min(run, 138)
                    result.append((18, chunk - 11, 7))
                    run -= chunk
                }
                if run >= 3 {
                    result.append((17, run - 3, 3))
                    run = 0
                }
            } else {
                result.append((Int(value), 0, 0))
                run -= 1
                while run >= 3 {
                    let chunk = min(run, 6)
                    result.append((16, chunk - 3, 2))
                    run -= chunk
                }
            }
            for _ in 0..<run { result.append((Int(value), 0, 0)) }
        }
        return result
    }
}

/// Hash chains over the previous 32 KiB of input, to find earlier occurrences of the bytes at a position.
private final class MatchFinder {
    static let windowSize = 32768

    private let data: UnsafeBufferPointer<UInt8>
    private let maxChain: Int
    private let niceLength: Int
    /// Hash bits: fewer for small inputs, so the tables to clear stay small.
    private let hashBits: Int
    /// Most recent position for each hash of three bytes.
    private let head: UnsafeMutableBufferPointer<Int32>
    /// Previous position with the same hash, indexed by position modulo the window size.
    private let previous: UnsafeMutableBufferPointer<Int32>

    /// `data` must stay valid for the lifetime of the finder.
    init(data: UnsafeBufferPointer<UInt8>, effort: Deflate.Effort) {
        self.data = data
        maxChain = effort.maxChain
        niceLength = effort.niceLength
        var bits = 10
        while bits < 15 && 1 << bits < data.count { bits += 1 }
        hashBits = bits
        head = .allocate(capacity: 1 << bits)
        head.initialize(repeating: -1)
        // Positions are stored modulo the window; a smaller input needs only as many slots as it has bytes.
        previous = .allocate(capacity: max(1, min(Self.windowSize, data.count)))
        previous.initialize(repeating: -1)
    }

    deinit {
        head.deallocate()
        previous.deallocate()
    }

    private func hash(_ position: Int) -> Int {
        let value = Int(data[position]) << 16 | Int(data[position + 1]) << 8 | Int(data[position + 2])
        return Int(UInt32(truncatingIfNeeded: value &* 0x9E37_79B1) >> UInt32(32 - hashBits))
    }

    func insert(_ position: Int) {
        guard position + 2 < data.count else { return }
        let key = hash(position)
        previous[position & (Self.windowSize - 1)] = head[key]
        head[key] = Int32(position)
    }

    /// The longest earlier match (length 3...258) for the bytes at `position`, or length 0.
    func longestMatch(at position: Int) -> (length: Int, distance: Int) {
        guard position + 2 < data.count else { return (0, 0) }
        var candidate = Int(head[hash(position)])
        var best = 2
        var bestDistance = 0
        let limit = min(258, data.count - position)
        var chain = maxChain
        while candidate >= 0, position - candidate <= Self.windowSize, chain > 0 {
            if data[candidate + best] == data[position + best] {
                var length = 0
                while length < limit && data[candidate + length] == data[position + length] { length += 1 }
                if length > best {
                    best = length
                    bestDistance = position - candidate
                    if length >= niceLength || length == limit { break }
                }
            }
            let next = Int(previous[candidate & (Self.windowSize - 1)])
            guard next < candidate else { break }
            candidate = next
            chain -= 1
        }
        return best >= 3 ? (best, bestDistance) : (0, 0)
    }
}

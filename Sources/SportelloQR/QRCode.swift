/// The error correction level of a QR code (ISO/IEC 18004:2015, 7.5.1): the share of codewords that can be
/// restored is about 7 % (L), 15 % (M), 25 % (Q) and 30 % (H).
public enum QRErrorCorrection: Int, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case low
    case medium
    case quartile
    case high

    /// The two bits the format information carries for the level (Table 12): L 01, M 00, Q 11, H 10.
    var formatBits: Int {
        switch self {
        case .low: 0b01
        case .medium: 0b00
        case .quartile: 0b11
        case .high: 0b10
        }
    }

    /// "L", "M", "Q" or "H".
    public var description: String {
        switch self {
        case .low: "L"
        case .medium: "M"
        case .quartile: "Q"
        case .high: "H"
        }
    }
}

/// Why a payload could not be encoded.
public enum QRCodeError: Error, Equatable, Sendable {
    /// The payload has more bytes than a version-40 symbol holds at this level: `capacity`, 2,953 bytes at L down to
    /// 1,273 at H (one less for text that is not ASCII).
    case dataTooLong(byteCount: Int, capacity: Int)
    /// The minimum version is not between 1 and 40.
    case invalidVersion(Int)
    /// The forced mask is not between 0 and 7.
    case invalidMask(Int)
}

/// A QR code symbol (ISO/IEC 18004:2015, model 2) holding its payload in one byte-mode segment (for text that is not
/// ASCII, after an ECI designator for UTF-8).
///
/// `QRCode.encode("…", errorCorrection: .medium, minimumVersion: 4)` picks the smallest version from the minimum
/// that holds the payload and the mask with the lowest penalty score; `self[x, y]` tells whether a module is dark.
/// Draw it with a light quiet zone of ``quietZone`` modules on every side.
public struct QRCode: Sendable, Equatable {
    /// 1 to 40.
    public let version: Int
    public let errorCorrection: QRErrorCorrection
    /// The data mask pattern, 0 to 7.
    public let mask: Int
    /// Modules per side: 17 + 4 × version.
    public let size: Int
    /// Row by row, one byte a module: 1 dark, 0 light.
    let modules: [UInt8]

    /// The light margin the standard asks for around the symbol, in modules.
    public static let quietZone = 4

    /// Whether the module in column `x` and row `y` (both from 0 at the top left) is dark.
    public subscript(x: Int, y: Int) -> Bool {
        precondition(x >= 0 && x < size && y >= 0 && y < size, "module (\(x), \(y)) outside a \(size) × \(size) symbol")
        return modules[y * size + x] != 0
    }

    /// Encodes the UTF-8 bytes of `text` in one byte-mode segment. Text that is not plain ASCII is preceded by the
    /// ECI designator 26 (UTF-8), since byte mode means ISO-8859-1 to a reader unless told otherwise (7.4.2);
    /// ASCII text, such as the pagoPA payment notice's, is the same in both and is encoded without it.
    /// - Parameters:
    ///   - minimumVersion: the smallest version to use (1 to 40); a payload that does not fit gets a larger one.
    ///   - mask: forces a data mask (0 to 7) instead of choosing the one with the lowest penalty.
    public static func encode(
        _ text: String, errorCorrection: QRErrorCorrection = .medium, minimumVersion: Int = 1, mask: Int? = nil
    ) throws(QRCodeError) -> QRCode {
        let bytes = Array(text.utf8)
        return try encode(
            Payload(bytes: bytes, isUTF8Text: bytes.contains { $0 >= 0x80 }), errorCorrection: errorCorrection,
            minimumVersion: minimumVersion, mask: mask)
    }

    /// Encodes raw bytes in one byte-mode segment, without ECI; see ``encode(_:errorCorrection:minimumVersion:mask:)``.
    public static func encode(
        bytes: [UInt8], errorCorrection: QRErrorCorrection = .medium, minimumVersion: Int = 1, mask: Int? = nil
    ) throws(QRCodeError) -> QRCode {
        try encode(
            Payload(bytes: bytes, isUTF8Text: false), errorCorrection: errorCorrection, minimumVersion: minimumVersion,
            mask: mask)
    }

    /// How many bytes a symbol holds in one byte-mode segment (ISO/IEC 18004:2015, Table 7); one less for text
    /// that is not ASCII, which has the UTF-8 designator in front.
    public static func byteCapacity(version: Int, errorCorrection: QRErrorCorrection) -> Int {
        precondition(QRTables.versions.contains(version), "version \(version) is not between 1 and 40")
        return capacity(version: version, errorCorrection: errorCorrection, isUTF8Text: false)
    }

    /// The bytes to encode and whether they are marked as UTF-8 with an ECI designator.
    struct Payload {
        let bytes: [UInt8]
        let isUTF8Text: Bool
    }

    static func encode(
        _ payload: Payload, errorCorrection: QRErrorCorrection, minimumVersion: Int, mask: Int?
    ) throws(QRCodeError) -> QRCode {
        guard QRTables.versions.contains(minimumVersion) else { throw .invalidVersion(minimumVersion) }
        if let mask, !(0...7).contains(mask) { throw .invalidMask(mask) }
        let count = payload.bytes.count
        guard
            let version = (minimumVersion...40).first(where: {
                capacity(version: $0, errorCorrection: errorCorrection, isUTF8Text: payload.isUTF8Text) >= count
            })
        else {
            throw .dataTooLong(
                byteCount: count,
                capacity: capacity(version: 40, errorCorrection: errorCorrection, isUTF8Text: payload.isUTF8Text))
        }
        let data = dataCodewords(payload, version: version, errorCorrection: errorCorrection)
        let codewords = ReedSolomon.interleavedWithErrorCorrection(
            data, blocks: QRTables.blocks(version: version, errorCorrection: errorCorrection))
        var symbol = SymbolBuilder(version: version)
        symbol.place(codewords)
        let chosenMask = mask ?? symbol.bestMask()
        symbol.applyMask(chosenMask)
        symbol.drawFormatInformation(errorCorrection: errorCorrection, mask: chosenMask)
        symbol.drawVersionInformation()
        return QRCode(
            version: version, errorCorrection: errorCorrection, mask: chosenMask, size: symbol.size,
            modules: symbol.modules)
    }

    static func capacity(version: Int, errorCorrection: QRErrorCorrection, isUTF8Text: Bool) -> Int {
        let bits = QRTables.blocks(version: version, errorCorrection: errorCorrection).dataCodewords * 8
        return (bits - (isUTF8Text ? eciHeaderBits : 0) - 4 - characterCountBits(version: version)) / 8
    }

    /// The ECI mode indicator 0111 and the one-byte designator 26 (UTF-8).
    static let eciHeaderBits = 12

    /// The length of the byte-mode character count indicator (Table 3).
    static func characterCountBits(version: Int) -> Int { version <= 9 ? 8 : 16 }

    /// The data codewords (7.4): for UTF-8 text the ECI header, then mode indicator 0100, character count, the
    /// bytes, a terminator of up to four zero bits, zero bits to the codeword boundary, and the pad codewords 0xEC
    /// and 0x11 alternately.
    static func dataCodewords(_ payload: Payload, version: Int, errorCorrection: QRErrorCorrection) -> [UInt8] {
        let count = QRTables.blocks(version: version, errorCorrection: errorCorrection).dataCodewords
        var writer = BitWriter(capacity: count)
        if payload.isUTF8Text {
            writer.append(0b0111, bits: 4)
            writer.append(26, bits: 8)
        }
        writer.append(0b0100, bits: 4)
        writer.append(payload.bytes.count, bits: characterCountBits(version: version))
        for byte in payload.bytes { writer.append(Int(byte), bits: 8) }
        writer.append(0, bits: min(4, count * 8 - writer.bitCount))
        writer.padToByte()
        var pad: UInt8 = 0xEC
        while writer.bytes.count < count {
            writer.bytes.append(pad)
            pad ^= 0xEC ^ 0x11
        }
        return writer.bytes
    }

    /// A horizontal run of dark modules: `length` modules from `column` in `row`.
    public struct Run: Sendable, Hashable {
        public let row: Int
        public let column: Int
        public let length: Int
    }

    /// The dark modules as maximal horizontal runs, row by row from the top and left to right: one rectangle each
    /// for a vector drawing (row `r` spans y from `r` to `r + 1` in module units, before any quiet zone).
    public var darkRuns: [Run] {
        var runs: [Run] = []
        runs.reserveCapacity(size * size / 4)
        for row in 0..<size {
            let start = row * size
            var column = 0
            while column < size {
                guard modules[start + column] != 0 else {
                    column += 1
                    continue
                }
                var end = column + 1
                while end < size && modules[start + end] != 0 { end += 1 }
                runs.append(Run(row: row, column: column, length: end - column))
                column = end
            }
        }
        return runs
    }
}

/// Appends bits, most significant first, into bytes.
struct BitWriter {
    var bytes: [UInt8]
    /// The last `pending` bits of this are not yet in `bytes`.
    private var accumulator: UInt64 = 0
    private var pending = 0

    init(capacity: Int) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    var bitCount: Int { bytes.count * 8 + pending }

    /// Appends the low `bits` bits of `value`, at most 32.
    mutating func append(_ value: Int, bits: Int) {
        accumulator = accumulator << bits | UInt64(truncatingIfNeeded: value) & ((1 << bits) - 1)
        pending += bits
        while pending >= 8 {
            pending -= 8
            bytes.append(UInt8(truncatingIfNeeded: accumulator >> pending))
        }
    }

    /// Zero bits up to the next byte boundary.
    mutating func padToByte() {
        if pending > 0 { append(0, bits: 8 - pending) }
    }
}

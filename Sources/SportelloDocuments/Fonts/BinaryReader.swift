/// Bounds-checked big-endian reads over a byte array, as used by the TrueType format.
struct BinaryReader {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    func uint8(at offset: Int) throws(FontError) -> UInt8 {
        guard offset >= 0, offset < bytes.count else { throw FontError.truncated(offset: offset) }
        return bytes[offset]
    }

    func uint16(at offset: Int) throws(FontError) -> UInt16 {
        guard offset >= 0, offset + 2 <= bytes.count else { throw FontError.truncated(offset: offset) }
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    func int16(at offset: Int) throws(FontError) -> Int16 {
        Int16(bitPattern: try uint16(at: offset))
    }

    func uint32(at offset: Int) throws(FontError) -> UInt32 {
        guard offset >= 0, offset + 4 <= bytes.count else { throw FontError.truncated(offset: offset) }
        return UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16
            | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }

    /// A 16.16 fixed-point number.
    func fixed(at offset: Int) throws(FontError) -> Double {
        Double(Int32(bitPattern: try uint32(at: offset))) / 65536
    }

    func slice(at offset: Int, count: Int) throws(FontError) -> ArraySlice<UInt8> {
        guard offset >= 0, count >= 0, offset + count <= bytes.count else {
            throw FontError.truncated(offset: offset)
        }
        return bytes[offset..<(offset + count)]
    }
}

/// Big-endian appends to a byte array.
extension Array where Element == UInt8 {
    mutating func appendUInt16(_ value: UInt16) {
        append(UInt8(value >> 8))
        append(UInt8(value & 0xFF))
    }

    mutating func appendInt16(_ value: Int16) {
        appendUInt16(UInt16(bitPattern: value))
    }

    mutating func appendUInt32(_ value: UInt32) {
        append(UInt8(value >> 24))
        append(UInt8((value >> 16) & 0xFF))
        append(UInt8((value >> 8) & 0xFF))
        append(UInt8(value & 0xFF))
    }

    mutating func appendASCII(_ text: String) {
        append(contentsOf: text.utf8)
    }

    mutating func setUInt16(_ value: UInt16, at offset: Int) {
        self[offset] = UInt8(value >> 8)
        self[offset + 1] = UInt8(value & 0xFF)
    }

    mutating func setUInt32(_ value: UInt32, at offset: Int) {
        self[offset] = UInt8(value >> 24)
        self[offset + 1] = UInt8((value >> 16) & 0xFF)
        self[offset + 2] = UInt8((value >> 8) & 0xFF)
        self[offset + 3] = UInt8(value & 0xFF)
    }

    /// Pads with zero bytes to a multiple of four, as TrueType tables require.
    mutating func padToFourBytes() {
        while count % 4 != 0 { append(0) }
    }
}

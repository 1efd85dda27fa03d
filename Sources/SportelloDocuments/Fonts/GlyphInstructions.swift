/// Removes the TrueType hinting instructions from a glyph outline.
///
/// Hints adjust outlines to the pixel grid of small screen sizes; PDF viewers and printers draw the outlines
/// without them (or hint automatically), and in DejaVu they are half the size of a compressed subset. An embedded
/// subset therefore carries outlines only: no `fpgm`, `prep` or `cvt ` table and no per-glyph instructions, which
/// leaves the glyph shapes, metrics and text extraction exactly as they were.
enum GlyphInstructions {
    /// The outline without its instructions. A simple glyph keeps its contours, flags and coordinates with an
    /// instruction length of zero; a composite glyph keeps its components with `WE_HAVE_INSTRUCTIONS` cleared and
    /// the trailing instructions cut. Data that cannot be parsed is returned unchanged.
    static func stripped(_ outline: ArraySlice<UInt8>) -> [UInt8] {
        let bytes = Array(outline)
        guard bytes.count >= 10 else { return bytes }
        let contours = Int16(bitPattern: UInt16(bytes[0]) << 8 | UInt16(bytes[1]))
        return (contours >= 0 ? simple(bytes, contours: Int(contours)) : composite(bytes)) ?? bytes
    }

    private static func uint16(_ bytes: [UInt8], _ offset: Int) -> Int? {
        guard offset + 1 < bytes.count else { return nil }
        return Int(bytes[offset]) << 8 | Int(bytes[offset + 1])
    }

    private static func simple(_ bytes: [UInt8], contours: Int) -> [UInt8]? {
        let lengthOffset = 10 + 2 * contours
        guard let length = uint16(bytes, lengthOffset), lengthOffset + 2 + length <= bytes.count else { return nil }
        guard length > 0 else { return bytes }
        var result = Array(bytes[..<lengthOffset])
        result.reserveCapacity(bytes.count - length)
        result += [0, 0]
        result += bytes[(lengthOffset + 2 + length)...]
        return result
    }

    private static func composite(_ bytes: [UInt8]) -> [UInt8]? {
        guard let composite = try? CompositeGlyph(outline: bytes), composite.end <= bytes.count else { return nil }
        var result = Array(bytes[..<composite.end])
        for component in composite.components {
            let cleared = component.flags & ~0x0100  // WE_HAVE_INSTRUCTIONS
            result[component.flagsOffset] = UInt8(cleared >> 8)
            result[component.flagsOffset + 1] = UInt8(cleared & 0xFF)
        }
        return result
    }
}

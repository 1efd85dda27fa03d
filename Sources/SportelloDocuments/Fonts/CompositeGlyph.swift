/// The component records of a composite TrueType glyph (one whose `numberOfContours` is negative): which glyphs it
/// is built from, where each record's flags are, and where the records end (hinting instructions may follow).
struct CompositeGlyph {
    struct Component {
        /// Offset of the record's flags in the outline.
        let flagsOffset: Int
        let flags: UInt16
        let glyph: UInt16
    }

    let components: [Component]
    /// Offset just after the last record.
    let end: Int

    /// Reads the records that follow the 10-byte glyph header.
    init(outline: [UInt8]) throws(FontError) {
        let reader = BinaryReader(outline)
        var components: [Component] = []
        var offset = 10
        while true {
            let flags = try reader.uint16(at: offset)
            components.append(Component(flagsOffset: offset, flags: flags, glyph: try reader.uint16(at: offset + 2)))
            offset += 4
            offset += flags & 0x0001 != 0 ? 4 : 2  // ARG_1_AND_2_ARE_WORDS
            if flags & 0x0008 != 0 {  // WE_HAVE_A_SCALE
                offset += 2
            } else if flags & 0x0040 != 0 {  // WE_HAVE_AN_X_AND_Y_SCALE
                offset += 4
            } else if flags & 0x0080 != 0 {  // WE_HAVE_A_TWO_BY_TWO
                offset += 8
            }
            guard flags & 0x0020 != 0 else { break }  // MORE_COMPONENTS
        }
        self.components = components
        end = offset
    }
}

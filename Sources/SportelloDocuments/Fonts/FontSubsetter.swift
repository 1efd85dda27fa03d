/// Builds a reduced TrueType font that contains only the outlines a document uses.
///
/// Glyph ids are preserved (unused glyphs keep their slot but get an empty outline), so the subset can be embedded
/// with `/CIDToGIDMap /Identity`. Glyph slots after the highest used glyph are dropped. Only the tables that a PDF
/// consumer needs are written: `head`, `hhea`, `maxp`, `hmtx`, `loca`, `glyf` (outlines without hinting instructions,
/// see `GlyphInstructions`), `OS/2`, a `post` table without glyph names and a `cmap` covering the used characters.
struct FontSubsetter {
    let font: TrueTypeFont

    /// The glyphs that end up with an outline: the requested ones, `.notdef` and all composite components.
    func glyphClosure(of glyphs: some Sequence<UInt16>) throws(FontError) -> Set<UInt16> {
        var closure: Set<UInt16> = []
        var pending = [0] + glyphs.filter { Int($0) < font.numberOfGlyphs }
        while let glyph = pending.popLast() {
            guard closure.insert(glyph).inserted else { continue }
            for component in try font.components(of: glyph)
            where Int(component) < font.numberOfGlyphs && !closure.contains(component) {
                pending.append(component)
            }
        }
        return closure
    }

    /// Writes the subset font file.
    /// - Parameter characters: the characters rendered and their glyphs, used for the subset's `cmap`.
    func subset(characters: [Unicode.Scalar: UInt16]) throws(FontError) -> [UInt8] {
        let closure = try glyphClosure(of: characters.values)
        let glyphCount = Int(closure.max() ?? 0) + 1
        var tables: [String: [UInt8]] = [:]

        var glyf: [UInt8] = []
        var loca: [UInt8] = []
        for glyph in 0..<glyphCount {
            loca.appendUInt32(UInt32(glyf.count))
            if closure.contains(UInt16(glyph)) {
                glyf.append(contentsOf: GlyphInstructions.stripped(font.glyphData(UInt16(glyph))))
                glyf.padToFourBytes()
            }
        }
        loca.appendUInt32(UInt32(glyf.count))
        tables["glyf"] = glyf
        tables["loca"] = loca

        guard var head = font.tableData("head").map(Array.init), head.count >= 54,
            var hhea = font.tableData("hhea").map(Array.init), hhea.count >= 36,
            var maxp = font.tableData("maxp").map(Array.init), maxp.count >= 6,
            let hmtx = font.tableData("hmtx").map(Array.init)
        else { throw .missingTable("head/hhea/maxp/hmtx") }
        head.setUInt32(0, at: 8)  // checkSumAdjustment, recomputed below
        head.setUInt16(1, at: 50)  // indexToLocFormat: long offsets
        tables["head"] = head
        maxp.setUInt16(UInt16(glyphCount), at: 4)
        tables["maxp"] = maxp

        let reader = BinaryReader(hhea)
        let originalMetrics = Int(try reader.uint16(at: 34))
        let metricCount = min(originalMetrics, glyphCount)
        hhea.setUInt16(UInt16(metricCount), at: 34)
        tables["hhea"] = hhea
        tables["hmtx"] = try subsetMetrics(
            hmtx, metricCount: metricCount, originalMetrics: originalMetrics,
            glyphCount: glyphCount, closure: closure)

        if let os2 = font.tableData("OS/2") { tables["OS/2"] = Array(os2) }
        if let post = font.tableData("post"), post.count >= 32 {
            var table = Array(post.prefix(32))
            table.setUInt32(0x0003_0000, at: 0)  // version 3: no glyph names
            tables["post"] = table
        }
        tables["cmap"] = Self.characterMap(characters)
        return Self.assemble(tables)
    }

    /// Copies `hmtx`, zeroing the metrics of glyphs without outline (they compress to nothing).
    private func subsetMetrics(
        _ hmtx: [UInt8], metricCount: Int, originalMetrics: Int, glyphCount: Int, closure: Set<UInt16>
    ) throws(FontError) -> [UInt8] {
        let reader = BinaryReader(hmtx)
        var result: [UInt8] = []
        result.reserveCapacity(metricCount * 4 + (glyphCount - metricCount) * 2)
        for glyph in 0..<glyphCount {
            let used = closure.contains(UInt16(glyph))
            if glyph < metricCount {
                // The last long metric also gives the advance of all following glyphs, so it is always kept.
                let keep = used || glyph == metricCount - 1
                let advance: UInt16 = if glyph < originalMetrics { try reader.uint16(at: glyph * 4) } else { 0 }
                let bearing =
                    glyph < originalMetrics
                    ? try reader.int16(at: glyph * 4 + 2)
                    : try reader.int16(at: originalMetrics * 4 + (glyph - originalMetrics) * 2)
                result.appendUInt16(keep ? advance : 0)
                result.appendInt16(keep ? bearing : 0)
            } else {
                let bearing = try reader.int16(at: originalMetrics * 4 + (glyph - originalMetrics) * 2)
                result.appendInt16(used ? bearing : 0)
            }
        }
        return result
    }

    /// A `cmap` with a single (3, 1) format 4 subtable for the BMP characters in `characters`.
    static func characterMap(_ characters: [Unicode.Scalar: UInt16]) -> [UInt8] {
        let pairs = characters.filter { $0.key.value < 0xFFFF }.map { (code: Int($0.key.value), glyph: Int($0.value)) }
            .sorted { $0.code < $1.code }
        // Runs of consecutive codes with consecutive glyphs share one segment.
        var segments: [(start: Int, end: Int, delta: Int)] = []
        for pair in pairs {
            let delta = (pair.glyph - pair.code) & 0xFFFF
            if let last = segments.last, last.end + 1 == pair.code, last.delta == delta {
                segments[segments.count - 1].end = pair.code
            } else {
                segments.append((pair.code, pair.code, delta))
            }
        }
        segments.append((0xFFFF, 0xFFFF, 1))
        let count = segments.count
        var searchRange = 1
        var selector = 0
        while searchRange * 2 <= count {
            searchRange *= 2
            selector += 1
        }
        var subtable: [UInt8] = []
        subtable.appendUInt16(4)
        subtable.appendUInt16(UInt16(16 + count * 8))
        subtable.appendUInt16(0)  // language
        subtable.appendUInt16(UInt16(count * 2))
        subtable.appendUInt16(UInt16(searchRange * 2))
        subtable.appendUInt16(UInt16(selector))
        subtable.appendUInt16(UInt16(count * 2 - searchRange * 2))
        for segment in segments { subtable.appendUInt16(UInt16(segment.end)) }
        subtable.appendUInt16(0)  // reservedPad
        for segment in segments { subtable.appendUInt16(UInt16(segment.start)) }
        for segment in segments { subtable.appendUInt16(UInt16(segment.delta)) }
        for _ in segments { subtable.appendUInt16(0) }  // idRangeOffset
        var table: [UInt8] = []
        table.appendUInt16(0)  // version
        table.appendUInt16(1)  // one encoding record
        table.appendUInt16(3)  // Windows
        table.appendUInt16(1)  // Unicode BMP
        table.appendUInt32(12)
        table.append(contentsOf: subtable)
        return table
    }

    /// The checksum of a table: the sum of its big-endian 32-bit words, zero padded.
    static func checksum(_ bytes: some Collection<UInt8>) -> UInt32 {
        var sum: UInt32 = 0
        var word: UInt32 = 0
        var position = 0
        for byte in bytes {
            word = word << 8 | UInt32(byte)
            position += 1
            if position == 4 {
                sum &+= word
                word = 0
                position = 0
            }
        }
        if position > 0 { sum &+= word << (8 * UInt32(4 - position)) }
        return sum
    }

    /// Writes the table directory and tables, then sets `head.checkSumAdjustment`.
    static func assemble(_ tables: [String: [UInt8]]) -> [UInt8] {
        let tags = tables.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        var searchRange = 1
        var selector = 0
        while searchRange * 2 <= tags.count {
            searchRange *= 2
            selector += 1
        }
        var font: [UInt8] = []
        font.appendUInt32(0x0001_0000)
        font.appendUInt16(UInt16(tags.count))
        font.appendUInt16(UInt16(searchRange * 16))
        font.appendUInt16(UInt16(selector))
        font.appendUInt16(UInt16(tags.count * 16 - searchRange * 16))
        var offset = 12 + tags.count * 16
        var headOffset: Int?
        for tag in tags {
            let table = tables[tag] ?? []
            font.appendASCII(tag)
            font.appendUInt32(checksum(table))
            font.appendUInt32(UInt32(offset))
            font.appendUInt32(UInt32(table.count))
            if tag == "head" { headOffset = offset }
            offset += (table.count + 3) / 4 * 4
        }
        for tag in tags {
            font.append(contentsOf: tables[tag] ?? [])
            font.padToFourBytes()
        }
        if let headOffset {
            font.setUInt32(0xB1B0_AFBA &- checksum(font), at: headOffset + 8)
        }
        return font
    }
}

/// Errors raised while reading or subsetting a font.
public enum FontError: Error, Sendable, Equatable {
    /// The font data ends before a structure that should be at `offset`.
    case truncated(offset: Int)
    /// A table the renderer needs is absent.
    case missingTable(String)
    /// The font uses a feature this reader does not handle (e.g. CFF outlines).
    case unsupported(String)
    /// The font licence forbids embedding (OS/2 fsType "restricted license").
    case embeddingNotPermitted(String)
    /// A bundled font resource could not be found.
    case resourceMissing(String)
}

/// A parsed TrueType (glyf-outline) font. Immutable, so it can be shared freely across threads.
///
/// Only the information needed to measure text and to write a subset for PDF embedding is extracted.
struct TrueTypeFont: Sendable {
    struct TableRecord: Sendable, Equatable {
        let tag: String
        let offset: Int
        let length: Int
    }

    struct BoundingBox: Sendable, Equatable {
        let xMin: Int
        let yMin: Int
        let xMax: Int
        let yMax: Int
    }

    /// The complete font file.
    let data: [UInt8]
    /// Table directory, keyed by four-character tag.
    let tables: [String: TableRecord]
    let unitsPerEm: Int
    let boundingBox: BoundingBox
    let numberOfGlyphs: Int
    /// Advance width of every glyph, in font units.
    let advanceWidths: [UInt16]
    let ascender: Int
    let descender: Int
    let capHeight: Int
    let weightClass: Int
    let italicAngle: Double
    let isFixedPitch: Bool
    let postScriptName: String
    let familyName: String
    /// `glyphOffsets[g] ..< glyphOffsets[g + 1]` is glyph `g` inside the glyf table.
    let glyphOffsets: [Int]
    /// Glyph ids of the Basic Multilingual Plane, indexed by scalar value (0 = not mapped).
    private let bmpGlyphs: [UInt16]
    /// Glyph ids of supplementary-plane characters.
    private let supplementaryGlyphs: [UInt32: UInt16]

    /// Parses a TrueType font file.
    init(data: [UInt8]) throws(FontError) {
        self.data = data
        let reader = BinaryReader(data)
        let version = try reader.uint32(at: 0)
        guard version == 0x0001_0000 || version == 0x7472_7565 else {  // 1.0 or 'true'
            throw version == 0x4F54_544F ? .unsupported("CFF outlines") : .unsupported("not a TrueType font")
        }
        let tableCount = Int(try reader.uint16(at: 4))
        var tables: [String: TableRecord] = [:]
        for index in 0..<tableCount {
            let record = 12 + index * 16
            let tagBytes = try reader.slice(at: record, count: 4)
            let tag = String(decoding: tagBytes, as: Unicode.ASCII.self)
            let offset = Int(try reader.uint32(at: record + 8))
            let length = Int(try reader.uint32(at: record + 12))
            guard offset + length <= data.count else { throw .truncated(offset: offset) }
            tables[tag] = TableRecord(tag: tag, offset: offset, length: length)
        }
        self.tables = tables
        func table(_ tag: String) throws(FontError) -> Int {
            guard let record = tables[tag] else { throw .missingTable(tag) }
            return record.offset
        }

        let head = try table("head")
        unitsPerEm = Int(try reader.uint16(at: head + 18))
        guard unitsPerEm > 0 else { throw .unsupported("unitsPerEm is zero") }
        boundingBox = BoundingBox(
            xMin: Int(try reader.int16(at: head + 36)), yMin: Int(try reader.int16(at: head + 38)),
            xMax: Int(try reader.int16(at: head + 40)), yMax: Int(try reader.int16(at: head + 42)))
        let longOffsets = try reader.int16(at: head + 50) == 1

        let maxp = try table("maxp")
        numberOfGlyphs = Int(try reader.uint16(at: maxp + 4))

        let hhea = try table("hhea")
        ascender = Int(try reader.int16(at: hhea + 4))
        descender = Int(try reader.int16(at: hhea + 6))
        let hMetricCount = Int(try reader.uint16(at: hhea + 34))
        guard hMetricCount > 0 else { throw .unsupported("no horizontal metrics") }

        let hmtx = try table("hmtx")
        var widths = [UInt16](repeating: 0, count: numberOfGlyphs)
        var lastWidth: UInt16 = 0
        for glyph in 0..<numberOfGlyphs {
            if glyph < hMetricCount { lastWidth = try reader.uint16(at: hmtx + glyph * 4) }
            widths[glyph] = lastWidth
        }
        advanceWidths = widths

        if let os2 = tables["OS/2"]?.offset {
            weightClass = Int(try reader.uint16(at: os2 + 4))
            let fsType = try reader.uint16(at: os2 + 8)
            // Bit 1 alone means "restricted licence embedding": the font must not be embedded.
            if fsType & 0x000F == 0x0002 { throw .embeddingNotPermitted("OS/2 fsType \(fsType)") }
            let os2Version = try reader.uint16(at: os2)
            capHeight = os2Version >= 2 ? Int(try reader.int16(at: os2 + 88)) : ascender
        } else {
            weightClass = 400
            capHeight = ascender
        }

        if let post = tables["post"]?.offset {
            italicAngle = try reader.fixed(at: post + 4)
            isFixedPitch = try reader.uint32(at: post + 12) != 0
        } else {
            italicAngle = 0
            isFixedPitch = false
        }

        let names = try Self.readNames(reader, offset: tables["name"]?.offset)
        postScriptName = names.postScript
        familyName = names.family

        let loca = try table("loca")
        let glyf = try table("glyf")
        let glyfLength = tables["glyf"]?.length ?? 0
        var offsets = [Int](repeating: 0, count: numberOfGlyphs + 1)
        for glyph in 0...numberOfGlyphs {
            let value =
                longOffsets
                ? Int(try reader.uint32(at: loca + glyph * 4)) : Int(try reader.uint16(at: loca + glyph * 2)) * 2
            guard value <= glyfLength else { throw .truncated(offset: glyf + value) }
            offsets[glyph] = value
        }
        for glyph in 0..<numberOfGlyphs where offsets[glyph + 1] < offsets[glyph] {
            throw .unsupported("glyph \(glyph) has a negative length in loca")
        }
        glyphOffsets = offsets

        let cmap = try Self.readCharacterMap(reader, offset: try table("cmap"), glyphCount: numberOfGlyphs)
        bmpGlyphs = cmap.bmp
        supplementaryGlyphs = cmap.supplementary
    }

    /// The glyph for a character, or `nil` when the font does not cover it.
    func glyph(for scalar: Unicode.Scalar) -> UInt16? {
        let value = scalar.value
        let glyph = value < 0x10000 ? bmpGlyphs[Int(value)] : (supplementaryGlyphs[value] ?? 0)
        return glyph == 0 ? nil : glyph
    }

    /// The advance width of a glyph in font units (0 for ids outside the font).
    func advanceWidth(of glyph: UInt16) -> Int {
        Int(glyph) < advanceWidths.count ? Int(advanceWidths[Int(glyph)]) : 0
    }

    /// The raw bytes of a table, if present.
    func tableData(_ tag: String) -> ArraySlice<UInt8>? {
        guard let record = tables[tag] else { return nil }
        return data[record.offset..<(record.offset + record.length)]
    }

    /// The outline bytes of one glyph (empty for glyphs without contours).
    func glyphData(_ glyph: UInt16) -> ArraySlice<UInt8> {
        guard Int(glyph) < numberOfGlyphs, let glyf = tables["glyf"]?.offset else { return [] }
        return data[(glyf + glyphOffsets[Int(glyph)])..<(glyf + glyphOffsets[Int(glyph) + 1])]
    }

    /// Glyph ids referenced by a composite glyph (empty for simple glyphs).
    func components(of glyph: UInt16) throws(FontError) -> [UInt16] {
        let outline = glyphData(glyph)
        guard outline.count >= 10 else { return [] }
        let bytes = Array(outline)
        guard try BinaryReader(bytes).int16(at: 0) < 0 else { return [] }
        return try CompositeGlyph(outline: bytes).components.map(\.glyph)
    }

    // MARK: - name

    private static func readNames(
        _ reader: BinaryReader, offset: Int?
    ) throws(FontError) -> (postScript: String, family: String) {
        guard let offset else { return ("Font", "Font") }
        let count = Int(try reader.uint16(at: offset + 2))
        let storage = offset + Int(try reader.uint16(at: offset + 4))
        var postScript: String?
        var family: String?
        for index in 0..<count {
            let record = offset + 6 + index * 12
            let platform = try reader.uint16(at: record)
            let nameID = try reader.uint16(at: record + 6)
            guard nameID == 1 || nameID == 6, platform == 3 || platform == 1 else { continue }
            let length = Int(try reader.uint16(at: record + 8))
            let start = storage + Int(try reader.uint16(at: record + 10))
            let bytes = try reader.slice(at: start, count: length)
            let text: String
            if platform == 3 {
                let units = stride(from: bytes.startIndex, to: bytes.endIndex - 1, by: 2).map {
                    UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1])
                }
                text = String(decoding: units, as: UTF16.self)
            } else {
                text = String(decoding: bytes, as: Unicode.ASCII.self)
            }
            if nameID == 6, postScript == nil || platform == 3 { postScript = text }
            if nameID == 1, family == nil || platform == 3 { family = text }
        }
        let fallback = family ?? "Font"
        return (postScript ?? fallback.filter { $0 != " " }, fallback)
    }

    // MARK: - cmap

    private static func readCharacterMap(
        _ reader: BinaryReader, offset: Int, glyphCount: Int
    ) throws(FontError) -> (bmp: [UInt16], supplementary: [UInt32: UInt16]) {
        let count = Int(try reader.uint16(at: offset + 2))
        var best: (rank: Int, offset: Int)?
        for index in 0..<count {
            let record = offset + 4 + index * 8
            let platform = try reader.uint16(at: record)
            let encoding = try reader.uint16(at: record + 2)
            let subtable = offset + Int(try reader.uint32(at: record + 4))
            let format = try reader.uint16(at: subtable)
            let rank: Int
            switch (platform, encoding, format) {
            case (3, 10, 12): rank = 4
            case (0, _, 12): rank = 3
            case (3, 1, 4): rank = 2
            case (0, _, 4): rank = 1
            default: continue
            }
            if best == nil || rank > best!.rank { best = (rank, subtable) }
        }
        guard let best else { throw .unsupported("no Unicode cmap subtable (format 4 or 12)") }
        var bmp = [UInt16](repeating: 0, count: 0x10000)
        var supplementary: [UInt32: UInt16] = [:]
        if try reader.uint16(at: best.offset) == 12 {
            try readFormat12(reader, offset: best.offset, glyphCount: glyphCount, bmp: &bmp, supplementary: &supplementary)
        } else {
            try readFormat4(reader, offset: best.offset, glyphCount: glyphCount, bmp: &bmp)
        }
        return (bmp, supplementary)
    }

    private static func readFormat4(
        _ reader: BinaryReader, offset: Int, glyphCount: Int, bmp: inout [UInt16]
    ) throws(FontError) {
        let segments = Int(try reader.uint16(at: offset + 6)) / 2
        let endCodes = offset + 14
        let startCodes = endCodes + segments * 2 + 2
        let deltas = startCodes + segments * 2
        let rangeOffsets = deltas + segments * 2
        for segment in 0..<segments {
            let end = Int(try reader.uint16(at: endCodes + segment * 2))
            let start = Int(try reader.uint16(at: startCodes + segment * 2))
            let delta = Int(try reader.uint16(at: deltas + segment * 2))
            let rangeOffsetPosition = rangeOffsets + segment * 2
            let rangeOffset = Int(try reader.uint16(at: rangeOffsetPosition))
            guard start <= end else { continue }
            for code in start...end where code != 0xFFFF {
                var glyph: Int
                if rangeOffset == 0 {
                    glyph = (code + delta) & 0xFFFF
                } else {
                    let glyphPosition = rangeOffsetPosition + rangeOffset + (code - start) * 2
                    glyph = Int(try reader.uint16(at: glyphPosition))
                    if glyph != 0 { glyph = (glyph + delta) & 0xFFFF }
                }
                if glyph < glyphCount { bmp[code] = UInt16(glyph) }
            }
        }
    }

    private static func readFormat12(
        _ reader: BinaryReader, offset: Int, glyphCount: Int,
        bmp: inout [UInt16], supplementary: inout [UInt32: UInt16]
    ) throws(FontError) {
        let groups = Int(try reader.uint32(at: offset + 12))
        for group in 0..<groups {
            let record = offset + 16 + group * 12
            let start = try reader.uint32(at: record)
            let end = min(try reader.uint32(at: record + 4), 0x10FFFF)
            let startGlyph = try reader.uint32(at: record + 8)
            guard start <= end else { continue }
            for code in start...end {
                let glyph = startGlyph + (code - start)
                guard glyph < glyphCount else { break }
                if code < 0x10000 {
                    bmp[Int(code)] = UInt16(glyph)
                } else {
                    supplementary[code] = UInt16(glyph)
                }
            }
        }
    }
}

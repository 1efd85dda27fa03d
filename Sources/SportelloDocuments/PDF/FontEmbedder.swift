/// Writes a subset of a TrueType font as a composite font: Type0 with `Identity-H` encoding over a CIDFontType2
/// whose CIDs are the glyph ids (`/CIDToGIDMap /Identity`), with `/W` widths, a `/CIDSet`, a `/ToUnicode` CMap
/// and the subset as `/FontFile2`.
struct FontEmbedder {
    let font: TrueTypeFont
    let usage: FontUsage

    /// Writes all font objects and returns the reference of the Type0 font dictionary. When every glyph the
    /// document uses is in `common`, its prepared streams are written instead of a new subset.
    func write(to writer: inout PDFWriter, common: CommonSubset? = nil) throws(FontError) -> PDFReference {
        if let common, common.covers(usage) {
            return writeObjects(
                to: &writer, tag: common.tag, widths: common.widths,
                program: (common.compressedProgram, common.programLength), cidSet: common.compressedCIDSet,
                toUnicode: common.compressedToUnicode)
        }
        let subsetter = FontSubsetter(font: font)
        let program = try subsetter.subset(characters: usage.characters)
        let present = try subsetter.glyphClosure(of: usage.glyphText.keys)
        return writeObjects(
            to: &writer, tag: subsetTag(), widths: widths(present), program: (Deflate.zlibCompress(program), program.count),
            cidSet: Deflate.zlibCompress(Self.cidSet(present)), toUnicode: Deflate.zlibCompress(Array(toUnicodeCMap().utf8)))
    }

    private func writeObjects(
        to writer: inout PDFWriter, tag: String, widths: String, program: (compressed: [UInt8], length: Int),
        cidSet compressedCIDSet: [UInt8], toUnicode compressedToUnicode: [UInt8]
    ) -> PDFReference {
        let fontName = PDFSyntax.name(tag + "+" + font.postScriptName)

        let type0 = writer.reserve()
        let cidFont = writer.reserve()
        let descriptor = writer.reserve()
        let fontFile = writer.reserve()
        let cidSet = writer.reserve()
        let toUnicode = writer.reserve()

        writer.write(
            type0,
            "<< /Type /Font /Subtype /Type0 /BaseFont \(fontName) /Encoding /Identity-H"
                + " /DescendantFonts [\(cidFont)] /ToUnicode \(toUnicode) >>")
        writer.write(
            cidFont,
            "<< /Type /Font /Subtype /CIDFontType2 /BaseFont \(fontName)"
                + " /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
                + " /FontDescriptor \(descriptor) /DW \(scaled(font.advanceWidth(of: 0))) /W \(widths)"
                + " /CIDToGIDMap /Identity >>")
        writer.write(descriptor, descriptorDictionary(name: fontName, fontFile: fontFile, cidSet: cidSet))
        // The subset tag identifies the glyph set, so the file identifier need not hash the programs.
        writer.writeStream(
            fontFile, entries: "/Length1 \(program.length)", payload: program.compressed, compressed: true,
            fingerprinted: false)
        writer.writeStream(cidSet, payload: compressedCIDSet, compressed: true, fingerprinted: false)
        writer.writeStream(toUnicode, payload: compressedToUnicode, compressed: true, fingerprinted: false)
        return type0
    }

    /// Six capital letters derived from the font and the glyph set, so the same input gives the same name while
    /// different subsets get different names.
    func subsetTag() -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ byte: UInt8) { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        for byte in font.postScriptName.utf8 { mix(byte) }
        for glyph in usage.glyphText.keys.sorted() {
            mix(UInt8(glyph >> 8))
            mix(UInt8(glyph & 0xFF))
        }
        var tag = ""
        for _ in 0..<6 {
            tag.unicodeScalars.append(Unicode.Scalar(UInt8(65 + hash % 26)))
            hash /= 26
        }
        return tag
    }

    private func scaled(_ units: Int) -> String {
        PDFSyntax.number(Double(units) * 1000 / Double(font.unitsPerEm))
    }

    /// `/W` array: runs of consecutive CIDs share one sub-array.
    func widths(_ glyphs: Set<UInt16>) -> String {
        var result = "["
        var runStart: UInt16?
        var previous: UInt16 = 0
        for glyph in glyphs.sorted() {
            if let start = runStart, glyph == previous + 1, glyph - start < 4000 {
                result += " "
            } else {
                if runStart != nil { result += "]" }
                result += " \(glyph) ["
                runStart = glyph
            }
            result += scaled(font.advanceWidth(of: glyph))
            previous = glyph
        }
        if runStart != nil { result += "]" }
        return result + " ]"
    }

    private func descriptorDictionary(name: String, fontFile: PDFReference, cidSet: PDFReference) -> String {
        var flags = 32  // nonsymbolic
        if font.isFixedPitch { flags |= 1 }
        if font.italicAngle != 0 { flags |= 64 }
        let box = font.boundingBox
        let stemV = font.weightClass >= 600 ? 140 : 80
        return "<< /Type /FontDescriptor /FontName \(name) /Flags \(flags)"
            + " /FontBBox [\(scaled(box.xMin)) \(scaled(box.yMin)) \(scaled(box.xMax)) \(scaled(box.yMax))]"
            + " /ItalicAngle \(PDFSyntax.number(font.italicAngle)) /Ascent \(scaled(font.ascender))"
            + " /Descent \(scaled(font.descender)) /CapHeight \(scaled(font.capHeight)) /StemV \(stemV)"
            + " /CIDSet \(cidSet) /FontFile2 \(fontFile) >>"
    }

    /// One bit per CID, most significant bit first, set for every glyph present in the subset.
    static func cidSet(_ glyphs: Set<UInt16>) -> [UInt8] {
        let highest = Int(glyphs.max() ?? 0)
        var bits = [UInt8](repeating: 0, count: highest / 8 + 1)
        for glyph in glyphs { bits[Int(glyph) / 8] |= 0x80 >> UInt8(Int(glyph) % 8) }
        return bits
    }

    /// A CMap from CIDs (2-byte codes) to UTF-16 text, so text can be extracted and searched.
    func toUnicodeCMap() -> String {
        var cmap = """
            /CIDInit /ProcSet findresource begin
            12 dict begin
            begincmap
            /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
            /CMapName /Adobe-Identity-UCS def
            /CMapType 2 def
            1 begincodespacerange
            <0000> <FFFF>
            endcodespacerange

            """
        let entries = usage.glyphText.sorted { $0.key < $1.key }
        var start = 0
        while start < entries.count {
            let chunk = entries[start..<min(start + 100, entries.count)]
            cmap += "\(chunk.count) beginbfchar\n"
            for (glyph, text) in chunk {
                var code = ""
                PDFSyntax.appendHex(UInt8(glyph >> 8), to: &code)
                PDFSyntax.appendHex(UInt8(glyph & 0xFF), to: &code)
                cmap += "<\(code)> " + PDFSyntax.hexString(text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }) + "\n"
            }
            cmap += "endbfchar\n"
            start += 100
        }
        cmap += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
        return cmap
    }
}

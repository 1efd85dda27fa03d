import Foundation
import SportelloTestSupport
import Testing

@testable import SportelloDocuments

@Suite("Images")
struct ImageTests {
    /// The pixels a viewer would show for an image XObject, as RGB triples (grey repeated three times).
    static func rgbPixels(_ image: ImageXObject) throws -> [UInt8] {
        #expect(image.filter == "/FlateDecode")
        let colors = image.colorSpace.hasPrefix("/DeviceRGB") ? 3 : 1
        let rowBytes = (image.width * colors * image.bitsPerComponent + 7) / 8
        var data = try Inflate.zlibDecompress(image.payload, limit: image.height * (rowBytes + 1))
        try PNGDecoder.unfilter(
            &data, at: 0, rows: image.height, rowBytes: rowBytes, distance: max(1, colors * image.bitsPerComponent / 8))
        var palette: [UInt8] = []
        if image.colorSpace.hasPrefix("[/Indexed") {
            let hex = image.colorSpace.split(separator: "<")[1].prefix { $0 != ">" }
            var index = hex.startIndex
            while index < hex.endIndex {
                let next = hex.index(index, offsetBy: 2)
                palette.append(UInt8(hex[index..<next], radix: 16)!)
                index = next
            }
        }
        var pixels: [UInt8] = []
        let depth = image.bitsPerComponent
        for row in 0..<image.height {
            let start = row * (rowBytes + 1) + 1
            for index in 0..<(image.width * colors) {
                let bit = index * depth
                let value =
                    depth == 8
                    ? Int(data[start + index]) : Int(data[start + bit / 8] >> UInt8(8 - depth - bit % 8)) & ((1 << depth) - 1)
                if !palette.isEmpty {
                    pixels += palette[(value * 3)..<(value * 3 + 3)]
                } else if colors == 1 {
                    let gray = UInt8(value * 255 / ((1 << depth) - 1))
                    pixels += [gray, gray, gray]
                } else {
                    pixels.append(UInt8(value))
                }
            }
        }
        return pixels
    }

    /// The concatenated IDAT chunks of a PNG file.
    static func imageData(_ png: [UInt8]) -> [UInt8] {
        var data: [UInt8] = []
        var position = 8
        while position + 12 <= png.count {
            let length = png[position..<(position + 4)].reduce(0) { $0 << 8 | Int($1) }
            if png[(position + 4)..<(position + 8)].elementsEqual("IDAT".utf8) {
                data += png[(position + 8)..<(position + 8 + length)]
            }
            position += 12 + length
        }
        return data
    }

    @Test func pngWithAlphaIsCompositedOntoWhite() throws {
        // Four pixels: opaque red, transparent, half-transparent blue, opaque white.
        let png = ImageFixtures.png(
            width: 2, height: 2, colorType: 6, bitDepth: 8,
            samples: [255, 0, 0, 255, 0, 0, 0, 0, 0, 0, 255, 128, 255, 255, 255, 255])
        let image = try DocumentImage(bytes: png)
        #expect(image.pixelWidth == 2 && image.pixelHeight == 2)
        #expect(image.xObject.colorSpace == "/DeviceRGB")
        #expect(!image.xObject.entries.contains("SMask"))
        #expect(try Self.rgbPixels(image.xObject) == [255, 0, 0, 255, 255, 255, 127, 127, 255, 255, 255, 255])
    }

    @Test func plainPNGKeepsItsCompressedData() throws {
        let samples = (0..<(5 * 4 * 3)).map { $0 * 7 % 256 }
        let png = ImageFixtures.png(width: 5, height: 4, colorType: 2, bitDepth: 8, samples: samples)
        let image = try DocumentImage(bytes: png)
        // The IDAT data is embedded as it is, read with PNG predictors.
        #expect(image.xObject.payload == Self.imageData(png))
        #expect(image.xObject.decodeParameters == "<< /Predictor 15 /Colors 3 /BitsPerComponent 8 /Columns 5 >>")
        #expect(try Self.rgbPixels(image.xObject) == samples.map(UInt8.init))
    }

    @Test func paletteTransparencyIsMixedIntoThePalette() throws {
        let png = ImageFixtures.png(
            width: 3, height: 1, colorType: 3, bitDepth: 8, samples: [0, 1, 2],
            palette: [255, 0, 0, 0, 255, 0, 0, 0, 255], transparency: [0, 128])
        let image = try DocumentImage(bytes: png)
        #expect(image.xObject.colorSpace == "[/Indexed /DeviceRGB 2 <FFFFFF7FFF7F0000FF>]")
        #expect(image.xObject.bitsPerComponent == 8)
        #expect(try Self.rgbPixels(image.xObject) == [255, 255, 255, 127, 255, 127, 0, 0, 255])
    }

    @Test func jpegIsEmbeddedAsItIs() throws {
        for (bytes, width, height, colorSpace) in [
            (ImageFixtures.rgbJPEG, 24, 16, "/DeviceRGB"), (ImageFixtures.progressiveJPEG, 24, 16, "/DeviceRGB"),
            (ImageFixtures.grayJPEG, 16, 8, "/DeviceGray"),
        ] {
            let image = try DocumentImage(bytes: bytes + [0, 0, 0])  // trailing bytes are dropped
            #expect(image.pixelWidth == width && image.pixelHeight == height)
            #expect(image.xObject.colorSpace == colorSpace)
            #expect(image.xObject.filter == "/DCTDecode")
            #expect(image.xObject.payload == bytes)
        }
    }

    /// A JPEG with the given frame header (marker, precision, components) and nothing valid after it.
    private static func jpeg(frame marker: UInt8, precision: UInt8 = 8, components: UInt8) -> [UInt8] {
        var frame: [UInt8] = [precision, 0, 8, 0, 8, components]
        for component in 0..<components { frame += [component + 1, 0x11, 0] }
        return [0xFF, 0xD8, 0xFF, marker, 0, UInt8(frame.count + 2)] + frame + [0xFF, 0xD9]
    }

    static let invalidImages: [(String, [UInt8], DocumentImageError)] = {
        var badCRC = ImageFixtures.palettePNG
        badCRC[30] ^= 0x01
        var badFilter = ImageFixtures.png(width: 2, height: 1, colorType: 0, bitDepth: 8, samples: [1, 2])
        // Replace the image data with a row whose filter type is 7.
        badFilter =
            Array(badFilter.prefix(33)) + ImageFixtures.chunk("IDAT", Deflate.zlibCompress([7, 1, 2]))
            + ImageFixtures.chunk("IEND", [])
        let outsidePalette = ImageFixtures.png(
            width: 2, height: 1, colorType: 3, bitDepth: 8, samples: [0, 3], palette: [0, 0, 0, 255, 255, 255])
        var hugeHeader: [UInt8] = []
        hugeHeader.appendUInt32(100_000)
        hugeHeader.appendUInt32(100_000)
        hugeHeader += [8, 2, 0, 0, 0]
        let huge = PNGDecoder.signature + ImageFixtures.chunk("IHDR", hugeHeader) + ImageFixtures.chunk("IEND", [])
        let unknownCritical = ImageFixtures.png(
            width: 1, height: 1, colorType: 0, bitDepth: 8, samples: [0], extraChunks: [("ABCD", [1])])
        return [
            ("text", Array("not an image".utf8), .unrecognizedFormat),
            ("GIF", Array("GIF89a".utf8) + [0, 0], .unrecognizedFormat),
            ("empty", [], .unrecognizedFormat),
            ("PNG with a wrong CRC", badCRC, .corrupt("PNG chunk IHDR has a wrong CRC")),
            ("truncated PNG", Array(ImageFixtures.logoPNG.prefix(200)), .corrupt("PNG file is truncated")),
            (
                "PNG without image data",
                PNGDecoder.signature + Array(ImageFixtures.palettePNG[8..<33]) + ImageFixtures.chunk("IEND", []),
                .corrupt("PNG file has no image data")
            ),
            ("PNG with an unknown filter", badFilter, .corrupt("PNG row has an unknown filter type 7")),
            ("PNG pixel outside the palette", outsidePalette, .corrupt("PNG pixel refers to a colour outside the palette")),
            ("huge PNG", huge, .tooLarge(width: 100_000, height: 100_000)),
            ("PNG with an unknown critical chunk", unknownCritical, .unsupported("PNG chunk ABCD is not supported")),
            (
                "CMYK JPEG", jpeg(frame: 0xC0, components: 4),
                .unsupported("CMYK JPEG images are not supported: the document's colours are sRGB; save the image as RGB")
            ),
            (
                "12-bit JPEG", jpeg(frame: 0xC1, precision: 12, components: 3),
                .unsupported("JPEG images with 12-bit samples are not supported")
            ),
            (
                "arithmetic-coded JPEG", jpeg(frame: 0xC9, components: 3),
                .unsupported("lossless, hierarchical and arithmetic-coded JPEG images are not supported")
            ),
            ("JPEG without scan", jpeg(frame: 0xC0, components: 3), .corrupt("JPEG file has no image data")),
            (
                "truncated JPEG", Array(ImageFixtures.rgbJPEG.prefix(400)), .corrupt("JPEG file is truncated")
            ),
            (
                "JPEG without its end", Array(ImageFixtures.rgbJPEG.dropLast(2)),
                .corrupt("JPEG file is truncated (no end-of-image marker)")
            ),
        ]
    }()

    @Test(arguments: invalidImages.indices)
    func invalidImagesAreRefused(index: Int) {
        let (name, bytes, expected) = Self.invalidImages[index]
        #expect(throws: expected, "\(name)") { try DocumentImage(bytes: bytes) }
    }

    @Test func errorsExplainThemselves() {
        #expect(DocumentImageError.unrecognizedFormat.description == "not a PNG or JPEG image")
        #expect(DocumentImageError.tooLarge(width: 5000, height: 5000).description.contains("5000 × 5000"))
    }

    /// PNG files written by Python's zlib (not by this module) in every colour type, bit depth, with and without
    /// transparency and interlacing, decoded and compared with the colours Python computes for them on white.
    @Test(.enabled(if: ExternalTool.isAvailable("python3"), "python3 not installed"))
    func pngFilesFromZlibDecodeToTheExpectedColours() throws {
        let result = try ExternalTool.run("python3", ["-c", Self.pythonPNGVariants])
        #expect(result.status == 0, "\(result.output.prefix(500))")
        let lines = result.output.split(separator: "\n")
        #expect(lines.count >= 20)
        for line in lines {
            let parts = line.split(separator: " ")
            let name = String(parts[0])
            let png = [UInt8](Data(base64Encoded: String(parts[1]))!)
            let expected = [UInt8](Data(base64Encoded: String(parts[2]))!)
            let passThrough = parts[3] == "1"
            let image = try DocumentImage(bytes: png)
            #expect(try Self.rgbPixels(image.xObject) == expected, "\(name)")
            // Pass-through keeps the file's own compressed data.
            #expect(passThrough == (image.xObject.payload == Self.imageData(png)), "\(name)")
        }
    }

    /// Writes each variant as "name base64(png) base64(expected RGB on white) passThrough".
    static let pythonPNGVariants = #"""
        import zlib, struct, base64, random
        random.seed(7)
        CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
        ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]

        def chunk(kind, data):
            return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)

        def pack(row, depth):
            if depth >= 8:
                return b''.join(s.to_bytes(depth // 8, 'big') for px in row for s in px)
            out, acc, bits = bytearray(), 0, 0
            for px in row:
                for s in px:
                    acc, bits = (acc << depth) | s, bits + depth
                    while bits >= 8:
                        bits -= 8
                        out.append((acc >> bits) & 0xff)
            if bits:
                out.append((acc << (8 - bits)) & 0xff)
            return bytes(out)

        def paeth(a, b, c):
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            return a if pa <= pb and pa <= pc else (b if pb <= pc else c)

        def filtered(rows, bpp):
            out, prev = bytearray(), None
            for i, row in enumerate(rows):
                kind = (i * 3 + 1) % 5
                out.append(kind)
                for x, v in enumerate(row):
                    a = row[x - bpp] if x >= bpp else 0
                    b = prev[x] if prev is not None else 0
                    c = prev[x - bpp] if prev is not None and x >= bpp else 0
                    pred = [0, a, b, (a + b) // 2, paeth(a, b, c)][kind]
                    out.append((v - pred) & 0xff)
                prev = row
            return bytes(out)

        def eight(v, depth):
            if depth == 16:
                return (v * 255 + 32767) // 65535
            return v if depth == 8 else v * 255 // ((1 << depth) - 1)

        def on_white(c, a):
            return (c * a + 255 * (255 - a) + 127) // 255

        def variant(name, ct, depth, w, h, interlace=False, trns=None, level=6, palette_size=0):
            ch = CHANNELS[ct]
            top = (1 << depth) - 1
            palette = [tuple(random.randrange(256) for _ in range(3)) for _ in range(palette_size)]
            pixels = [[tuple(random.randrange(palette_size if ct == 3 else top + 1) for _ in range(ch)) for _ in range(w)] for _ in range(h)]
            if trns == 'key' and ct in (0, 2):
                key = pixels[0][0]
                trns_bytes = b''.join(s.to_bytes(2, 'big') for s in key)
            elif trns == 'palette':
                alphas = [random.randrange(256) for _ in range(palette_size - 1)]
                trns_bytes = bytes(alphas)
            else:
                trns_bytes = None
            bpp = max(1, ch * depth // 8)
            raw = bytearray()
            for (x0, y0, dx, dy) in (ADAM7 if interlace else [(0, 0, 1, 1)]):
                sub = [[pixels[y][x] for x in range(x0, w, dx)] for y in range(y0, h, dy)]
                if sub and sub[0]:
                    raw += filtered([pack(r, depth) for r in sub], bpp)
            data = zlib.compress(bytes(raw), level)
            png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, depth, ct, 0, 0, 1 if interlace else 0))
            png += chunk(b'gAMA', struct.pack('>I', 45455))
            if ct == 3:
                png += chunk(b'PLTE', b''.join(bytes(p) for p in palette))
            if trns_bytes is not None:
                png += chunk(b'tRNS', trns_bytes)
            png += chunk(b'IDAT', data[:len(data) // 3]) + chunk(b'IDAT', data[len(data) // 3:]) + chunk(b'IEND', b'')
            expected = bytearray()
            for row in pixels:
                for px in row:
                    if ct == 3:
                        alpha = alphas[px[0]] if trns == 'palette' and px[0] < len(alphas) else 255
                        expected += bytes(on_white(c, alpha) for c in palette[px[0]])
                        continue
                    alpha = 255
                    if ct in (4, 6):
                        alpha = eight(px[-1], depth)
                    if trns_bytes is not None and px == key:
                        alpha = 0
                    colour = [eight(s, depth) for s in px[:3 if ct in (2, 6) else 1]]
                    colour = [on_white(c, alpha) for c in colour]
                    expected += bytes(colour * 3 if len(colour) == 1 else colour)
            through = not interlace and (ct == 3 or (ct == 0 and depth <= 8 and trns is None) or (ct == 2 and depth == 8 and trns is None))
            print(name, base64.b64encode(png).decode(), base64.b64encode(bytes(expected)).decode(), 1 if through else 0)

        for depth in (1, 2, 4, 8, 16):
            variant('gray%d' % depth, 0, depth, 13, 11)
            variant('gray%d-interlaced' % depth, 0, depth, 13, 11, interlace=True)
        variant('gray8-key', 0, 8, 9, 7, trns='key')
        variant('gray16-key', 0, 16, 9, 7, trns='key')
        for depth in (8, 16):
            variant('rgb%d' % depth, 2, depth, 13, 11)
            variant('rgb%d-key' % depth, 2, depth, 9, 7, trns='key')
            variant('gray-alpha%d' % depth, 4, depth, 13, 11)
            variant('rgba%d' % depth, 6, depth, 13, 11)
            variant('rgba%d-interlaced' % depth, 6, depth, 13, 11, interlace=True)
        for depth in (1, 2, 4, 8):
            variant('palette%d' % depth, 3, depth, 13, 11, palette_size=min(1 << depth, 200))
            variant('palette%d-interlaced' % depth, 3, depth, 13, 11, interlace=True, palette_size=min(1 << depth, 200))
        variant('palette8-transparent', 3, 8, 13, 11, trns='palette', palette_size=40)
        variant('rgb8-stored', 2, 8, 13, 11, level=0)
        variant('rgba8-fast', 6, 8, 40, 30, level=1)
        variant('rgba8-best', 6, 8, 40, 30, level=9)
        variant('tiny-interlaced', 6, 8, 1, 1, interlace=True)
        variant('narrow-interlaced', 2, 8, 3, 2, interlace=True)
        """#
}

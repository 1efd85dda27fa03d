/// Reads a PNG file (ISO/IEC 15948) into a form PDF/A-1 can show: no transparency, 8 bits or fewer per component.
///
/// Every chunk's CRC is checked and the image data is always decompressed and unfiltered, so a damaged file is
/// refused when the image is created rather than producing a PDF that viewers cannot draw. Non-interlaced grey,
/// RGB and palette images of up to 8 bits without transparency keep their original compressed data (PDF's PNG
/// predictors read it as it is). Images with an alpha channel or a transparent colour, 16-bit and interlaced images
/// are decoded, composited onto white and compressed again. A palette with transparent entries is composited onto
/// white entry by entry, so the indexed data is kept.
enum PNGDecoder {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    struct Header {
        let width: Int
        let height: Int
        let bitDepth: Int
        let colorType: Int
        let interlaced: Bool

        var channels: Int {
            switch colorType {
            case 0, 3: 1
            case 4: 2
            case 2: 3
            default: 4
            }
        }

        var bitsPerPixel: Int { channels * bitDepth }
        /// The distance in bytes to the corresponding byte of the pixel before, for the filters.
        var filterDistance: Int { max(1, bitsPerPixel / 8) }

        func rowBytes(width: Int) -> Int { (width * bitsPerPixel + 7) / 8 }
    }

    static func decode(_ bytes: [UInt8]) throws(DocumentImageError) -> ImageXObject {
        guard bytes.starts(with: signature) else { throw .unrecognizedFormat }
        var header: Header?
        var palette: [UInt8] = []
        var transparency: [UInt8]?
        var data: [UInt8] = []
        var sawData = false
        var ended = false
        var position = signature.count
        while !ended {
            guard position + 12 <= bytes.count else { throw .corrupt("PNG file is truncated") }
            let length = Int(readUInt32(bytes, position))
            guard length <= 0x7FFF_FFFF, position + 12 + length <= bytes.count else {
                throw .corrupt("PNG file is truncated")
            }
            let typeBytes = bytes[(position + 4)..<(position + 8)]
            let type = String(decoding: typeBytes, as: UTF8.self)
            let body = (position + 8)..<(position + 8 + length)
            let storedCRC = readUInt32(bytes, body.upperBound)
            guard CRC32.checksum(bytes[(position + 4)..<body.upperBound]) == storedCRC else {
                throw .corrupt("PNG chunk \(sanitizedType(typeBytes)) has a wrong CRC")
            }
            position = body.upperBound + 4
            if header == nil && type != "IHDR" { throw .corrupt("PNG file does not start with IHDR") }
            switch type {
            case "IHDR":
                guard header == nil else { throw .corrupt("PNG file has two IHDR chunks") }
                header = try readHeader(bytes[body])
            case "PLTE":
                guard length % 3 == 0, length >= 3, length <= 768 else { throw .corrupt("PNG palette has a wrong size") }
                palette = Array(bytes[body])
            case "tRNS":
                transparency = Array(bytes[body])
            case "IDAT":
                sawData = true
                data.append(contentsOf: bytes[body])
            case "IEND":
                ended = true
            default:
                // Ancillary chunks (lower-case first letter: gAMA, pHYs, tEXt, iCCP, …) may be ignored; a critical
                // chunk we do not know changes the meaning of the image.
                if typeBytes.first.map({ $0 & 0x20 == 0 }) ?? true {
                    throw .unsupported("PNG chunk \(sanitizedType(typeBytes)) is not supported")
                }
            }
        }
        guard let header else { throw .corrupt("PNG file has no IHDR chunk") }
        guard sawData else { throw .corrupt("PNG file has no image data") }
        if header.colorType == 3 {
            guard !palette.isEmpty else { throw .corrupt("PNG palette image without a palette") }
            guard palette.count / 3 <= 1 << header.bitDepth else { throw .corrupt("PNG palette is too long") }
        }
        return try makeXObject(header: header, palette: palette, transparency: transparency, data: data)
    }

    private static func sanitizedType(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.map { (0x41...0x5A).contains($0 & ~0x20) ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
    }

    private static func readUInt32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8
            | UInt32(bytes[offset + 3])
    }

    private static func readHeader(_ body: ArraySlice<UInt8>) throws(DocumentImageError) -> Header {
        guard body.count == 13 else { throw .corrupt("PNG header has a wrong size") }
        let bytes = Array(body)
        let width = Int(readUInt32(bytes, 0))
        let height = Int(readUInt32(bytes, 4))
        let bitDepth = Int(bytes[8])
        let colorType = Int(bytes[9])
        guard width > 0, height > 0, width <= 0x7FFF_FFFF, height <= 0x7FFF_FFFF else {
            throw .corrupt("PNG image has no pixels")
        }
        let allowedDepths: [Int] =
            switch colorType {
            case 0: [1, 2, 4, 8, 16]
            case 3: [1, 2, 4, 8]
            case 2, 4, 6: [8, 16]
            default: []
            }
        guard allowedDepths.contains(bitDepth) else {
            throw .corrupt("PNG colour type \(colorType) with bit depth \(bitDepth) is not valid")
        }
        guard bytes[10] == 0, bytes[11] == 0 else { throw .unsupported("PNG compression or filter method is unknown") }
        guard bytes[12] <= 1 else { throw .unsupported("PNG interlace method is unknown") }
        try DocumentImage.checkSize(width: width, height: height)
        return Header(width: width, height: height, bitDepth: bitDepth, colorType: colorType, interlaced: bytes[12] == 1)
    }

    /// The seven passes of Adam7 interlacing: first column and row, column and row step.
    private static let adam7: [(x: Int, y: Int, dx: Int, dy: Int)] = [
        (0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2),
    ]

    private static func makeXObject(
        header: Header, palette: [UInt8], transparency: [UInt8]?, data: [UInt8]
    ) throws(DocumentImageError) -> ImageXObject {
        // The passes (one without interlacing) and the size of the filtered data.
        var passes: [(x: Int, y: Int, dx: Int, dy: Int, width: Int, height: Int)] = []
        for pass in header.interlaced ? adam7 : [(0, 0, 1, 1)] {
            let width = (header.width - pass.x + pass.dx - 1) / pass.dx
            let height = (header.height - pass.y + pass.dy - 1) / pass.dy
            if width > 0 && height > 0 { passes.append((pass.x, pass.y, pass.dx, pass.dy, width, height)) }
        }
        let expected = passes.reduce(0) { $0 + $1.height * (1 + header.rowBytes(width: $1.width)) }
        var raw: [UInt8]
        do throws(Inflate.Failure) {
            raw = try Inflate.zlibDecompress(data, limit: expected)
        } catch {
            switch error {
            case .tooLarge: throw .corrupt("PNG image data is longer than the image")
            case let .corrupt(reason): throw .corrupt("PNG image data is damaged (\(reason))")
            }
        }
        guard raw.count == expected else { throw .corrupt("PNG image data is shorter than the image") }
        var offset = 0
        for pass in passes {
            try unfilter(
                &raw, at: offset, rows: pass.height, rowBytes: header.rowBytes(width: pass.width), distance: header.filterDistance
            )
            offset += pass.height * (1 + header.rowBytes(width: pass.width))
        }

        let paletteCount = palette.count / 3
        if header.colorType == 3 {
            try checkIndices(raw, header: header, passes: passes, paletteCount: paletteCount)
        }
        let colorSpace: String
        if header.colorType == 3 {
            // Transparent palette entries are mixed with white here, so the image data itself stays as it is.
            var opaque = palette
            for index in 0..<paletteCount {
                let alpha = transparency.flatMap { index < $0.count ? $0[index] : nil } ?? 255
                for channel in 0..<3 { opaque[index * 3 + channel] = onWhite(opaque[index * 3 + channel], alpha: alpha) }
            }
            colorSpace = "[/Indexed /DeviceRGB \(paletteCount - 1) \(PDFSyntax.hexString(opaque))]"
        } else {
            colorSpace = header.channels >= 3 ? "/DeviceRGB" : "/DeviceGray"
        }

        let passThrough =
            !header.interlaced
            && (header.colorType == 3 || (header.colorType == 0 && header.bitDepth <= 8 && transparency == nil)
                || (header.colorType == 2 && header.bitDepth == 8 && transparency == nil))
        if passThrough {
            return ImageXObject(
                width: header.width, height: header.height, colorSpace: colorSpace, bitsPerComponent: header.bitDepth,
                filter: "/FlateDecode",
                decodeParameters: "<< /Predictor 15 /Colors \(header.channels) /BitsPerComponent \(header.bitDepth)"
                    + " /Columns \(header.width) >>",
                payload: data)
        }

        // Decode to 8-bit grey, RGB or palette indices, without alpha.
        let outputChannels = header.colorType == 3 ? 1 : (header.channels >= 3 ? 3 : 1)
        var pixels = [UInt8](repeating: 0, count: header.width * header.height * outputChannels)
        offset = 0
        for pass in passes {
            let rowBytes = header.rowBytes(width: pass.width)
            for row in 0..<pass.height {
                let rowStart = offset + row * (rowBytes + 1) + 1
                let y = pass.y + row * pass.dy
                for column in 0..<pass.width {
                    let x = pass.x + column * pass.dx
                    let target = (y * header.width + x) * outputChannels
                    writePixel(
                        raw, rowStart: rowStart, column: column, header: header, transparency: transparency,
                        into: &pixels, at: target)
                }
            }
            offset += pass.height * (rowBytes + 1)
        }
        let filtered = filterForCompression(pixels, width: header.width, height: header.height, channels: outputChannels)
        return ImageXObject(
            width: header.width, height: header.height, colorSpace: colorSpace, bitsPerComponent: 8,
            filter: "/FlateDecode",
            decodeParameters: "<< /Predictor 15 /Colors \(outputChannels) /BitsPerComponent 8 /Columns \(header.width) >>",
            payload: Deflate.zlibCompress(filtered))
    }

    /// A sample value mixed with white by its alpha (both 8 bits).
    static func onWhite(_ value: UInt8, alpha: UInt8) -> UInt8 {
        let alpha = Int(alpha)
        let mixed: Int = Int(value) * alpha + 255 * (255 - alpha) + 127
        return UInt8(mixed / 255)
    }

    /// The raw sample `index` (0-based, counting channels) of a row, at the image's bit depth.
    @inline(__always)
    private static func sample(_ raw: [UInt8], rowStart: Int, index: Int, bitDepth: Int) -> Int {
        switch bitDepth {
        case 8: return Int(raw[rowStart + index])
        case 16: return Int(raw[rowStart + index * 2]) << 8 | Int(raw[rowStart + index * 2 + 1])
        default:
            let bit = index * bitDepth
            let byte = raw[rowStart + bit / 8]
            return Int(byte >> UInt8(8 - bitDepth - bit % 8)) & ((1 << bitDepth) - 1)
        }
    }

    /// A sample scaled to 8 bits.
    @inline(__always)
    private static func eightBit(_ value: Int, bitDepth: Int) -> UInt8 {
        switch bitDepth {
        case 8: UInt8(value)
        case 16: UInt8((value * 255 + 32767) / 65535)
        default: UInt8(value * 255 / ((1 << bitDepth) - 1))
        }
    }

    private static func writePixel(
        _ raw: [UInt8], rowStart: Int, column: Int, header: Header, transparency: [UInt8]?,
        into pixels: inout [UInt8], at target: Int
    ) {
        let depth = header.bitDepth
        let channels = header.channels
        if header.colorType == 3 {
            pixels[target] = UInt8(sample(raw, rowStart: rowStart, index: column, bitDepth: depth))
            return
        }
        let colorChannels = channels >= 3 ? 3 : 1
        var values = (0, 0, 0)
        var alpha: UInt8 = 255
        for channel in 0..<channels {
            let value = sample(raw, rowStart: rowStart, index: column * channels + channel, bitDepth: depth)
            switch channel {
            case 0: values.0 = value
            case 1 where colorChannels == 1: alpha = eightBit(value, bitDepth: depth)
            case 1: values.1 = value
            case 2: values.2 = value
            default: alpha = eightBit(value, bitDepth: depth)
            }
        }
        if let transparency, header.colorType == 0 || header.colorType == 2 {
            // A single colour (given at the image's bit depth, in 16-bit fields) is fully transparent.
            func key(_ index: Int) -> Int {
                guard index * 2 + 1 < transparency.count else { return -1 }
                return Int(transparency[index * 2]) << 8 | Int(transparency[index * 2 + 1])
            }
            var matches = key(0) == values.0
            if header.colorType == 2 {
                matches = matches && key(1) == values.1
                matches = matches && key(2) == values.2
            }
            if matches { alpha = 0 }
        }
        pixels[target] = onWhite(eightBit(values.0, bitDepth: depth), alpha: alpha)
        if colorChannels == 3 {
            pixels[target + 1] = onWhite(eightBit(values.1, bitDepth: depth), alpha: alpha)
            pixels[target + 2] = onWhite(eightBit(values.2, bitDepth: depth), alpha: alpha)
        }
    }

    private static func checkIndices(
        _ raw: [UInt8], header: Header, passes: [(x: Int, y: Int, dx: Int, dy: Int, width: Int, height: Int)],
        paletteCount: Int
    ) throws(DocumentImageError) {
        guard paletteCount < 1 << header.bitDepth else { return }
        var offset = 0
        for pass in passes {
            let rowBytes = header.rowBytes(width: pass.width)
            for row in 0..<pass.height {
                let rowStart = offset + row * (rowBytes + 1) + 1
                for column in 0..<pass.width
                where sample(raw, rowStart: rowStart, index: column, bitDepth: header.bitDepth) >= paletteCount {
                    throw .corrupt("PNG pixel refers to a colour outside the palette")
                }
            }
            offset += pass.height * (rowBytes + 1)
        }
    }

    /// Reverses the PNG row filters in place; each row keeps its leading filter-type byte.
    static func unfilter(
        _ data: inout [UInt8], at start: Int, rows: Int, rowBytes: Int, distance: Int
    ) throws(DocumentImageError) {
        try data.withUnsafeMutableBufferPointer { (buffer) throws(DocumentImageError) in
            for row in 0..<rows {
                let line = start + row * (rowBytes + 1)
                let filter = buffer[line]
                let current = line + 1
                let previous = row == 0 ? -1 : current - rowBytes - 1
                switch filter {
                case 0:
                    break
                case 1:
                    for index in distance..<max(distance, rowBytes) {
                        buffer[current + index] &+= buffer[current + index - distance]
                    }
                case 2:
                    guard previous >= 0 else { break }
                    for index in 0..<rowBytes { buffer[current + index] &+= buffer[previous + index] }
                case 3:
                    for index in 0..<rowBytes {
                        let left = index >= distance ? Int(buffer[current + index - distance]) : 0
                        let above = previous >= 0 ? Int(buffer[previous + index]) : 0
                        buffer[current + index] &+= UInt8((left + above) / 2)
                    }
                case 4:
                    for index in 0..<rowBytes {
                        let left = index >= distance ? Int(buffer[current + index - distance]) : 0
                        let above = previous >= 0 ? Int(buffer[previous + index]) : 0
                        let upperLeft = previous >= 0 && index >= distance ? Int(buffer[previous + index - distance]) : 0
                        buffer[current + index] &+= UInt8(paeth(left, above, upperLeft))
                    }
                default:
                    throw .corrupt("PNG row has an unknown filter type \(filter)")
                }
            }
        }
    }

    @inline(__always)
    static func paeth(_ left: Int, _ above: Int, _ upperLeft: Int) -> Int {
        let estimate = left + above - upperLeft
        let distanceLeft = abs(estimate - left)
        let distanceAbove = abs(estimate - above)
        let distanceUpperLeft = abs(estimate - upperLeft)
        if distanceLeft <= distanceAbove && distanceLeft <= distanceUpperLeft { return left }
        return distanceAbove <= distanceUpperLeft ? above : upperLeft
    }

    /// Applies a PNG filter to each row of 8-bit samples for compression (PDF `/Predictor 15`), choosing per row the
    /// filter whose output has the smallest sum of absolute values, the usual heuristic.
    static func filterForCompression(_ pixels: [UInt8], width: Int, height: Int, channels: Int) -> [UInt8] {
        let rowBytes = width * channels
        var output: [UInt8] = []
        output.reserveCapacity(height * (rowBytes + 1))
        var candidate = [UInt8](repeating: 0, count: rowBytes)
        var best = [UInt8](repeating: 0, count: rowBytes)
        for row in 0..<height {
            let current = row * rowBytes
            let previous = current - rowBytes
            var bestScore = Int.max
            var bestFilter: UInt8 = 0
            for filter in UInt8(0)...4 {
                var score = 0
                for index in 0..<rowBytes {
                    let value = Int(pixels[current + index])
                    let left = index >= channels ? Int(pixels[current + index - channels]) : 0
                    let above = row > 0 ? Int(pixels[previous + index]) : 0
                    let upperLeft = row > 0 && index >= channels ? Int(pixels[previous + index - channels]) : 0
                    let predicted =
                        switch filter {
                        case 0: 0
                        case 1: left
                        case 2: above
                        case 3: (left + above) / 2
                        default: paeth(left, above, upperLeft)
                        }
                    let byte = UInt8(truncatingIfNeeded: value - predicted)
                    candidate[index] = byte
                    score += byte < 128 ? Int(byte) : 256 - Int(byte)
                }
                if score < bestScore {
                    bestScore = score
                    bestFilter = filter
                    swap(&best, &candidate)
                }
            }
            output.append(bestFilter)
            output.append(contentsOf: best)
        }
        return output
    }
}

/// The CRC-32 of PNG chunks (ISO 3309, as in zlib).
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 != 0 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}

/// Reads the structure of a JPEG file, which PDF embeds as it is (`/DCTDecode`).
///
/// The markers are walked from start to end of image, so a truncated or damaged file is refused. Baseline,
/// extended and progressive Huffman-coded images with 8-bit samples and one (grey) or three (YCbCr or RGB)
/// components are accepted; CMYK images are refused because the PDF/A output intent is sRGB (and Adobe's CMYK
/// files store inverted values that would need their own decode array).
enum JPEGReader {
    static func read(_ bytes: [UInt8]) throws(DocumentImageError) -> ImageXObject {
        guard bytes.count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { throw .unrecognizedFormat }
        var frame: (width: Int, height: Int, components: Int)?
        var sawScan = false
        var position = 2
        while true {
            guard position + 1 < bytes.count else { throw .corrupt("JPEG file is truncated (no end-of-image marker)") }
            guard bytes[position] == 0xFF else { throw .corrupt("JPEG marker expected at byte \(position)") }
            var marker = bytes[position + 1]
            while marker == 0xFF {  // fill bytes
                position += 1
                guard position + 1 < bytes.count else { throw .corrupt("JPEG file is truncated") }
                marker = bytes[position + 1]
            }
            position += 2
            switch marker {
            case 0xD9:
                guard let frame else { throw .corrupt("JPEG file has no frame header") }
                guard sawScan else { throw .corrupt("JPEG file has no image data") }
                let colorSpace = frame.components == 1 ? "/DeviceGray" : "/DeviceRGB"
                // Anything after the end-of-image marker (padding, appended data) is left out.
                return ImageXObject(
                    width: frame.width, height: frame.height, colorSpace: colorSpace, bitsPerComponent: 8,
                    filter: "/DCTDecode", decodeParameters: nil, payload: Array(bytes[0..<position]))
            case 0x01, 0xD0...0xD7:
                continue
            case 0xD8:
                throw .corrupt("JPEG file has a second start-of-image marker")
            default:
                break
            }
            guard position + 2 <= bytes.count else { throw .corrupt("JPEG file is truncated") }
            let length = Int(bytes[position]) << 8 | Int(bytes[position + 1])
            guard length >= 2, position + length <= bytes.count else { throw .corrupt("JPEG file is truncated") }
            let segment = position + 2
            switch marker {
            case 0xC0, 0xC1, 0xC2:
                guard frame == nil else { throw .unsupported("JPEG files with several frames are not supported") }
                guard length >= 8 else { throw .corrupt("JPEG frame header is too short") }
                let precision = Int(bytes[segment])
                let height = Int(bytes[segment + 1]) << 8 | Int(bytes[segment + 2])
                let width = Int(bytes[segment + 3]) << 8 | Int(bytes[segment + 4])
                let components = Int(bytes[segment + 5])
                guard precision == 8 else { throw .unsupported("JPEG images with \(precision)-bit samples are not supported") }
                guard width > 0, height > 0 else {
                    throw .unsupported("JPEG images without a height in the frame header are not supported")
                }
                switch components {
                case 1, 3: break
                case 4:
                    throw .unsupported(
                        "CMYK JPEG images are not supported: the document's colours are sRGB; save the image as RGB")
                default: throw .unsupported("JPEG images with \(components) components are not supported")
                }
                guard length >= 8 + 3 * components else { throw .corrupt("JPEG frame header is too short") }
                try DocumentImage.checkSize(width: width, height: height)
                frame = (width, height, components)
            case 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF:
                throw .unsupported("lossless, hierarchical and arithmetic-coded JPEG images are not supported")
            case 0xDA:
                guard frame != nil else { throw .corrupt("JPEG scan before the frame header") }
                sawScan = true
                position += length
                // Entropy-coded data runs to the next marker that is neither a stuffed zero nor a restart marker.
                while position + 1 < bytes.count {
                    if bytes[position] == 0xFF, bytes[position + 1] != 0, !(0xD0...0xD7).contains(bytes[position + 1]) {
                        break
                    }
                    position += 1
                }
                continue
            default:
                break
            }
            position += length
        }
    }
}

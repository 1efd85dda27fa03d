import Foundation

@testable import SportelloDocuments

/// Images for the tests: PNG files written here (with the module's own Deflate), and small JPEG files made with Java's
/// ImageIO (baseline and progressive colour, baseline grey).
enum ImageFixtures {
    /// Packs samples (row by row, channels interleaved, each at `bitDepth`) into a PNG file. Rows use the five filter
    /// types in turn, so decoding exercises all of them.
    static func png(
        width: Int, height: Int, colorType: UInt8, bitDepth: Int, samples: [Int], palette: [UInt8]? = nil,
        transparency: [UInt8]? = nil, extraChunks: [(String, [UInt8])] = []
    ) -> [UInt8] {
        let channels = [0: 1, 2: 3, 3: 1, 4: 2, 6: 4][Int(colorType)] ?? 1
        let rowBytes = (width * channels * bitDepth + 7) / 8
        var rows: [[UInt8]] = []
        for row in 0..<height {
            var bytes = [UInt8](repeating: 0, count: rowBytes)
            for index in 0..<(width * channels) {
                let value = samples[row * width * channels + index]
                switch bitDepth {
                case 16:
                    bytes[index * 2] = UInt8(value >> 8)
                    bytes[index * 2 + 1] = UInt8(value & 0xFF)
                case 8: bytes[index] = UInt8(value)
                default:
                    let bit = index * bitDepth
                    bytes[bit / 8] |= UInt8(value << (8 - bitDepth - bit % 8))
                }
            }
            rows.append(bytes)
        }
        let distance = max(1, channels * bitDepth / 8)
        var filtered: [UInt8] = []
        for (index, row) in rows.enumerated() {
            let filter = index % 5
            filtered.append(UInt8(filter))
            for column in 0..<rowBytes {
                let left = column >= distance ? Int(row[column - distance]) : 0
                let above = index > 0 ? Int(rows[index - 1][column]) : 0
                let upperLeft = index > 0 && column >= distance ? Int(rows[index - 1][column - distance]) : 0
                let predicted =
                    switch filter {
                    case 0: 0
                    case 1: left
                    case 2: above
                    case 3: (left + above) / 2
                    default: PNGDecoder.paeth(left, above, upperLeft)
                    }
                filtered.append(UInt8(truncatingIfNeeded: Int(row[column]) - predicted))
            }
        }
        var header: [UInt8] = []
        header.appendUInt32(UInt32(width))
        header.appendUInt32(UInt32(height))
        header += [UInt8(bitDepth), colorType, 0, 0, 0]
        var file = PNGDecoder.signature + chunk("IHDR", header)
        for (type, data) in extraChunks { file += chunk(type, data) }
        if let palette { file += chunk("PLTE", palette) }
        if let transparency { file += chunk("tRNS", transparency) }
        let data = Deflate.zlibCompress(filtered)
        // Two IDAT chunks, as encoders often write.
        file += chunk("IDAT", Array(data.prefix(data.count / 2)))
        file += chunk("IDAT", Array(data.dropFirst(data.count / 2)))
        return file + chunk("IEND", [])
    }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.appendUInt32(UInt32(data.count))
        let body = Array(type.utf8) + data
        bytes += body
        bytes.appendUInt32(CRC32.checksum(body))
        return bytes
    }

    /// A 64 × 48 logo with an alpha channel: a blue shield with soft edges and a half-transparent red band.
    static let logoPNG: [UInt8] = {
        var samples: [Int] = []
        for y in 0..<48 {
            for x in 0..<64 {
                let dx = Double(x) - 31.5
                let dy = Double(y) - 23.5
                let distance = (dx * dx / (30 * 30) + dy * dy / (22 * 22)).squareRoot()
                let alpha = max(0, min(255, Int((1.05 - distance) * 255 * 8)))
                if abs(dy) < 5 {
                    samples += [200, 20, 20, min(alpha, 160)]
                } else {
                    samples += [16, 80, 180, alpha]
                }
            }
        }
        return png(width: 64, height: 48, colorType: 6, bitDepth: 8, samples: samples)
    }()

    /// A 32 × 16 palette image of four colours, without transparency.
    static let palettePNG: [UInt8] = png(
        width: 32, height: 16, colorType: 3, bitDepth: 2,
        samples: (0..<(32 * 16)).map { ($0 % 32 / 8 + $0 / 32 / 4) % 4 },
        palette: [0, 0, 0, 255, 0, 0, 0, 160, 0, 240, 240, 240])

    static let rgbJPEG = decode(
        """
        /9j/4AAQSkZJRgABAgAAAQABAAD/2wBDAA0JCgsKCA0LCgsODg0PEyAVExISEyccHhcgLikxMC4pLSwzOko+MzZGNywtQFdB
        RkxOUlNSMj5aYVpQYEpRUk//2wBDAQ4ODhMREyYVFSZPNS01T09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09P
        T09PT09PT09PT09PT0//wAARCAAQABgDASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAA
        AgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6
        Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXG
        x8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREA
        AgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5
        OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPE
        xcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwDk4dP9qvQ6f/s1uw6f/s1fh0//AGa6KmNO
        TBZhtqYUOn/7NFdXDp/tRXFLG67n09HMPd3P/9k=
        """)
    static let progressiveJPEG = decode(
        """
        /9j/4AAQSkZJRgABAgAAAQABAAD/2wBDAA0JCgsKCA0LCgsODg0PEyAVExISEyccHhcgLikxMC4pLSwzOko+MzZGNywtQFdB
        RkxOUlNSMj5aYVpQYEpRUk//2wBDAQ4ODhMREyYVFSZPNS01T09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09P
        T09PT09PT09PT09PT0//wgARCAAQABgDASIAAhEBAxEB/8QAFwAAAwEAAAAAAAAAAAAAAAAAAAQFA//EABUBAQEAAAAAAAAA
        AAAAAAAAAAMF/9oADAMBAAIQAxAAAAGTu8wgoFYCp//EABYQAAMAAAAAAAAAAAAAAAAAAAABA//aAAgBAQABBQJTFMUxTFMU
        z//EABgRAAIDAAAAAAAAAAAAAAAAAAAEAgMh/9oACAEDAQE/AaWCDGH/xAAXEQADAQAAAAAAAAAAAAAAAAAAAQMC/9oACAEC
        AQE/AdWHY//EABQQAQAAAAAAAAAAAAAAAAAAACD/2gAIAQEABj8CX//EABYQAQEBAAAAAAAAAAAAAAAAAABhEP/aAAgBAQAB
        PyFSSSSy/9oADAMBAAIAAwAAABAnL//EABcRAQADAAAAAAAAAAAAAAAAAAAhMVH/2gAIAQMBAT8Qqlof/8QAFhEBAQEAAAAA
        AAAAAAAAAAAAACEx/9oACAECAQE/EDXX/8QAFhABAQEAAAAAAAAAAAAAAAAAYQAg/9oACAEBAAE/EAyAAF//2Q==
        """)
    static let grayJPEG = decode(
        """
        /9j/4AAQSkZJRgABAgAAAQABAAD/2wBDAA0JCgsKCA0LCgsODg0PEyAVExISEyccHhcgLikxMC4pLSwzOko+MzZGNywtQFdB
        RkxOUlNSMj5aYVpQYEpRUk//wAALCAAIABABAREA/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgED
        AwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RF
        RkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJ
        ytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/9oACAEBAAA/AOT8P/w16d4f/hr/2Q==
        """)

    private static func decode(_ base64: String) -> [UInt8] {
        [UInt8](Data(base64Encoded: base64, options: .ignoreUnknownCharacters) ?? Data())
    }
}

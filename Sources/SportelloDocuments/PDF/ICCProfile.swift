import Foundation

/// Generates an ICC version 2.1 display profile for sRGB (IEC 61966-2.1), used as the PDF/A output intent.
///
/// The profile is a matrix/TRC profile: primaries adapted to D50 (the same colorants as the widely distributed
/// "sRGB IEC61966-2.1" profile), the D65 media white point and a 1024-entry sRGB transfer curve.
/// Building it in code avoids shipping a binary profile of unclear licence.
enum ICCProfile {
    static let description = "sRGB IEC61966-2.1"

    /// ``sRGB()`` compressed with Flate, made once.
    static let compressedSRGB: [UInt8] = Deflate.zlibCompress(sRGB())

    /// The profile bytes (always identical).
    static func sRGB() -> [UInt8] {
        let tags: [(signature: String, data: [UInt8])] = [
            ("desc", textDescription(description)),
            ("cprt", text("No copyright, use freely")),
            ("wtpt", xyz(0.9505, 1.0, 1.0891)),
            ("rXYZ", xyz(0.4361, 0.2225, 0.0139)),
            ("gXYZ", xyz(0.3851, 0.7169, 0.0971)),
            ("bXYZ", xyz(0.1431, 0.0606, 0.7141)),
            ("rTRC", transferCurve()),
        ]
        // gTRC and bTRC share the rTRC data.
        let directory = tags.map(\.signature) + ["gTRC", "bTRC"]
        let tableSize = 4 + directory.count * 12
        var body: [UInt8] = []
        var entries: [(String, Int, Int)] = []
        var curve: (Int, Int) = (0, 0)
        for tag in tags {
            let offset = 128 + tableSize + body.count
            entries.append((tag.signature, offset, tag.data.count))
            if tag.signature == "rTRC" { curve = (offset, tag.data.count) }
            body.append(contentsOf: tag.data)
            body.padToFourBytes()
        }
        entries.append(("gTRC", curve.0, curve.1))
        entries.append(("bTRC", curve.0, curve.1))

        let size = 128 + tableSize + body.count
        var profile: [UInt8] = []
        profile.reserveCapacity(size)
        profile.appendUInt32(UInt32(size))
        profile.appendUInt32(0)  // preferred CMM
        profile.appendUInt32(0x0210_0000)  // version 2.1.0
        profile.appendASCII("mntr")
        profile.appendASCII("RGB ")
        profile.appendASCII("XYZ ")
        for value: UInt16 in [2024, 1, 1, 0, 0, 0] { profile.appendUInt16(value) }  // creation date
        profile.appendASCII("acsp")
        profile.appendUInt32(0)  // primary platform
        profile.appendUInt32(0)  // flags
        profile.appendUInt32(0)  // device manufacturer
        profile.appendUInt32(0)  // device model
        profile.appendUInt32(0)  // device attributes
        profile.appendUInt32(0)
        profile.appendUInt32(0)  // rendering intent: perceptual
        appendXYZNumber(0.9642, 1.0, 0.8249, to: &profile)  // PCS illuminant D50
        profile.appendUInt32(0)  // creator
        profile.append(contentsOf: [UInt8](repeating: 0, count: 128 - profile.count))
        profile.appendUInt32(UInt32(entries.count))
        for (signature, offset, length) in entries {
            profile.appendASCII(signature)
            profile.appendUInt32(UInt32(offset))
            profile.appendUInt32(UInt32(length))
        }
        profile.append(contentsOf: body)
        return profile
    }

    private static func s15Fixed16(_ value: Double) -> UInt32 {
        UInt32(bitPattern: Int32((value * 65536).rounded()))
    }

    private static func appendXYZNumber(_ x: Double, _ y: Double, _ z: Double, to bytes: inout [UInt8]) {
        bytes.appendUInt32(s15Fixed16(x))
        bytes.appendUInt32(s15Fixed16(y))
        bytes.appendUInt32(s15Fixed16(z))
    }

    private static func xyz(_ x: Double, _ y: Double, _ z: Double) -> [UInt8] {
        var data: [UInt8] = []
        data.appendASCII("XYZ ")
        data.appendUInt32(0)
        appendXYZNumber(x, y, z, to: &data)
        return data
    }

    private static func text(_ value: String) -> [UInt8] {
        var data: [UInt8] = []
        data.appendASCII("text")
        data.appendUInt32(0)
        data.appendASCII(value)
        data.append(0)
        return data
    }

    /// `textDescriptionType` (ICC.1:2001-04, 6.5.17): ASCII part only, empty Unicode and ScriptCode parts.
    private static func textDescription(_ value: String) -> [UInt8] {
        var data: [UInt8] = []
        data.appendASCII("desc")
        data.appendUInt32(0)
        data.appendUInt32(UInt32(value.utf8.count + 1))
        data.appendASCII(value)
        data.append(0)
        data.appendUInt32(0)  // Unicode language code
        data.appendUInt32(0)  // Unicode count
        data.appendUInt16(0)  // ScriptCode code
        data.append(0)  // ScriptCode count
        data.append(contentsOf: [UInt8](repeating: 0, count: 67))
        return data
    }

    /// The sRGB electro-optical transfer function sampled at 1024 points.
    private static func transferCurve() -> [UInt8] {
        var data: [UInt8] = []
        data.appendASCII("curv")
        data.appendUInt32(0)
        let count = 1024
        data.appendUInt32(UInt32(count))
        for index in 0..<count {
            let encoded = Double(index) / Double(count - 1)
            let linear = encoded <= 0.04045 ? encoded / 12.92 : pow((encoded + 0.055) / 1.055, 2.4)
            data.appendUInt16(UInt16((linear * 65535).rounded()))
        }
        return data
    }
}

import Foundation

@testable import SportelloQR

/// The files in `Fixtures/`, written by `Fixtures/make_fixtures.py` with the reference encoder segno.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// One reference symbol: what the encoder is asked for and the modules segno made.
    struct Symbol: CustomStringConvertible {
        let name: String
        let payload: [UInt8]
        let isUTF8Text: Bool
        let level: QRErrorCorrection
        let minimumVersion: Int
        let forcedMask: Int?
        let version: Int
        let mask: Int
        let rows: [String]

        var description: String { name }
    }

    static func symbols() throws -> [Symbol] {
        let folder = directory.appendingPathComponent("symbols")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".txt") }.sorted()
        return try names.map { name in
            let lines = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
                .split(separator: "\n").map(String.init)
            var header: [String: String] = [:]
            for line in lines.prefix(7) {
                let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
                header[parts[0]] = parts.count > 1 ? parts[1] : ""
            }
            let level = QRErrorCorrection.allCases.first { $0.description == header["level"] }
            guard let payload = header["payload"].flatMap(bytes(hex:)), let level,
                let minimumVersion = header["minimum-version"].flatMap({ Int($0) }),
                let version = header["version"].flatMap({ Int($0) }), let mask = header["chosen-mask"].flatMap({ Int($0) })
            else { throw FixtureError.malformed(name) }
            return Symbol(
                name: name, payload: payload, isUTF8Text: header["eci"] == "26", level: level,
                minimumVersion: minimumVersion, forcedMask: header["mask"].flatMap { Int($0) }, version: version,
                mask: mask, rows: Array(lines.dropFirst(7)))
        }
    }

    /// The words of each line of `tables.txt` that starts with `kind`.
    static func tableLines(_ kind: String) throws -> [[String]] {
        try String(contentsOf: directory.appendingPathComponent("tables.txt"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
            .filter { $0.first == kind }.map { Array($0.dropFirst()) }
    }

    static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        return stride(from: 0, to: digits.count, by: 2).compactMap {
            UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)
        }
    }

    enum FixtureError: Error {
        case malformed(String)
    }
}

extension QRCode {
    /// One string a row, "1" dark and "0" light, as in the fixtures.
    var rowStrings: [String] {
        (0..<size).map { y in String((0..<size).map { x in self[x, y] ? "1" : "0" }) }
    }

    /// A binary PGM image with the quiet zone, `scale` pixels a module (black on white).
    func pgm(scale: Int = 4) -> Data {
        let side = (size + 2 * QRCode.quietZone) * scale
        var pixels = [UInt8](repeating: 255, count: side * side)
        for run in darkRuns {
            for dy in 0..<scale {
                let start = ((run.row + QRCode.quietZone) * scale + dy) * side + (run.column + QRCode.quietZone) * scale
                for offset in 0..<run.length * scale { pixels[start + offset] = 0 }
            }
        }
        return Data("P5\n\(side) \(side)\n255\n".utf8) + Data(pixels)
    }
}

extension SymbolBuilder {
    /// The symbol with the codewords of `bytes` (byte mode, no ECI) placed, before any mask.
    static func unmasked(_ bytes: [UInt8], version: Int, errorCorrection: QRErrorCorrection) -> SymbolBuilder {
        let data = QRCode.dataCodewords(
            .init(bytes: bytes, isUTF8Text: false), version: version, errorCorrection: errorCorrection)
        var symbol = SymbolBuilder(version: version)
        symbol.place(
            ReedSolomon.interleavedWithErrorCorrection(
                data, blocks: QRTables.blocks(version: version, errorCorrection: errorCorrection)))
        return symbol
    }
}

/// The ZBar bar code reader (Debian: zbar-tools), used to check that the symbols read back.
enum ZBar {
    static func path() -> String? {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for directory in directories + ["/usr/bin", "/usr/local/bin"] {
            let candidate = "\(directory)/zbarimg"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Whether the tests that read symbols run: when zbarimg is installed, or always when
    /// `SPORTELLO_REQUIRE_QR_TOOLS=1` (then a missing zbarimg fails them instead of skipping them).
    static var isAvailable: Bool { path() != nil || isRequired }

    static var isRequired: Bool { ProcessInfo.processInfo.environment["SPORTELLO_REQUIRE_QR_TOOLS"] == "1" }

    struct Missing: Error {}

    /// Reads the symbol from an image file with `zbarimg --raw -q`; `binary` asks for the bytes as encoded
    /// (`-Sbinary`, printed as they are) instead of text (printed as UTF-8 with a newline, which is dropped).
    /// Returns `nil` when nothing was read.
    static func read(_ file: URL, binary: Bool = false) throws -> [UInt8]? {
        guard let executable = path() else { throw Missing() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--raw", "-q"] + (binary ? ["-Sbinary"] : []) + [file.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        if binary { return Array(data) }
        return data.last == 0x0A ? Array(data.dropLast()) : nil
    }

    /// Writes the symbol as an image into a fresh temporary file and reads it.
    static func read(_ code: QRCode, binary: Bool = false) throws -> [UInt8]? {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sportello-qr-\(UUID().uuidString).pgm")
        try code.pgm().write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try read(file, binary: binary)
    }
}

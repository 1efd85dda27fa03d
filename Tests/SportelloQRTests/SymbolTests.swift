import Testing

@testable import SportelloQR

@Suite("Symbols")
struct SymbolTests {
    static let pagoPA = "PAGOPA|002|301000000000000144|01234567890|12345"

    static func encode(_ fixture: Fixtures.Symbol) throws -> QRCode {
        if fixture.isUTF8Text {
            return try QRCode.encode(
                String(decoding: fixture.payload, as: UTF8.self), errorCorrection: fixture.level,
                minimumVersion: fixture.minimumVersion, mask: fixture.forcedMask)
        }
        return try QRCode.encode(
            bytes: fixture.payload, errorCorrection: fixture.level, minimumVersion: fixture.minimumVersion,
            mask: fixture.forcedMask)
    }

    @Test func everyReferenceSymbolIsMadeModuleForModule() throws {
        let fixtures = try Fixtures.symbols()
        #expect(fixtures.count >= 50)
        for fixture in fixtures {
            let code = try Self.encode(fixture)
            #expect(code.version == fixture.version, "\(fixture)")
            #expect(code.mask == fixture.mask, "\(fixture)")
            #expect(code.errorCorrection == fixture.level, "\(fixture)")
            #expect(code.size == 17 + 4 * fixture.version, "\(fixture)")
            let rows = code.rowStrings
            guard rows != fixture.rows else { continue }
            let differences = (0..<code.size).flatMap { y in
                (0..<code.size).compactMap { x in
                    Array(rows[y].utf8)[x] == Array(fixture.rows[y].utf8)[x] ? nil : "(\(x), \(y))"
                }
            }
            Issue.record("\(fixture): \(differences.count) modules differ, first \(differences.prefix(10))")
        }
    }

    @Test func referenceSymbolsCoverWhatTheEncoderDoes() throws {
        let fixtures = try Fixtures.symbols()
        #expect(Set(fixtures.map(\.version)).isSuperset(of: [1, 2, 4, 7, 10, 25, 40]))
        #expect(Set(fixtures.map(\.level)) == Set(QRErrorCorrection.allCases))
        #expect(Set(fixtures.compactMap(\.forcedMask)) == Set(0..<8))
        #expect(Set(fixtures.filter { $0.forcedMask == nil }.map(\.mask)).count >= 6)
        #expect(fixtures.contains { $0.isUTF8Text } && fixtures.contains { $0.version > $0.minimumVersion })
        #expect(
            fixtures.contains {
                $0.payload == Array(Self.pagoPA.utf8) && $0.version == 4 && $0.level == .medium && $0.forcedMask == nil
            })
    }

    @Test func pagoPANoticeIsVersion4M() throws {
        let code = try QRCode.encode(Self.pagoPA, errorCorrection: .medium, minimumVersion: 4)
        #expect(code.version == 4 && code.size == 33 && code.errorCorrection == .medium)
        // Longer payloads grow the version; a smaller minimum lets a short payload take less.
        let longer = try QRCode.encode(Self.pagoPA + String(repeating: "9", count: 16), minimumVersion: 4)
        #expect(longer.version == 5)
        #expect(try QRCode.encode(Self.pagoPA, errorCorrection: .medium).version == 4)
        #expect(try QRCode.encode("PAGOPA", errorCorrection: .medium).version == 1)
    }

    @Test func asciiTextIsEncodedAsItsBytesAndOtherTextGetsTheUTF8Designator() throws {
        #expect(
            try QRCode.encode(Self.pagoPA, minimumVersion: 4) == QRCode.encode(bytes: Array(Self.pagoPA.utf8), minimumVersion: 4))
        let italian = "Città"
        #expect(try QRCode.encode(italian, mask: 1) != QRCode.encode(bytes: Array(italian.utf8), mask: 1))
        // Text that is not ASCII holds one byte less.
        let capacity = QRCode.byteCapacity(version: 1, errorCorrection: .low)
        #expect(try QRCode.encode(String(repeating: "a", count: capacity), errorCorrection: .low).version == 1)
        let accented = "è" + String(repeating: "a", count: capacity - 3)
        #expect(try QRCode.encode(accented, errorCorrection: .low).version == 1)
        #expect(try QRCode.encode(accented + "a", errorCorrection: .low).version == 2)
    }

    @Test func dataCodewordsFollowTheBitStreamOfSection7() {
        // "AB" in byte mode, 1-L: 0100 00000010 01000001 01000010 0000, then 0xEC 0x11 … to 19 codewords.
        let data = QRCode.dataCodewords(.init(bytes: [0x41, 0x42], isUTF8Text: false), version: 1, errorCorrection: .low)
        #expect(Array(data.prefix(4)) == [0x40, 0x24, 0x14, 0x20])
        #expect(
            Array(data.dropFirst(4)) == [
                0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC,
            ])
        // With ECI 26: 0111 00011010 0100 00000001 11101000 0000, version 10: 16-bit count.
        let eci = QRCode.dataCodewords(.init(bytes: [0xE8], isUTF8Text: true), version: 1, errorCorrection: .high)
        #expect(Array(eci.prefix(5)) == [0x71, 0xA4, 0x01, 0xE8, 0x00])
        #expect(eci.count == 9)
        let long = QRCode.dataCodewords(.init(bytes: [0xFF], isUTF8Text: false), version: 10, errorCorrection: .high)
        #expect(Array(long.prefix(4)) == [0x40, 0x00, 0x1F, 0xF0])
    }

    @Test func errorsForPayloadsThatDoNotFitAndBadArguments() {
        #expect(throws: QRCodeError.dataTooLong(byteCount: 1274, capacity: 1273)) {
            try QRCode.encode(bytes: [UInt8](repeating: 0x41, count: 1274), errorCorrection: .high)
        }
        #expect(throws: QRCodeError.dataTooLong(byteCount: 2954, capacity: 2952)) {
            try QRCode.encode("è" + String(repeating: "a", count: 2952), errorCorrection: .low)
        }
        #expect(throws: QRCodeError.invalidVersion(0)) { try QRCode.encode("x", minimumVersion: 0) }
        #expect(throws: QRCodeError.invalidVersion(41)) { try QRCode.encode("x", minimumVersion: 41) }
        #expect(throws: QRCodeError.invalidMask(8)) { try QRCode.encode("x", mask: 8) }
        #expect(throws: QRCodeError.invalidMask(-1)) { try QRCode.encode("x", mask: -1) }
        #expect(throws: Never.self) { try QRCode.encode(bytes: [UInt8](repeating: 0, count: 2953), errorCorrection: .low) }
        #expect(throws: Never.self) { try QRCode.encode(bytes: [], minimumVersion: 40) }
    }

    @Test func darkRunsCoverExactlyTheDarkModules() throws {
        for (text, version) in [(Self.pagoPA, 4), ("Sportello", 1), ("Comune", 27)] {
            let code = try QRCode.encode(text, minimumVersion: version)
            var dark = [[Bool]](repeating: [Bool](repeating: false, count: code.size), count: code.size)
            var previous: QRCode.Run?
            for run in code.darkRuns {
                #expect(run.length >= 1 && run.column + run.length <= code.size)
                for x in run.column..<run.column + run.length {
                    #expect(!dark[run.row][x])
                    dark[run.row][x] = true
                }
                if let previous, previous.row == run.row {
                    // Maximal runs: a light module between two runs of a row.
                    #expect(previous.column + previous.length < run.column)
                }
                previous = run
            }
            for y in 0..<code.size {
                for x in 0..<code.size where dark[y][x] != code[x, y] { Issue.record("(\(x), \(y)) in \(text)") }
            }
            // The top row starts with the finder pattern's seven dark modules.
            #expect(code.darkRuns.first == QRCode.Run(row: 0, column: 0, length: 7))
        }
    }

    @Test func functionPatternsAreWhereTheStandardPutsThem() throws {
        let code = try QRCode.encode("Sportello", errorCorrection: .quartile, minimumVersion: 7)
        let size = code.size
        // Finder patterns and separators in three corners.
        for (left, top) in [(0, 0), (size - 7, 0), (0, size - 7)] {
            for dy in -1...7 {
                for dx in -1...7 {
                    let x = left + dx
                    let y = top + dy
                    guard x >= 0, x < size, y >= 0, y < size else { continue }
                    let ring = max(abs(dx - 3), abs(dy - 3))
                    #expect(code[x, y] == (ring != 2 && ring != 4), "finder module (\(x), \(y))")
                }
            }
        }
        // Timing patterns, the dark module, and the alignment pattern at (22, 22).
        for index in 8..<size - 8 {
            #expect(code[index, 6] == index.isMultiple(of: 2) && code[6, index] == index.isMultiple(of: 2))
        }
        #expect(code[8, size - 8])
        for dy in -2...2 {
            for dx in -2...2 { #expect(code[22 + dx, 22 + dy] == (max(abs(dx), abs(dy)) != 1)) }
        }
        // Version information 7 = 000111 110010 010100, least significant bit at the top left of the block.
        let bits = QRTables.versionInformation(version: 7)
        for bit in 0..<18 {
            let isDark = (bits >> bit) & 1 != 0
            #expect(code[size - 11 + bit % 3, bit / 3] == isDark && code[bit / 3, size - 11 + bit % 3] == isDark)
        }
    }

    @Test func everyMaskCanBeForcedAndTheChosenOneScoresLowest() throws {
        let payload = Array(Self.pagoPA.utf8)
        var scores: [Int] = []
        for mask in 0..<8 {
            let code = try QRCode.encode(bytes: payload, minimumVersion: 4, mask: mask)
            #expect(code.mask == mask)
            var symbol = SymbolBuilder.unmasked(payload, version: 4, errorCorrection: .medium)
            symbol.applyMask(mask)
            scores.append(MaskPenalty.score(modules: symbol.modules, size: symbol.size))
        }
        let chosen = try QRCode.encode(bytes: payload, minimumVersion: 4)
        #expect(chosen.mask == scores.firstIndex(of: scores.min()!))
        #expect(Set(scores).count > 1)
    }
}

import Foundation
import SportelloQR

/// Times QR code encoding: the pagoPA payment notice (version 4, level M, the mask chosen among all eight), the same
/// with a forced mask, a version-10 and a full version-40 symbol.
/// Usage: swift run -c release qr-bench [iterations] (default 20000 for version 4, a quarter for version 10 and a
/// hundredth for version 40).

let iterations = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 20_000 : 20_000

struct Case {
    let name: String
    let iterations: Int
    let encode: () throws -> QRCode
}

let pagoPA = "PAGOPA|002|301000000000000144|01234567890|12345"
let longText = String(String(repeating: "Sportello telematico del Comune; ", count: 100).prefix(2953))
let cases = [
    Case(name: "pagoPA notice, 4-M, mask chosen", iterations: iterations) {
        try QRCode.encode(pagoPA, errorCorrection: .medium, minimumVersion: 4)
    },
    Case(name: "pagoPA notice, 4-M, mask 2 forced", iterations: iterations) {
        try QRCode.encode(pagoPA, errorCorrection: .medium, minimumVersion: 4, mask: 2)
    },
    Case(name: "200 bytes, 10-M, mask chosen", iterations: iterations / 4) {
        try QRCode.encode(String(longText.prefix(200)), errorCorrection: .medium, minimumVersion: 10)
    },
    Case(name: "2,953 bytes (full), 40-L, mask chosen", iterations: max(iterations / 100, 20)) {
        try QRCode.encode(longText, errorCorrection: .low)
    },
]

/// Microseconds per encoding, timed over batches of `batch` encodings.
func time(_ benchmark: Case, batch: Int) throws -> [Double] {
    var samples: [Double] = []
    var checksum = 0
    for _ in 0..<max(benchmark.iterations / batch, 1) {
        let start = ContinuousClock.now
        for _ in 0..<batch { checksum &+= try benchmark.encode().mask }
        let elapsed = (ContinuousClock.now - start).components
        samples.append((Double(elapsed.seconds) * 1e6 + Double(elapsed.attoseconds) / 1e12) / Double(batch))
    }
    if checksum == -1 { print("") }
    return samples.sorted()
}

print("QR encoding, µs per symbol (median, best, p90 over batches)")
for benchmark in cases {
    let code = try benchmark.encode()
    let batch = code.version >= 20 ? 1 : 20
    _ = try time(Case(name: "", iterations: batch * 20, encode: benchmark.encode), batch: batch)  // warm-up
    let samples = try time(benchmark, batch: batch)
    let median = samples[samples.count / 2]
    let p90 = samples[min(samples.count - 1, samples.count * 9 / 10)]
    print(
        String(
            format: "%@ (version %d, %d × %d, mask %d, %d runs): %.2f, %.2f, %.2f", benchmark.name, code.version,
            code.size, code.size, code.mask, code.darkRuns.count, median, samples[0], p90))
}

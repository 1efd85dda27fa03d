import Foundation
import Testing

@testable import SportelloWeb

@Suite("One-time codes (RFC 6238)")
struct TOTPTests {
    /// RFC 6238 appendix B, SHA-1 key "12345678901234567890": 8-digit codes at the given times.
    @Test(
        "codes match the RFC 6238 test vectors",
        arguments: [
            (59.0, "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"), (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"), (20_000_000_000, "65353130"),
        ])
    func rfcVectors(time: TimeInterval, expected: String) {
        let key = Data("12345678901234567890".utf8)
        #expect(TOTPVerifier.code(key: key, at: Date(timeIntervalSince1970: time), digits: 8) == expected)
        #expect(TOTPVerifier.code(key: key, at: Date(timeIntervalSince1970: time)) == String(expected.suffix(6)))
    }

    @Test("the secret is base32-decoded as authenticator apps do")
    func base32Secret() {
        // "12345678901234567890" in base32.
        let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
        #expect(Base32.decode(secret) == Data("12345678901234567890".utf8))
        #expect(TOTPVerifier.code(secret: secret, at: Date(timeIntervalSince1970: 59)) == "287082")
        #expect(TOTPVerifier().verify(code: "287082", secret: secret.lowercased(), at: Date(timeIntervalSince1970: 59)))
    }

    @Test("one step of clock drift is accepted, two are not")
    func drift() throws {
        let secret = TOTPVerifier.makeSecret()
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        let code = try #require(TOTPVerifier.code(secret: secret, at: now))
        let verifier = TOTPVerifier()
        #expect(verifier.verify(code: code, secret: secret, at: now.addingTimeInterval(30)))
        #expect(verifier.verify(code: code, secret: secret, at: now.addingTimeInterval(-30)))
        #expect(!verifier.verify(code: code, secret: secret, at: now.addingTimeInterval(90)))
        #expect(!verifier.verify(code: "12345", secret: secret, at: now))
        #expect(!verifier.verify(code: "abcdef", secret: secret, at: now))
    }

    @Test("base32 round-trips any bytes and rejects other characters")
    func base32RoundTrip() {
        for length in 1...40 {
            let data = Data((0..<length).map { UInt8(($0 * 37 + length) & 0xff) })
            #expect(Base32.decode(Base32.encode(data)) == data)
        }
        #expect(Base32.decode("JBSWY3DPEHPK3PX1") == nil)
        #expect(Base32.decode("JBSW Y3DP-EHPK 3PXP") == Base32.decode("JBSWY3DPEHPK3PXP"))
    }

    @Test("the enrolment link carries the secret, issuer and parameters")
    func enrolment() {
        let url = TOTPVerifier.enrolmentURL(secret: "JBSWY3DPEHPK3PXP", account: "admin", issuer: "Sportello Esempio")
        #expect(url.hasPrefix("otpauth://totp/Sportello%20Esempio:admin?"))
        #expect(url.contains("secret=JBSWY3DPEHPK3PXP"))
        #expect(url.contains("digits=6"))
        #expect(url.contains("period=30"))
    }
}

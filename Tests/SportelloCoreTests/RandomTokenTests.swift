import Foundation
import Testing

@testable import SportelloCore

@Suite("Random tokens and base64url")
struct RandomTokenTests {
    @Test("base64url follows RFC 4648 §5 without padding, and decodes back")
    func base64URLVectors() throws {
        // RFC 4648 §10 test vectors, without padding.
        let vectors: [(String, String)] = [
            ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ]
        for (plain, encoded) in vectors {
            #expect(Data(plain.utf8).base64URLEncodedString() == encoded)
            #expect(Data(base64URLEncoded: encoded) == Data(plain.utf8))
        }
        // The two characters that differ from base64: 62 and 63.
        let bytes = Data([0xFB, 0xFF, 0xBF])
        #expect(bytes.base64EncodedString() == "+/+/")
        #expect(bytes.base64URLEncodedString() == "-_-_")
        #expect(Data(base64URLEncoded: "-_-_") == bytes)
    }

    @Test("tokens carry the requested entropy in URL-safe characters and differ every time")
    func tokens() throws {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        for byteCount in [1, 7, 8, 9, 16, 32, 48] {
            let token = RandomToken.make(byteCount: byteCount)
            #expect(try #require(Data(base64URLEncoded: token)).count == byteCount)
            #expect(token.allSatisfy(allowed.contains))
        }
        let tokens = (0..<1_000).map { _ in RandomToken.make() }
        #expect(Set(tokens).count == tokens.count)
        // Every byte value shows up across 1,000 tokens of 32 bytes (the chance that one is missing is about 1e-50).
        var seen = Set<UInt8>()
        for token in tokens { seen.formUnion(try #require(Data(base64URLEncoded: token))) }
        #expect(seen.count == 256)
    }
}

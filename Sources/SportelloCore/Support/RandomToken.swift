public import Foundation

/// Unguessable identifiers for sessions, CSRF tokens, OIDC state and nonce.
public enum RandomToken {
    /// A URL-safe random string carrying `byteCount` bytes of entropy from the system CSPRNG.
    public static func make(byteCount: Int = 32) -> String {
        // Eight bytes per call to the system's generator (one `getrandom` each), not one.
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(byteCount + 7)
        while bytes.count < byteCount { withUnsafeBytes(of: generator.next() as UInt64) { bytes += $0 } }
        return Data(bytes.prefix(byteCount)).base64URLEncodedString()
    }
}

extension Data {
    /// Base64url without padding (RFC 4648 §5), as used by JOSE and PKCE.
    public func base64URLEncodedString() -> String {
        var characters = Array(base64EncodedString().utf8)
        while characters.last == UInt8(ascii: "=") { characters.removeLast() }
        for index in characters.indices {
            switch characters[index] {
            case UInt8(ascii: "+"): characters[index] = UInt8(ascii: "-")
            case UInt8(ascii: "/"): characters[index] = UInt8(ascii: "_")
            default: break
            }
        }
        return String(decoding: characters, as: UTF8.self)
    }

    /// Decodes base64url with or without padding.
    public init?(base64URLEncoded string: String) {
        var base64 = string.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        self.init(base64Encoded: base64)
    }
}

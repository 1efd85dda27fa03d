import Crypto
public import Foundation
import HummingbirdBcrypt
public import SportelloCore

/// bcrypt password hashes (cost 12).
public struct BcryptPasswordHasher: PasswordHasher {
    let cost: UInt8

    public init(cost: UInt8 = 12) { self.cost = cost }

    public func hash(_ password: String) -> String { Bcrypt.hash(password, cost: cost) }
    public func verify(_ password: String, against hash: String) -> Bool { Bcrypt.verify(password, hash: hash) }
}

/// TOTP (RFC 6238: HMAC-SHA-1, 6 digits, 30-second steps) over a base32 secret, accepting the
/// previous and next step for clock drift. Written here because the secret must be base32-decoded
/// to the raw key that authenticator apps use.
public struct TOTPVerifier: OneTimeCodeVerifier {
    public static let digits = 6
    public static let step: TimeInterval = 30

    public init() {}

    public func matchingStep(code: String, secret: String, at date: Date) -> Int64? {
        guard code.count == Self.digits, code.allSatisfy(\.isASCII), code.allSatisfy(\.isNumber),
            let key = Base32.decode(secret)
        else { return nil }
        for drift in [0, -Self.step, Self.step] where Self.code(key: key, at: date.addingTimeInterval(drift)) == code {
            return Int64(max(0, date.addingTimeInterval(drift).timeIntervalSince1970) / Self.step)
        }
        return nil
    }

    public func verify(code: String, secret: String, at date: Date) -> Bool {
        matchingStep(code: code, secret: secret, at: date) != nil
    }

    /// The code for `secret` (base32) at `date`, as an authenticator app shows it.
    public static func code(secret: String, at date: Date) -> String? {
        Base32.decode(secret).map { code(key: $0, at: date) }
    }

    /// RFC 4226 HOTP over the RFC 6238 time counter, truncated to `digits` digits.
    static func code(key: Data, at date: Date, digits: Int = digits) -> String {
        let counter = UInt64(max(0, date.timeIntervalSince1970) / step)
        let message = withUnsafeBytes(of: counter.bigEndian) { Data($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: key)))
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let binary =
            (UInt32(mac[offset] & 0x7f) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8)
            | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let value = String(binary % modulus)
        return String(repeating: "0", count: digits - value.count) + value
    }

    /// A new random base32 secret (160 bits) for an authenticator app.
    public static func makeSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return Base32.encode(Data((0..<20).map { _ in UInt8.random(in: .min ... .max, using: &generator) }))
    }

    /// The otpauth:// URL (Key Uri Format) to enrol the secret in an authenticator app.
    public static func enrolmentURL(secret: String, account: String, issuer: String) -> String {
        var components = URLComponents()
        components.scheme = "otpauth"
        components.host = "totp"
        components.path = "/" + issuer + ":" + account
        components.queryItems = [
            URLQueryItem(name: "secret", value: secret), URLQueryItem(name: "issuer", value: issuer),
            URLQueryItem(name: "algorithm", value: "SHA1"), URLQueryItem(name: "digits", value: String(digits)),
            URLQueryItem(name: "period", value: String(Int(step))),
        ]
        return components.string ?? ""
    }
}

/// RFC 4648 base32 (upper case, padding optional on input, none on output), as TOTP secrets are written.
public enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    public static func encode(_ data: Data) -> String {
        var output = ""
        var buffer: UInt32 = 0
        var bits = 0
        for byte in data {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                output.unicodeScalars.append(Unicode.Scalar(alphabet[Int((buffer >> UInt32(bits - 5)) & 31)]))
                bits -= 5
            }
        }
        if bits > 0 { output.unicodeScalars.append(Unicode.Scalar(alphabet[Int((buffer << UInt32(5 - bits)) & 31)])) }
        return output
    }

    /// Decodes, ignoring spaces, hyphens, padding and case; nil on any other character.
    public static func decode(_ text: String) -> Data? {
        var output = Data()
        var buffer: UInt32 = 0
        var bits = 0
        for character in text.uppercased().utf8 where character != 0x20 && character != 0x2D && character != 0x3D {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            buffer = (buffer << 5) | UInt32(value)
            bits += 5
            if bits >= 8 {
                output.append(UInt8((buffer >> UInt32(bits - 8)) & 0xff))
                bits -= 8
            }
        }
        return output.isEmpty ? nil : output
    }
}

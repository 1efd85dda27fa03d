public import Foundation
import HummingbirdBcrypt
import HummingbirdOTP
public import SportelloCore

/// bcrypt password hashes (cost 12).
public struct BcryptPasswordHasher: PasswordHasher {
    let cost: UInt8

    public init(cost: UInt8 = 12) { self.cost = cost }

    public func hash(_ password: String) -> String { Bcrypt.hash(password, cost: cost) }
    public func verify(_ password: String, against hash: String) -> Bool { Bcrypt.verify(password, hash: hash) }
}

/// TOTP (RFC 6238, SHA-1, 6 digits, 30 s), accepting the previous and next step for clock drift.
public struct TOTPVerifier: OneTimeCodeVerifier {
    public init() {}

    public func verify(code: String, secret: String, at date: Date) -> Bool {
        guard code.count == 6, let given = Int(code) else { return false }
        let totp = TOTP(secret: secret)
        return [-30.0, 0, 30].contains { totp.compute(date: date.addingTimeInterval($0)) == given }
    }

    /// A new random base32 secret (160 bits) for an authenticator app.
    public static func makeSecret() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var generator = SystemRandomNumberGenerator()
        return String((0..<32).map { _ in alphabet[Int.random(in: 0..<32, using: &generator)] })
    }

    /// The otpauth:// URL to enrol the secret in an authenticator app.
    public static func enrolmentURL(secret: String, account: String, issuer: String) -> String {
        TOTP(secret: secret).createAuthenticatorURL(label: account, issuer: issuer)
    }
}

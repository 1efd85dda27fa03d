import Foundation

/// Where and how to reach the SMTP server (a PEC mailbox is just another account with implicit TLS).
public struct SMTPConfiguration: Sendable, Hashable {
    /// How the connection is protected.
    public enum Security: String, Sendable, Hashable, CaseIterable {
        /// Plain text throughout (a local relay, tests).
        case none
        /// Plain connection upgraded with STARTTLS before anything else; a server that does not offer it is an
        /// error, never a silent fallback. Usually port 587.
        case startTLS = "starttls"
        /// TLS from the first byte ("implicit TLS", RFC 8314). Usually port 465, as PEC providers use.
        case tls
    }

    public var host: String
    public var port: Int
    public var security: Security
    /// Credentials for AUTH; `nil` to send without authenticating.
    public var username: String?
    public var password: String?
    /// The name given in EHLO/HELO; defaults to this machine's host name.
    public var heloName: String
    /// A PEM file of CA certificates trusted in addition to the system's roots (a private CA, a test server).
    public var caFile: String?
    public var connectTimeout: Duration
    /// How long to wait for each reply (the reply to the end of the data included).
    public var replyTimeout: Duration
    /// How many connections ``SMTPMailer`` keeps open at most.
    public var maximumConnections: Int
    /// A pooled connection unused for this long is closed rather than reused (servers drop idle clients).
    public var idleTimeout: Duration
    /// Allows AUTH over a connection without TLS (only for a relay on the same machine or network).
    public var allowsAuthenticationWithoutTLS: Bool

    public init(
        host: String, port: Int? = nil, security: Security = .startTLS, username: String? = nil, password: String? = nil,
        heloName: String? = nil, caFile: String? = nil, connectTimeout: Duration = .seconds(10),
        replyTimeout: Duration = .seconds(60), maximumConnections: Int = 4, idleTimeout: Duration = .seconds(50),
        allowsAuthenticationWithoutTLS: Bool = false
    ) {
        self.host = host
        self.port = port ?? SMTPConfiguration.defaultPort(for: security)
        self.security = security
        self.username = username
        self.password = password
        self.heloName = heloName ?? SMTPConfiguration.defaultHeloName()
        self.caFile = caFile
        self.connectTimeout = connectTimeout
        self.replyTimeout = replyTimeout
        self.maximumConnections = max(1, maximumConnections)
        self.idleTimeout = idleTimeout
        self.allowsAuthenticationWithoutTLS = allowsAuthenticationWithoutTLS
    }

    /// 465 for implicit TLS, 587 for STARTTLS, 25 otherwise.
    public static func defaultPort(for security: Security) -> Int {
        switch security {
        case .none: 25
        case .startTLS: 587
        case .tls: 465
        }
    }

    /// The host name when it is a usable domain, otherwise `localhost`.
    static func defaultHeloName() -> String {
        let name = ProcessInfo.processInfo.hostName
        return MailAddress.isValidAddress("x@\(name)") ? name : "localhost"
    }
}

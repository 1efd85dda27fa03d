/// Why a message could not be built or delivered, and whether trying again later may succeed.
///
/// The outbox retries a message only when ``isTransient`` is true: 4xx replies, connections that could not be
/// made or were lost, timeouts and failed TLS handshakes. Everything else (5xx replies such as an unknown
/// recipient or refused credentials, a message that cannot be written, a server without the required STARTTLS)
/// will fail the same way again.
public struct MailError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: String, Sendable, Hashable {
        /// The message cannot be written (an invalid address, a header the writer owns, no recipients).
        case invalidMessage
        /// The configuration cannot work (a CA file that cannot be read, an invalid HELO name).
        case invalidConfiguration
        /// The server could not be reached (refused, unreachable, name not resolved, connect timeout).
        case connectionFailed
        /// The server closed the connection or it broke.
        case connectionClosed
        /// The server did not answer in time.
        case timedOut
        /// The TLS handshake failed (including a certificate that is not trusted).
        case tlsHandshakeFailed
        /// STARTTLS is required by the configuration but the server does not offer it.
        case tlsNotOffered
        /// Credentials are configured but the server offers no mechanism we speak (PLAIN, LOGIN), or would
        /// receive them over a connection without TLS.
        case authenticationNotSupported
        /// The server refused the credentials.
        case authenticationFailed
        /// The server refused a command of the transaction (sender, a recipient, the data).
        case rejected
        /// The message is larger than the server accepts (its SIZE extension).
        case messageTooLarge
        /// The server answered something that is not SMTP or not what the command allows.
        case protocolViolation
    }

    public var kind: Kind
    /// Whether the same message may go through later: the outbox retries only these.
    public var isTransient: Bool
    /// The server's reply, when the failure is one.
    public var reply: SMTPReply?
    /// The SMTP command that failed (its verb only, never credentials): `MAIL FROM`, `RCPT TO`, `DATA`, …
    public var command: String?
    /// A description for the log.
    public var detail: String
    /// True when the connection broke after the end of the data was sent: the server may have accepted the
    /// message, so sending it again may deliver it twice (the message key header lets the recipient tell).
    public var mayHaveBeenDelivered: Bool

    public init(
        _ kind: Kind, isTransient: Bool, detail: String, reply: SMTPReply? = nil, command: String? = nil,
        mayHaveBeenDelivered: Bool = false
    ) {
        self.kind = kind
        self.isTransient = isTransient
        self.detail = detail
        self.reply = reply
        self.command = command
        self.mayHaveBeenDelivered = mayHaveBeenDelivered
    }

    /// The opposite of ``isTransient``.
    public var isPermanent: Bool { !isTransient }

    public var description: String {
        var text = "\(kind.rawValue) (\(isTransient ? "transient" : "permanent")): \(detail)"
        if let command { text += " [\(command)]" }
        if let reply { text += " — server: \(reply)" }
        return text
    }

    static func invalidMessage(_ detail: String) -> MailError {
        MailError(.invalidMessage, isTransient: false, detail: detail)
    }

    /// A failure reply: 4xx is transient, anything else permanent.
    static func rejected(_ reply: SMTPReply, command: String, kind: Kind = .rejected) -> MailError {
        MailError(
            kind, isTransient: reply.isTransientFailure, detail: "the server refused \(command)", reply: reply, command: command)
    }
}

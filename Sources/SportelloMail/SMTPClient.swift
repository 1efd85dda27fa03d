public import Logging
public import NIOCore
public import NIOPosix
import NIOSSL
import Synchronization

/// One SMTP connection (RFC 5321): greeting, EHLO (HELO for old servers), STARTTLS or implicit TLS, AUTH PLAIN or
/// LOGIN, then any number of transactions (MAIL FROM, RCPT TO for each recipient, DATA) until ``quit()``.
///
/// Not for concurrent use: one transaction at a time (``SMTPMailer`` keeps several clients for parallel sending).
public final class SMTPClient: Sendable {
    /// The extensions the server announced after TLS and before authentication.
    public let capabilities: SMTPCapabilities
    /// Whether the connection is encrypted (STARTTLS or implicit TLS).
    public let isEncrypted: Bool

    private let channel: any Channel
    private let handler: NIOLoopBound<SMTPChannelHandler>
    private let replyTimeout: TimeAmount
    private let logger: Logger
    private let isClosed = Atomic<Bool>(false)

    private init(
        channel: any Channel, handler: NIOLoopBound<SMTPChannelHandler>, capabilities: SMTPCapabilities, isEncrypted: Bool,
        replyTimeout: TimeAmount, logger: Logger
    ) {
        self.channel = channel
        self.handler = handler
        self.capabilities = capabilities
        self.isEncrypted = isEncrypted
        self.replyTimeout = replyTimeout
        self.logger = logger
    }

    deinit {
        // A client dropped without quit() must not leave its connection open.
        channel.close(promise: nil)
    }

    /// Whether the connection is still open (a server may close an idle one at any time).
    public var isOpen: Bool { !isClosed.load(ordering: .relaxed) && channel.isActive }

    // MARK: Opening

    /// Connects, reads the greeting, says EHLO, starts TLS as configured and authenticates when credentials are
    /// given. On failure the connection is closed and the error says whether trying later may help.
    public static func connect(
        _ configuration: SMTPConfiguration, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "sportello.mail")
    ) async throws(MailError) -> SMTPClient {
        let tlsContext = try makeTLSContext(for: configuration)
        return try await connect(configuration, tlsContext: tlsContext, eventLoopGroup: eventLoopGroup, logger: logger)
    }

    /// The TLS context for a configuration (system roots plus its CA file), `nil` when it uses no TLS. Building
    /// one reads the trust store, so ``SMTPMailer`` builds it once for all its connections.
    static func makeTLSContext(for configuration: SMTPConfiguration) throws(MailError) -> NIOSSLContext? {
        guard configuration.security != .none else { return nil }
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        if let caFile = configuration.caFile, !caFile.isEmpty {
            tls.additionalTrustRoots = [.file(caFile)]
        }
        do {
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw MailError(.invalidConfiguration, isTransient: false, detail: "TLS cannot be set up: \(error)")
        }
    }

    static func connect(
        _ configuration: SMTPConfiguration, tlsContext: NIOSSLContext?, eventLoopGroup: any EventLoopGroup, logger: Logger
    ) async throws(MailError) -> SMTPClient {
        var logger = logger
        logger[metadataKey: "smtp.server"] = "\(configuration.host):\(configuration.port)"
        let serverHostname = isIPAddress(configuration.host) ? nil : configuration.host
        let implicitTLS = configuration.security == .tls ? tlsContext : nil
        let bootstrap = ClientBootstrap(group: eventLoopGroup)
            .connectTimeout(TimeAmount(configuration.connectTimeout))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
        let connection: (channel: any Channel, handler: NIOLoopBound<SMTPChannelHandler>)
        do {
            connection = try await bootstrap.connect(host: configuration.host, port: configuration.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let implicitTLS {
                        try channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: implicitTLS, serverHostname: serverHostname))
                    }
                    let handler = SMTPChannelHandler(handshaking: implicitTLS != nil)
                    try channel.pipeline.syncOperations.addHandler(handler)
                    return (channel, NIOLoopBound(handler, eventLoop: channel.eventLoop))
                }
            }
        } catch {
            throw MailError(
                .connectionFailed, isTransient: true,
                detail: "cannot connect to \(configuration.host):\(configuration.port): \(error)")
        }
        let session = Session(
            channel: connection.channel, handler: connection.handler, replyTimeout: TimeAmount(configuration.replyTimeout))
        do throws(MailError) {
            let greeting = try await session.readReply(for: "greeting")
            guard greeting.code == 220 else { throw MailError.rejected(greeting, command: "greeting") }
            var capabilities = try await session.hello(configuration.heloName)
            var isEncrypted = implicitTLS != nil
            if configuration.security == .startTLS {
                guard capabilities.supportsStartTLS else {
                    throw MailError(.tlsNotOffered, isTransient: false, detail: "the server does not offer STARTTLS")
                }
                let reply = try await session.command("STARTTLS", verb: "STARTTLS")
                guard reply.code == 220 else { throw MailError.rejected(reply, command: "STARTTLS", kind: .tlsHandshakeFailed) }
                guard let tlsContext else {
                    throw MailError(.invalidConfiguration, isTransient: false, detail: "STARTTLS without a TLS context")
                }
                try await session.startTLS(context: tlsContext, serverHostname: serverHostname)
                capabilities = try await session.hello(configuration.heloName)
                isEncrypted = true
            }
            if let username = configuration.username, !username.isEmpty {
                guard isEncrypted || configuration.allowsAuthenticationWithoutTLS else {
                    throw MailError(
                        .authenticationNotSupported, isTransient: false,
                        detail: "credentials would be sent without TLS (security = none)")
                }
                try await session.authenticate(
                    username: username, password: configuration.password ?? "", mechanisms: capabilities.authenticationMechanisms)
            }
            logger.debug(
                "SMTP connection ready",
                metadata: ["smtp.tls": "\(isEncrypted)", "smtp.extensions": "\(capabilities.extensions.keys.sorted())"])
            return SMTPClient(
                channel: connection.channel, handler: connection.handler, capabilities: capabilities, isEncrypted: isEncrypted,
                replyTimeout: session.replyTimeout, logger: logger)
        } catch {
            connection.channel.close(promise: nil)
            throw error
        }
    }

    private static func isIPAddress(_ host: String) -> Bool {
        host.contains(":") || (host.split(separator: ".").count == 4 && host.allSatisfy { $0.isNumber || $0 == "." })
    }

    // MARK: Sending

    /// Writes the message with `writer` and sends it to all its recipients (To, Cc, Bcc) from its sender.
    public func send(_ message: MailMessage, writer: MIMEWriter = MIMEWriter()) async throws(MailError) {
        let data = try writer.write(message)
        try await send(data, from: message.from.address, to: message.recipients)
    }

    /// Sends message bytes (CRLF line endings; dot-stuffing and the final `.` are added here) to every recipient.
    /// A refused recipient fails the whole message (nobody receives it), so a retry cannot deliver it twice to
    /// the others. After a refusal the transaction is reset and the connection stays usable.
    public func send(_ data: [UInt8], from sender: String, to recipients: [String]) async throws(MailError) {
        guard sender.isEmpty || MailAddress.isValidAddress(sender) else { throw .invalidMessage("invalid sender address") }
        guard !recipients.isEmpty else { throw .invalidMessage("the message has no recipients") }
        for recipient in recipients where !MailAddress.isValidAddress(recipient) {
            throw .invalidMessage("invalid recipient address: \(HeaderText.sanitized(recipient))")
        }
        if let limit = capabilities.maximumMessageSize, data.count > limit {
            throw MailError(
                .messageTooLarge, isTransient: false, detail: "the message has \(data.count) bytes, the server takes \(limit)")
        }
        let session = Session(channel: channel, handler: handler, replyTimeout: replyTimeout)
        let size = capabilities.extensions["SIZE"] != nil ? " SIZE=\(data.count)" : ""
        do throws(MailError) {
            let mail = try await session.command("MAIL FROM:<\(sender)>\(size)", verb: "MAIL FROM")
            guard mail.code == 250 else { throw MailError.rejected(mail, command: "MAIL FROM") }
            for recipient in recipients {
                let reply = try await session.command("RCPT TO:<\(recipient)>", verb: "RCPT TO")
                guard reply.code == 250 || reply.code == 251 else {
                    var error = MailError.rejected(reply, command: "RCPT TO")
                    error.detail = "the server refused the recipient \(recipient)"
                    throw error
                }
            }
            let start = try await session.command("DATA", verb: "DATA")
            guard start.code == 354 else { throw MailError.rejected(start, command: "DATA") }
        } catch {
            if error.reply != nil { await resetAfterFailure() }
            throw error
        }
        var buffer = channel.allocator.buffer(capacity: 0)
        SMTPDataEncoder.appendDotStuffed(data, to: &buffer)
        let end: SMTPReply
        do throws(MailError) {
            end = try await session.send(buffer, verb: "end of data")
        } catch {
            var error = error
            error.mayHaveBeenDelivered = true
            throw error
        }
        guard end.code == 250 else { throw MailError.rejected(end, command: "end of data") }
        logger.debug(
            "SMTP message accepted", metadata: ["smtp.bytes": "\(data.count)", "smtp.recipients": "\(recipients.count)"])
    }

    /// RSET: abandons the current transaction.
    public func reset() async throws(MailError) {
        let session = Session(channel: channel, handler: handler, replyTimeout: replyTimeout)
        let reply = try await session.command("RSET", verb: "RSET")
        guard reply.code == 250 else { throw MailError.rejected(reply, command: "RSET") }
    }

    /// NOOP: checks that the server still answers.
    public func noop() async throws(MailError) {
        let session = Session(channel: channel, handler: handler, replyTimeout: replyTimeout)
        let reply = try await session.command("NOOP", verb: "NOOP")
        guard reply.code == 250 else { throw MailError.rejected(reply, command: "NOOP") }
    }

    /// QUIT, then closes the connection (also when the server does not answer).
    public func quit() async {
        if channel.isActive {
            let session = Session(channel: channel, handler: handler, replyTimeout: .seconds(5))
            _ = try? await session.command("QUIT", verb: "QUIT")
        }
        close()
    }

    /// Closes the connection without saying goodbye.
    public func close() {
        isClosed.store(true, ordering: .relaxed)
        channel.close(promise: nil)
    }

    private func resetAfterFailure() async {
        guard channel.isActive else { return }
        do {
            try await reset()
        } catch {
            logger.debug("SMTP reset failed, closing the connection", metadata: ["error": "\(error)"])
            close()
        }
    }
}

/// Commands and replies over one channel.
private struct Session: Sendable {
    let channel: any Channel
    let handler: NIOLoopBound<SMTPChannelHandler>
    let replyTimeout: TimeAmount

    /// Waits for the next reply without sending anything (the greeting).
    func readReply(for verb: String) async throws(MailError) -> SMTPReply {
        let promise = channel.eventLoop.makePromise(of: SMTPReply.self)
        let (handler, timeout) = (handler, replyTimeout)
        channel.eventLoop.execute { handler.value.expectReply(promise, timeout: timeout) }
        return try await Self.wait(promise.futureResult, verb: verb)
    }

    /// Sends one command line and waits for its reply. `verb` names the command in errors and logs, so that
    /// credentials never appear there.
    func command(_ line: String, verb: String) async throws(MailError) -> SMTPReply {
        var buffer = channel.allocator.buffer(capacity: line.utf8.count + 2)
        buffer.writeString(line)
        buffer.writeStaticString("\r\n")
        return try await send(buffer, verb: verb)
    }

    func send(_ buffer: ByteBuffer, verb: String) async throws(MailError) -> SMTPReply {
        let promise = channel.eventLoop.makePromise(of: SMTPReply.self)
        let (channel, handler, timeout) = (channel, handler, replyTimeout)
        channel.eventLoop.execute {
            handler.value.expectReply(promise, timeout: timeout)
            channel.writeAndFlush(buffer).whenFailure { error in
                handler.value.fail(
                    MailError(.connectionClosed, isTransient: true, detail: "cannot write to the server: \(error)"))
            }
        }
        return try await Self.wait(promise.futureResult, verb: verb)
    }

    private static func wait(_ future: EventLoopFuture<SMTPReply>, verb: String) async throws(MailError) -> SMTPReply {
        do {
            return try await future.get()
        } catch var error as MailError {
            if error.command == nil { error.command = verb }
            throw error
        } catch {
            throw MailError(.connectionClosed, isTransient: true, detail: "\(error)", command: verb)
        }
    }

    /// EHLO, or HELO when the server does not know EHLO.
    func hello(_ name: String) async throws(MailError) -> SMTPCapabilities {
        guard MailAddress.isValidAddress("x@\(name)") else {
            throw MailError(.invalidConfiguration, isTransient: false, detail: "invalid HELO name")
        }
        let ehlo = try await command("EHLO \(name)", verb: "EHLO")
        if ehlo.code == 250 { return SMTPCapabilities(ehloReply: ehlo) }
        guard ehlo.isPermanentFailure else { throw MailError.rejected(ehlo, command: "EHLO") }
        let helo = try await command("HELO \(name)", verb: "HELO")
        guard helo.code == 250 else { throw MailError.rejected(helo, command: "HELO") }
        return SMTPCapabilities()
    }

    /// Puts TLS under the SMTP handler; the next command goes out once the handshake is done.
    func startTLS(context: NIOSSLContext, serverHostname: String?) async throws(MailError) {
        let (channel, handler) = (channel, handler)
        let future = channel.eventLoop.submit {
            guard !handler.value.hasUnreadInput else {
                throw MailError(.protocolViolation, isTransient: true, detail: "the server sent data before the TLS handshake")
            }
            handler.value.startHandshake()
            let tls = try NIOSSLClientHandler(context: context, serverHostname: serverHostname)
            try channel.pipeline.syncOperations.addHandler(tls, position: .first)
        }
        do {
            try await future.get()
        } catch let error as MailError {
            channel.close(promise: nil)
            throw error
        } catch {
            channel.close(promise: nil)
            throw MailError(.tlsHandshakeFailed, isTransient: true, detail: "TLS cannot start: \(error)", command: "STARTTLS")
        }
    }

    /// AUTH PLAIN when offered, else AUTH LOGIN.
    func authenticate(username: String, password: String, mechanisms: Set<String>) async throws(MailError) {
        let reply: SMTPReply
        if mechanisms.contains("PLAIN") {
            let token = TransferEncoding.base64([0] + Array(username.utf8) + [0] + Array(password.utf8))
            reply = try await command("AUTH PLAIN \(String(decoding: token, as: UTF8.self))", verb: "AUTH PLAIN")
        } else if mechanisms.contains("LOGIN") {
            let start = try await command("AUTH LOGIN", verb: "AUTH LOGIN")
            guard start.code == 334 else { throw Self.authenticationError(start) }
            let user = try await command(
                String(decoding: TransferEncoding.base64(Array(username.utf8)), as: UTF8.self), verb: "AUTH LOGIN")
            guard user.code == 334 else { throw Self.authenticationError(user) }
            reply = try await command(
                String(decoding: TransferEncoding.base64(Array(password.utf8)), as: UTF8.self), verb: "AUTH LOGIN")
        } else {
            throw MailError(
                .authenticationNotSupported, isTransient: false,
                detail: "the server offers no supported AUTH mechanism (offered: \(mechanisms.sorted().joined(separator: " ")))")
        }
        guard reply.code == 235 else { throw Self.authenticationError(reply) }
    }

    private static func authenticationError(_ reply: SMTPReply) -> MailError {
        MailError.rejected(reply, command: "AUTH", kind: .authenticationFailed)
    }
}

/// The DATA content on the wire (RFC 5321 §4.5.2): every line ending as CRLF (bare CR or LF included), a "." added
/// in front of every line that starts with one, and the final CRLF.CRLF.
enum SMTPDataEncoder {
    static func appendDotStuffed(_ data: [UInt8], to buffer: inout ByteBuffer) {
        let count = data.count
        // At worst every byte doubles (a lone LF or "." line); plus the terminator.
        buffer.reserveCapacity(minimumWritableBytes: count * 2 + 5)
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count * 2 + 5) { output in
            data.withUnsafeBufferPointer { input in
                var o = 0
                var atLineStart = true
                var i = 0
                while i < count {
                    let byte = input[i]
                    if byte == .cr || byte == .lf {
                        if byte == .cr && i + 1 < count && input[i + 1] == .lf { i += 1 }
                        output[o] = .cr
                        output[o + 1] = .lf
                        o += 2
                        atLineStart = true
                    } else {
                        if atLineStart && byte == .dot {
                            output[o] = .dot
                            o += 1
                        }
                        output[o] = byte
                        o += 1
                        atLineStart = false
                    }
                    i += 1
                }
                if !atLineStart {
                    output[o] = .cr
                    output[o + 1] = .lf
                    o += 2
                }
                output[o] = .dot
                output[o + 1] = .cr
                output[o + 2] = .lf
                return o + 3
            }
        }
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

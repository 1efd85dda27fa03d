import NIOCore
import NIOSSL
import NIOTLS

/// Reads replies off the connection and hands each one to the command waiting for it, in order. One reply that
/// arrives while nobody waits (the greeting, a 421 before the server hangs up) is kept for the next command.
/// Any failure (a broken connection, a TLS error, a timeout, a malformed reply) fails every waiting command and
/// every later one, and closes the connection.
final class SMTPChannelHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private struct Waiter {
        var promise: EventLoopPromise<SMTPReply>
        var timeout: Scheduled<Void>
    }

    private var buffer: ByteBuffer?
    private var parser = SMTPReplyParser()
    private var received = CircularBuffer<SMTPReply>()
    private var waiting = CircularBuffer<Waiter>()
    private var failure: MailError?
    private var context: ChannelHandlerContext?
    /// Set while a TLS handshake is under way: errors then are handshake failures.
    private var isHandshaking: Bool

    init(handshaking: Bool) {
        isHandshaking = handshaking
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    /// Whether bytes or replies have arrived that no command asked for yet (must be none when TLS starts, or a
    /// man in the middle could have slipped plain-text replies in front of the encrypted ones).
    var hasUnreadInput: Bool {
        !received.isEmpty || (buffer?.readableBytes ?? 0) > 0 || parser.isInsideReply
    }

    /// Marks the start of a TLS handshake (STARTTLS).
    func startHandshake() {
        isHandshaking = true
    }

    /// Fulfils `promise` with the next reply, or fails it after `timeout`.
    func expectReply(_ promise: EventLoopPromise<SMTPReply>, timeout: TimeAmount) {
        if let reply = received.popFirst() {
            promise.succeed(reply)
            return
        }
        if let failure {
            promise.fail(failure)
            return
        }
        guard let context else {
            promise.fail(MailError(.connectionClosed, isTransient: true, detail: "the connection is closed"))
            return
        }
        let scheduled = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            fail(MailError(.timedOut, isTransient: true, detail: "no reply within \(timeout.nanoseconds / 1_000_000) ms"))
        }
        waiting.append(Waiter(promise: promise, timeout: scheduled))
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        if buffer == nil {
            buffer = bytes
        } else {
            buffer!.writeBuffer(&bytes)
        }
        do throws(MailError) {
            for reply in try parser.parse(&buffer!) {
                if let waiter = waiting.popFirst() {
                    waiter.timeout.cancel()
                    waiter.promise.succeed(reply)
                } else {
                    received.append(reply)
                    guard received.count <= 4 else {
                        throw MailError(.protocolViolation, isTransient: true, detail: "the server sent replies nobody asked for")
                    }
                }
            }
            if buffer!.readableBytes == 0 {
                buffer = nil
            } else if buffer!.readerIndex > 4096 {
                buffer!.discardReadBytes()
            }
        } catch {
            fail(error)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .handshakeCompleted = event as? TLSUserEvent { isHandshaking = false }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(
            MailError(
                isHandshaking ? .tlsHandshakeFailed : .connectionClosed, isTransient: true,
                detail: isHandshaking
                    ? "the server closed the connection during the TLS handshake" : "the server closed the connection"
            ))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let error = error as? MailError {
            fail(error)
        } else if isHandshaking {
            fail(MailError(.tlsHandshakeFailed, isTransient: true, detail: "TLS handshake failed: \(error)"))
        } else {
            fail(MailError(.connectionClosed, isTransient: true, detail: "the connection failed: \(error)"))
        }
    }

    /// Records the first failure, fails everyone waiting and closes the connection.
    func fail(_ error: MailError) {
        if failure == nil { failure = error }
        let failure = failure ?? error
        while let waiter = waiting.popFirst() {
            waiter.timeout.cancel()
            waiter.promise.fail(failure)
        }
        context?.close(promise: nil)
    }
}

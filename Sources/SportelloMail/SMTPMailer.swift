public import Logging
public import NIOCore
public import NIOPosix
import NIOSSL
import Synchronization

/// A ``Mailer`` over SMTP that keeps up to `maximumConnections` connections open and reuses them, so that many
/// messages go out quickly. A connection the server closed while it was idle is replaced transparently (the
/// message is sent again on a new connection only when it cannot have been delivered on the old one).
public final class SMTPMailer: Mailer {
    public let configuration: SMTPConfiguration
    private let writer = MIMEWriter()
    private let tlsContext: NIOSSLContext?
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private let pool: SMTPConnectionPool

    /// Throws when TLS cannot be set up (for example an unreadable CA file). Nothing connects until the first
    /// message.
    public init(
        configuration: SMTPConfiguration, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "sportello.mail")
    ) throws(MailError) {
        self.configuration = configuration
        self.tlsContext = try SMTPClient.makeTLSContext(for: configuration)
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
        self.pool = SMTPConnectionPool(maximum: configuration.maximumConnections, idleTimeout: configuration.idleTimeout)
    }

    public func send(_ message: MailMessage) async throws {
        let data = try writer.write(message)
        try await send(data, from: message.from.address, to: message.recipients)
    }

    /// Sends message bytes already written by ``MIMEWriter``.
    public func send(_ data: [UInt8], from sender: String, to recipients: [String]) async throws {
        var retried = false
        while true {
            let client: SMTPClient
            let reused: Bool
            switch try await pool.acquire() {
            case .reuse(let pooled):
                client = pooled
                reused = true
            case .open:
                do {
                    client = try await SMTPClient.connect(
                        configuration, tlsContext: tlsContext, eventLoopGroup: eventLoopGroup, logger: logger)
                } catch {
                    pool.release(nil)
                    throw error
                }
                reused = false
            }
            do {
                try await client.send(data, from: sender, to: recipients)
                pool.release(client)
                return
            } catch {
                pool.release(client)
                if reused && !retried && Self.isStale(error) {
                    logger.debug("SMTP connection was stale, sending on a new one", metadata: ["error": "\(error)"])
                    retried = true
                    continue
                }
                throw error
            }
        }
    }

    /// A reused connection that failed before the message could have been accepted: closed by the server while
    /// idle, or answered 421 ("closing").
    private static func isStale(_ error: MailError) -> Bool {
        guard !error.mayHaveBeenDelivered else { return false }
        return error.kind == .connectionClosed || error.reply?.code == 421
    }

    /// Says QUIT on the idle connections and refuses further messages; connections in use close when their
    /// message is done.
    public func shutdown() async {
        let idle = pool.shutdown()
        await withTaskGroup(of: Void.self) { group in
            for client in idle {
                group.addTask { await client.quit() }
            }
        }
    }
}

/// The connections of one ``SMTPMailer``: idle ones to reuse (the most recently used first) and a count of slots
/// taken, so that at most `maximum` exist; senders beyond that wait in order.
final class SMTPConnectionPool: Sendable {
    enum Lease: Sendable {
        case reuse(SMTPClient)
        /// A slot is reserved: open a new connection and release it (or `nil`) when done.
        case open
    }

    private struct Idle {
        var client: SMTPClient
        var since: ContinuousClock.Instant
    }

    private struct State {
        var idle: [Idle] = []
        var leased = 0
        var waiters: [(id: UInt64, continuation: CheckedContinuation<Lease, any Error>)] = []
        var nextID: UInt64 = 0
        var isShutDown = false
    }

    let maximum: Int
    let idleTimeout: Duration
    private let state = Mutex(State())

    init(maximum: Int, idleTimeout: Duration) {
        self.maximum = maximum
        self.idleTimeout = idleTimeout
    }

    func acquire() async throws -> Lease {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let now = ContinuousClock.now
                let (result, stale) = state.withLock { state -> (Result<Lease, any Error>?, [SMTPClient]) in
                    if state.isShutDown {
                        return (.failure(MailError(.connectionClosed, isTransient: true, detail: "the mailer is shut down")), [])
                    }
                    if Task.isCancelled { return (.failure(CancellationError()), []) }
                    var stale: [SMTPClient] = []
                    while let entry = state.idle.popLast() {
                        if entry.client.isOpen && entry.since.duration(to: now) < idleTimeout {
                            state.leased += 1
                            return (.success(.reuse(entry.client)), stale)
                        }
                        stale.append(entry.client)
                    }
                    if state.leased < maximum {
                        state.leased += 1
                        return (.success(.open), stale)
                    }
                    state.waiters.append((id, continuation))
                    return (nil, stale)
                }
                for client in stale { client.close() }
                if let result { continuation.resume(with: result) }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                state.waiters.firstIndex { $0.id == id }.map { state.waiters.remove(at: $0).continuation }
            }
            waiter?.resume(throwing: CancellationError())
        }
    }

    /// Gives a slot back, with its connection when there is one (kept only while open).
    func release(_ client: SMTPClient?) {
        let usable = client?.isOpen ?? false
        let now = ContinuousClock.now
        let (waiter, lease, closing) = state.withLock {
            state -> (CheckedContinuation<Lease, any Error>?, Lease?, SMTPClient?) in
            if let client, usable, !state.isShutDown {
                if !state.waiters.isEmpty { return (state.waiters.removeFirst().continuation, .reuse(client), nil) }
                state.leased -= 1
                state.idle.append(Idle(client: client, since: now))
                return (nil, nil, nil)
            }
            if !state.waiters.isEmpty && !state.isShutDown {
                return (state.waiters.removeFirst().continuation, .open, client)
            }
            state.leased -= 1
            return (nil, nil, client)
        }
        closing?.close()
        if let waiter, let lease { waiter.resume(returning: lease) }
    }

    /// Refuses new leases, fails the waiting ones and returns the idle connections to close.
    func shutdown() -> [SMTPClient] {
        let (idle, waiters) = state.withLock { state in
            state.isShutDown = true
            defer {
                state.idle = []
                state.waiters = []
            }
            return (state.idle.map(\.client), state.waiters.map(\.continuation))
        }
        for waiter in waiters {
            waiter.resume(throwing: MailError(.connectionClosed, isTransient: true, detail: "the mailer is shut down"))
        }
        return idle
    }
}

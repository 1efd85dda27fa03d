import Logging
import ServiceLifecycle
import Synchronization

/// A service that does one piece of work and ends; its error is kept for the command to report.
final class OneShotService: Service, Sendable {
    let logger: Logger
    let work: @Sendable () async throws -> Void
    let failure = Mutex<(any Error)?>(nil)

    init(logger: Logger, work: @escaping @Sendable () async throws -> Void) {
        self.logger = logger
        self.work = work
    }

    func run() async throws {
        do {
            try await work()
        } catch {
            failure.withLock { $0 = error }
            logger.error("command failed", metadata: ["error": "\(error)"])
        }
    }
}

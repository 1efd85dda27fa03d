import Foundation
public import Logging
public import ServiceLifecycle
import SportelloCore

/// Runs `work` every `interval` until shutdown, the first time one interval after start
/// (when migrations are done). Failures are logged and retried next time.
public struct PeriodicJob: Service, CustomStringConvertible {
    public var description: String { "PeriodicJob(\(name))" }

    let name: String
    let interval: Duration
    let logger: Logger
    let work: @Sendable () async throws -> Void

    public init(name: String, interval: Duration, logger: Logger, work: @escaping @Sendable () async throws -> Void) {
        self.name = name
        self.interval = interval
        self.logger = logger
        self.work = work
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            // Wakes up at once on shutdown, so stopping never waits for the interval.
            let slept: Bool? = try? await cancelWhenGracefulShutdown {
                try await Task.sleep(for: interval)
                return true
            }
            if slept == nil { return }
            do {
                try await work()
            } catch {
                logger.error("background job failed", metadata: ["job": "\(name)", "error": "\(String(reflecting: error))"])
            }
        }
    }
}

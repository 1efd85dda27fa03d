import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// The database did not answer within the time limit: treated like an outage (the pages answer 503).
public struct DatabaseTimeout: Error, CustomStringConvertible {
    public let limit: Duration
    public var description: String { "the database did not answer within \(limit)" }
}

/// Runs work with a time limit that holds even when the work never ends and ignores cancellation (a driver waiting
/// on a connection that is gone): the work runs in a task of its own, and the caller is answered by whichever comes
/// first, the work's result or `DatabaseTimeout`. Late work is cancelled and left to finish (or not) on its own.
///
/// The timer is an event-loop timer, not a sleeping task: cancelling it frees it at once, whereas a cancelled
/// `Task.sleep` keeps its allocation until the deadline would have passed (a minute of every act, under load).
public enum TimeLimit {
    public static func run<T: Sendable>(
        _ limit: Duration, _ work: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let race = Race(continuation)
            let nanoseconds = limit.components.seconds * 1_000_000_000 + limit.components.attoseconds / 1_000_000_000
            race.start(
                timer: MultiThreadedEventLoopGroup.singleton.any().scheduleTask(in: .nanoseconds(nanoseconds)) {
                    race.answer(.failure(DatabaseTimeout(limit: limit)))
                },
                work: Task {
                    do { race.answer(.success(try await work())) } catch { race.answer(.failure(error)) }
                })
        }
    }

    /// The first answer resumes the caller; the other is stopped (the timer cancelled, late work told to stop).
    private final class Race<T: Sendable>: Sendable {
        private struct State {
            var continuation: CheckedContinuation<T, any Error>?
            var timer: Scheduled<Void>?
            var work: Task<Void, Never>?
        }
        private let state: Mutex<State>

        init(_ continuation: CheckedContinuation<T, any Error>) {
            state = Mutex(State(continuation: continuation))
        }

        func start(timer: Scheduled<Void>, work: Task<Void, Never>) {
            let answered = state.withLock { state in
                state.timer = timer
                state.work = work
                return state.continuation == nil
            }
            // Answered before both were recorded: stop what is left.
            if answered {
                timer.cancel()
                work.cancel()
            }
        }

        func answer(_ result: Result<T, any Error>) {
            let (continuation, timer, work) = state.withLock { state in
                defer { state.continuation = nil }
                return (state.continuation, state.timer, state.work)
            }
            guard let continuation else { return }
            timer?.cancel()
            work?.cancel()
            continuation.resume(with: result)
        }
    }
}

/// Marks work the caller gave up on (see `TimeLimit`), so that the work, if it goes on, rolls back instead of
/// committing what nobody is waiting for.
final class Abandonment: Sendable {
    private let abandoned = Mutex(false)

    func giveUp() { abandoned.withLock { $0 = true } }

    /// Throws when the caller gave up.
    func check() throws {
        if abandoned.withLock({ $0 }) { throw DatabaseTimeout(limit: .zero) }
    }
}

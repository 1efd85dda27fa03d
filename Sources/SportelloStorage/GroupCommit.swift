/// Gathers concurrent requests into batches written by one transaction each, so a burst of durable
/// writes pays for one sync to disk per batch instead of one per request ("group commit"). Requests
/// arriving while a batch commits form the next batch. When a batch fails, its requests are tried
/// again one by one, so one bad request cannot take the others down with it; a batch the database did not answer in
/// time (it may have committed) fails as a whole.
actor GroupCommit<Input: Sendable, Output: Sendable> {
    private var pending: [(input: Input, continuation: CheckedContinuation<Output, any Error>)] = []
    private var draining = false
    private let maximumBatch: Int
    private let commit: @Sendable ([Input]) async throws -> [Output]

    /// - Parameter commit: writes a batch in one transaction and returns one output per input, in order.
    init(maximumBatch: Int = 256, commit: @escaping @Sendable ([Input]) async throws -> [Output]) {
        self.maximumBatch = maximumBatch
        self.commit = commit
    }

    func submit(_ input: Input) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            pending.append((input, continuation))
            if !draining {
                draining = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(maximumBatch))
            pending.removeFirst(batch.count)
            do {
                let outputs = try await commit(batch.map(\.input))
                precondition(outputs.count == batch.count, "one output per input")
                for (entry, output) in zip(batch, outputs) { entry.continuation.resume(returning: output) }
            } catch let error as DatabaseTimeout {
                // The batch may have committed: trying its requests again could register them twice.
                for entry in batch { entry.continuation.resume(throwing: error) }
            } catch  where batch.count > 1 {
                for entry in batch {
                    do {
                        entry.continuation.resume(returning: try await commit([entry.input])[0])
                    } catch {
                        entry.continuation.resume(throwing: error)
                    }
                }
            } catch {
                batch[0].continuation.resume(throwing: error)
            }
        }
        draining = false
    }
}

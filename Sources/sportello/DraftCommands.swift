import ArgumentParser
import Foundation
import SportelloCore
import SportelloStorage
import SportelloWeb

struct DraftsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drafts", abstract: "Maintain drafts.", subcommands: [Cleanup.self])

    struct Cleanup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete stale drafts now, as the daily job does (drafts.retentionDays, drafts.closedCallGraceDays).")
        @OptionGroup var common: CommonOptions

        func run() async throws {
            let config = AppConfig(reader: try await common.makeReader())
            try await withStorage(config: config, logger: Logging.make(config: config, label: "sportello-admin")) { storage in
                try await storage.migrate()
                let cleanup = DraftCleanup(
                    filings: FluentFilingRepository(storage: storage), procedures: FluentProcedureRepository(storage: storage),
                    retention: config.draftRetention)
                let started = ContinuousClock.now
                let removed = try await cleanup.run(now: Date())
                let elapsed = ContinuousClock.now - started
                print("\(removed) stale drafts deleted in \(elapsed.formatted(.units(allowed: [.seconds, .milliseconds])))")
            }
        }
    }
}

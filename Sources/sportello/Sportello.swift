import ArgumentParser
import Configuration
import Foundation
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import SportelloCore
import SportelloStorage
import SportelloWeb

/// The `sportello` command: run the server, the worker, migrations and admin tasks.
@main
struct Sportello: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sportello",
        abstract: "Sportello — online counter for Italian municipalities.",
        subcommands: [
            Serve.self, Worker.self, Migrate.self, TenantCommand.self, OperatorCommand.self, ProcedureCommand.self,
            DraftsCommand.self, ProtocolCommand.self,
        ],
        defaultSubcommand: Serve.self)

    /// Runs the command, with Swift concurrency's jobs on the NIO event loops that serve the connections when that is
    /// faster (see `concurrencyOnEventLoops`).
    @MainActor static func main() async {
        do {
            var command = try parseAsRoot()
            if try await concurrencyOnEventLoops(for: command) {
                // Installed from the main task, before the command starts any work of its own.
                NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
            }
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }

    /// Whether the server or worker runs Swift concurrency on its NIO event loops: a request is then handled on the
    /// thread that read it, without hopping to the runtime's own pool and back. On with SQLite (form pages 7.5k →
    /// 10.5k req/s), off with PostgreSQL, where handling requests on the loops that also carry the database's
    /// connections made saves' p99 worse (18–22 ms against 14 ms at the same rate). `SPORTELLO_CONCURRENCY_ON_EVENT_LOOPS`
    /// (`true` or `false`) overrides the choice.
    static func concurrencyOnEventLoops(for command: any ParsableCommand) async throws -> Bool {
        switch ProcessInfo.processInfo.environment["SPORTELLO_CONCURRENCY_ON_EVENT_LOOPS"] {
        case "true": return true
        case "false": return false
        default: break
        }
        let common: CommonOptions
        if let serve = command as? Serve {
            common = serve.common
        } else if let worker = command as? Worker {
            common = worker.common
        } else {
            return false
        }
        let config = AppConfig(reader: try await common.makeReader())
        return try config.databaseLocation.dialectName == "sqlite"
    }
}

/// Options every command shares; each maps to a configuration key and wins over environment and file.
struct CommonOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: "Configuration file (YAML or JSON). Default: ./sportello.yaml if present.")
    var configFile: String?

    @Option(help: "Folder for the SQLite database and stored files (data.directory).")
    var dataDir: String?

    @Option(help: "Database URL: sqlite:PATH or postgres://user:password@host:port/db (database.url).")
    var databaseURL: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error (log.level).")
    var logLevel: String?

    /// Command line > environment (SPORTELLO_*) > config file > defaults.
    func makeReader(extra: [AbsoluteConfigKey: ConfigValue] = [:]) async throws -> ConfigReader {
        var values = extra
        if let dataDir { values["data.directory"] = .init(.string(dataDir), isSecret: false) }
        if let databaseURL { values["database.url"] = .init(.string(databaseURL), isSecret: true) }
        if let logLevel { values["log.level"] = .init(.string(logLevel), isSecret: false) }
        let environment = EnvironmentVariablesProvider().prefixKeys(with: "sportello")
        var providers: [any ConfigProvider] = [InMemoryProvider(name: "command line", values: values), environment]
        let path = configFile ?? ProcessInfo.processInfo.environment["SPORTELLO_CONFIG_FILE"]
        let filePath = path ?? "sportello.yaml"
        if filePath.hasSuffix(".json") {
            providers.append(try await FileProvider<JSONSnapshot>(filePath: .init(filePath), allowMissing: path == nil))
        } else {
            providers.append(try await FileProvider<YAMLSnapshot>(filePath: .init(filePath), allowMissing: path == nil))
        }
        return ConfigReader(providers: providers)
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the web server (and, unless disabled, the background worker).")

    @OptionGroup var common: CommonOptions

    @Flag(help: "Demo mode: demo municipality, test identity provider and simulators (demo).")
    var demo = false

    @Option(help: "Address to listen on (http.hostname).")
    var hostname: String?

    @Option(help: "Port to listen on (http.port).")
    var port: Int?

    func run() async throws {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        if demo { values["demo"] = .init(.bool(true), isSecret: false) }
        if let hostname { values["http.hostname"] = .init(.string(hostname), isSecret: false) }
        if let port { values["http.port"] = .init(.int(port), isSecret: false) }
        let config = AppConfig(reader: try await common.makeReader(extra: values))
        let logger = Logging.make(config: config, label: "sportello")
        let app = try await buildApplication(config: config, logger: logger)
        if config.demo {
            print(
                """

                  Sportello demo — Comune di Esempio
                  Citizens:   \(config.loopbackBaseURL)/  (sign in with the test identity provider)
                  Staff:      \(config.loopbackBaseURL)/backoffice  (admin / esempio-admin, operatore / esempio-operatore,
                              one-time code from TOTP secret JBSWY3DPEHPK3PXP)

                """)
            // Standard output is block-buffered when it is not a terminal (logs, CI): show it now.
            fflush(nil)
        }
        try await app.runService()
    }
}

struct Worker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run only the background jobs (for scale-out next to `serve`).")

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let config = AppConfig(reader: try await common.makeReader())
        let logger = Logging.make(config: config, label: "sportello-worker")
        let storage = try Storage(
            location: config.databaseLocation, logger: logger, sqliteSynchronous: config.sqliteSynchronous,
            postgresConnections: config.databaseConnections)
        let migrator = OneShotService(logger: logger) { try await storage.migrate() }
        let group = ServiceGroup(
            configuration: .init(
                services: storage.services.map { .init(service: $0) } + [
                    .init(service: migrator, successTerminationBehavior: .ignore)
                ]
                    + (try WorkerJobs.make(storage: storage, config: config, clock: SystemClock(), logger: logger))
                    .map { .init(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        logger.info("worker started", metadata: ["database": "\(storage.location.redactedDescription)"])
        try await group.run()
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations and exit.")

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let config = AppConfig(reader: try await common.makeReader())
        let logger = Logging.make(config: config, label: "sportello-migrate")
        try await withStorage(config: config, logger: logger) { storage in
            try await storage.migrate()
            print("Migrations applied to \(storage.location.redactedDescription).")
        }
    }
}

/// Runs `body` with the storage's services (the PostgreSQL pool) running, then shuts them down.
func withStorage(config: AppConfig, logger: Logger, _ body: @escaping @Sendable (Storage) async throws -> Void) async throws {
    let storage = try Storage(
        location: config.databaseLocation, logger: logger, sqliteSynchronous: config.sqliteSynchronous,
        postgresConnections: config.databaseConnections)
    let work = OneShotService(logger: logger) { try await body(storage) }
    let group = ServiceGroup(
        configuration: .init(
            services: storage.services.map { .init(service: $0) } + [
                .init(service: work, successTerminationBehavior: .gracefullyShutdownGroup)
            ],
            logger: logger))
    try await group.run()
    if let error = work.failure.withLock({ $0 }) { throw error }
}

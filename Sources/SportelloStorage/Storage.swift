public import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
public import Logging
import NIOPosix
import NIOSSL
import PostgresNIO
public import SQLKit
public import ServiceLifecycle

/// The database of the install: one place that opens it, migrates it, checks it and closes it.
public final class Storage: Sendable {
    public let location: DatabaseLocation
    private let databases: Databases
    private let threadPool: NIOThreadPool
    /// The PostgreSQL pool, for the statements this module prepares (nil on SQLite).
    let postgresClient: PostgresClient?
    private let logger: Logger
    /// SQLite is written through one connection, on one event loop: SQLite commits one writer at a time
    /// anyway, and two writing connections of the same process would only spin against each other's locks
    /// (SQLiteNIO retries a busy database at once, without sleeping). A second connection only reads.
    private let sqliteLoop: (any EventLoop)?
    /// SQLite's own event loops: the writer's and the reader's. A statement's completion never waits behind
    /// HTTP work (PDF rendering, pages) on a shared loop.
    private let sqliteGroup: MultiThreadedEventLoopGroup?
    /// The reading connection's loop (file databases): reads go on while the writer holds a transaction.
    private let sqliteReadLoop: (any EventLoop)?
    private let sqliteSynchronous: SQLiteSynchronous
    /// How long a statement may wait for the one SQLite connection during a burst before it fails.
    static let sqliteQueueTimeout: TimeAmount = .seconds(60)
    /// The longest a durable act may take on PostgreSQL, waiting for a connection included (a batch of submissions
    /// takes milliseconds; the limit is for a server that stopped answering, not for a busy one).
    static let postgresTransactionLimit: Duration = .seconds(60)

    /// - Parameter postgresConnections: the PostgreSQL connections this process opens and keeps (`database.connections`;
    ///   at least 2: with fewer kept open the pool may not replace a connection lost in a restart, postgres-nio issue 657).
    public init(
        location: DatabaseLocation, logger: Logger, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        sqliteSynchronous: SQLiteSynchronous = .normal, postgresConnections: Int = 20
    ) throws {
        self.location = location
        self.sqliteSynchronous = sqliteSynchronous
        self.logger = logger
        threadPool = NIOThreadPool(numberOfThreads: 2)
        threadPool.start()
        switch location {
        case .postgres:
            sqliteGroup = nil
            sqliteLoop = nil
            sqliteReadLoop = nil
            databases = Databases(threadPool: threadPool, on: eventLoopGroup)
        case .sqliteFile:
            let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
            sqliteGroup = group
            let loops = Array(group.makeIterator())
            sqliteLoop = loops[0]
            sqliteReadLoop = loops[1]
            databases = Databases(threadPool: threadPool, on: group)
        case .sqliteMemory:
            let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            sqliteGroup = group
            sqliteLoop = group.next()
            sqliteReadLoop = nil
            databases = Databases(threadPool: threadPool, on: group)
        }
        switch location {
        case .sqliteFile(let path):
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            databases.use(
                .sqlite(.file(path), connectionPoolTimeout: Self.sqliteQueueTimeout, sqlLogLevel: .trace), as: .sqlite)
            postgresClient = nil
        case .sqliteMemory:
            // A named shared-cache memory database so every pooled connection sees the same data.
            let name = "file:sportello-\(UUID().uuidString)?mode=memory&cache=shared"
            databases.use(
                .sqlite(.init(storage: .file(path: name)), connectionPoolTimeout: Self.sqliteQueueTimeout, sqlLogLevel: .trace),
                as: .sqlite)
            postgresClient = nil
        case .postgres(let settings):
            let tls: PostgresClient.Configuration.TLS =
                switch settings.tls {
                case .disable: .disable
                case .prefer: .prefer(.makeClientConfiguration())
                case .require: .require(.makeClientConfiguration())
                }
            var configuration = PostgresClient.Configuration(
                host: settings.host, port: settings.port, username: settings.username,
                password: settings.password, database: settings.database, tls: tls)
            // Every connection is opened at start and kept: PostgresNIO's pool arms an idle timer for each connection above
            // the minimum, and a keep-alive timer for every connection, each time a query gives its connection back
            // (tasks and a Dispatch timer per query: a third of the server's CPU on a form page). A connection that
            // PostgreSQL closes (a restart) is replaced at once; one that dies silently fails its next query.
            let connections = max(2, postgresConnections)
            configuration.options.maximumConnections = connections
            configuration.options.minimumConnections = connections
            configuration.options.keepAliveBehavior = nil
            // The prepared statements (PostgresFilingStatements) are planned for their values at every execution: a
            // generic plan made while the tables are nearly empty picks any index that matches the municipality (all
            // tie at one row) and keeps it for the connection's life, turning a lookup by id into a scan of every
            // filing of the municipality once there are thousands. Parsing is still saved.
            configuration.options.additionalStartupParameters = [("plan_cache_mode", "force_custom_plan")]
            let client = PostgresClient(configuration: configuration, eventLoopGroup: eventLoopGroup, backgroundLogger: logger)
            postgresClient = client
            databases.use(.postgres(client: client, sqlLogLevel: .trace, logger: logger), as: .psql)
        }
    }

    /// A handle for one unit of work; cheap to make.
    public func database(logger: Logger? = nil) -> any Database {
        databases.database(logger: logger ?? self.logger, on: sqliteLoop ?? databases.eventLoopGroup.any())!
    }

    public func sql(logger: Logger? = nil) -> any SQLDatabase {
        database(logger: logger) as! any SQLDatabase
    }

    /// A handle for reads only. On a SQLite file it is a second connection: in WAL mode it reads the last
    /// committed state while the writer holds a transaction (a submission's durable act), instead of queueing
    /// behind it on the one connection. Elsewhere it is the same as `sql()`.
    public func reader(logger: Logger? = nil) -> any SQLDatabase {
        guard let sqliteReadLoop else { return sql(logger: logger) }
        return databases.database(logger: logger ?? self.logger, on: sqliteReadLoop)! as! any SQLDatabase
    }

    /// Services that must run for the database to work (the PostgreSQL pool), plus the closer.
    public var services: [any Service] {
        var services: [any Service] = []
        if let postgresClient { services.append(postgresClient) }
        services.append(StorageCloser(storage: self))
        return services
    }

    /// Applies every migration not yet applied. Safe to run at every start.
    public func migrate() async throws {
        if case .sqliteFile = location {
            // WAL lets readers go on while one writer commits; the setting persists in the file.
            _ = try await sql().raw("PRAGMA journal_mode=WAL").all()
            // In WAL mode, NORMAL syncs at checkpoints instead of at every commit: a commit survives a crash
            // of the process, and the database is never corrupted, but the last commits before a power
            // loss may be lost. See docs/architecture.md ("SQLite durability"). It applies to the one
            // connection (a connection opened again later falls back to FULL: slower, never less safe).
            _ = try await sql().raw("PRAGMA synchronous=\(unsafeRaw: sqliteSynchronous.rawValue)").all()
        }
        let migrations = Migrations()
        migrations.add(SchemaHistory.all)
        let migrator = Migrator(
            databases: databases, migrations: migrations, logger: logger, on: databases.eventLoopGroup.any(),
            migrationLogLevel: .info)
        try await migrator.setupIfNeeded().get()
        try await migrator.prepareBatch().get()
    }

    /// Runs `body` in one transaction that is durable when it returns, whatever `database.sqliteSynchronous`
    /// says: for acts that must never be lost once acknowledged (a protocol number). On SQLite the
    /// transaction takes the write lock at once (`BEGIN IMMEDIATE`) and is synced at commit.
    public func durableTransaction<T: Sendable>(
        _ body: @escaping @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> T {
        guard sqliteLoop != nil else {
            // When PostgreSQL goes away in the middle of a transaction the driver may never answer its COMMIT: the act
            // would wait for ever, and every act queued behind it (GroupCommit) with it. After the time limit the
            // caller gets an outage error (the page answers 503) and the acts behind go on. An act given up before it
            // reaches its COMMIT rolls back instead of committing late; one given up while its COMMIT is in flight may
            // or may not have committed, which the caller cannot know: nothing was acknowledged to anybody.
            let database = database()
            let abandoned = Abandonment()
            do {
                return try await TimeLimit.run(Self.postgresTransactionLimit) {
                    try await database.transaction { database in
                        try abandoned.check()
                        let result = try await body(database as! any SQLDatabase)
                        try abandoned.check()
                        return result
                    }
                }
            } catch let timeout as DatabaseTimeout {
                abandoned.giveUp()
                throw timeout
            }
        }
        return try await database().withConnection { connection in
            let sql = connection as! any SQLDatabase
            try await sql.raw("PRAGMA synchronous=FULL").run()
            do {
                try await sql.raw("BEGIN IMMEDIATE").run()
                do {
                    let result = try await body(sql)
                    try await sql.raw("COMMIT").run()
                    try await sql.raw("PRAGMA synchronous=\(unsafeRaw: self.sqliteSynchronous.rawValue)").run()
                    return result
                } catch {
                    try? await sql.raw("ROLLBACK").run()
                    throw error
                }
            } catch {
                try? await sql.raw("PRAGMA synchronous=\(unsafeRaw: self.sqliteSynchronous.rawValue)").run()
                throw error
            }
        }
    }

    /// Whether the database answers a trivial query now.
    public func isReachable() async -> Bool {
        do {
            _ = try await sql().raw("SELECT 1 AS ok").all()
            return true
        } catch {
            logger.warning("database not reachable", metadata: ["error": "\(String(reflecting: error))"])
            return false
        }
    }

    public func shutdown() async {
        await databases.shutdownAsync()
        try? await threadPool.shutdownGracefully()
        try? await sqliteGroup?.shutdownGracefully()
    }
}

/// How SQLite makes commits durable (`PRAGMA synchronous`), from `database.sqliteSynchronous`.
public enum SQLiteSynchronous: String, Sendable {
    /// Synced at checkpoints: survives a crash of the process, may lose the last commits on power loss.
    case normal = "NORMAL"
    /// Synced at every commit.
    case full = "FULL"
}

/// Closes the database pools when the service group shuts down.
struct StorageCloser: Service, CustomStringConvertible {
    public var description: String { "StorageCloser" }

    let storage: Storage
    func run() async throws {
        try? await gracefulShutdown()
        await storage.shutdown()
    }
}

extension Storage {
    /// Runs the connection pool until cancelled, for callers outside a service group (tests, one-off commands).
    public func runPoolForTests() async throws {
        guard let postgresClient else { return }
        await postgresClient.run()
    }
}

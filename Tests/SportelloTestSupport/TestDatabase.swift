import Foundation
import Logging
import PostgresNIO
public import SportelloStorage

/// A database engine the storage tests run against.
public enum TestEngine: String, CaseIterable, Sendable {
    case sqlite, postgres

    /// SQLite always; PostgreSQL when SPORTELLO_TEST_POSTGRES_URL names a server (the test
    /// script starts one). With SPORTELLO_REQUIRE_POSTGRES=1 a missing server is an error, not a skip.
    public static var available: [TestEngine] {
        postgresURL == nil && !postgresRequired ? [.sqlite] : [.sqlite, .postgres]
    }

    /// The test server's URL; an empty variable counts as unset.
    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["SPORTELLO_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    public static var postgresRequired: Bool {
        ProcessInfo.processInfo.environment["SPORTELLO_REQUIRE_POSTGRES"] == "1"
    }
}

/// A fresh, empty database for one test: a temporary SQLite file, or a new PostgreSQL
/// database created on the test server and dropped afterwards.
public struct TestDatabase: Sendable {
    public let url: String
    let cleanup: @Sendable () async -> Void

    public static func make(_ engine: TestEngine) async throws -> TestDatabase {
        switch engine {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sportello-test-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return TestDatabase(url: "sqlite:" + folder.appendingPathComponent("test.sqlite").path) {
                try? FileManager.default.removeItem(at: folder)
            }
        case .postgres:
            guard let admin = TestEngine.postgresURL else {
                throw MissingPostgres()
            }
            guard case .postgres(let settings) = try DatabaseLocation(url: admin) else { throw MissingPostgres() }
            let name = "sportello_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            try await execute("CREATE DATABASE \(name)", settings: settings)
            var components = URLComponents(string: admin)!
            components.path = "/" + name
            return TestDatabase(url: components.string!) {
                try? await execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", settings: settings)
            }
        }
    }

    /// Runs `body` with a migrated storage on a fresh database, then removes it.
    public static func withStorage<T: Sendable>(
        _ engine: TestEngine, _ body: (Storage) async throws -> T
    ) async throws -> T {
        let database = try await make(engine)
        let storage = try Storage(
            location: DatabaseLocation(url: database.url), logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() },
            postgresConnections: 4)
        let runner = Task { try await storage.runPoolForTests() }
        do {
            try await storage.migrate()
            let result = try await body(storage)
            runner.cancel()
            await storage.shutdown()
            await database.cleanup()
            return result
        } catch {
            runner.cancel()
            await storage.shutdown()
            await database.cleanup()
            throw error
        }
    }

    public func remove() async { await cleanup() }

    private static func execute(_ sql: String, settings: PostgresSettings) async throws {
        let configuration = PostgresConnection.Configuration(
            host: settings.host, port: settings.port, username: settings.username, password: settings.password,
            database: settings.database, tls: .disable)
        let connection = try await PostgresConnection.connect(
            configuration: configuration, id: 1, logger: Logger(label: "test-admin") { _ in SwiftLogNoOpLogHandler() })
        defer { Task { try? await connection.close() } }
        try await connection.query(
            PostgresQuery(unsafeSQL: sql), logger: Logger(label: "test-admin") { _ in SwiftLogNoOpLogHandler() })
    }
}

/// SPORTELLO_REQUIRE_POSTGRES=1 but no server URL was given.
public struct MissingPostgres: Error, CustomStringConvertible {
    public var description: String { "SPORTELLO_TEST_POSTGRES_URL is not set; run the tests with scripts/test" }
}

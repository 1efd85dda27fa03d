import Foundation

/// Which database to use, read from one URL setting.
public enum DatabaseLocation: Equatable, Sendable {
    /// An SQLite file; its folder is created when missing.
    case sqliteFile(path: String)
    /// A private in-memory SQLite database (tests).
    case sqliteMemory
    case postgres(PostgresSettings)

    /// Parses `sqlite:///abs/path.sqlite`, `sqlite:relative/path.sqlite`, `sqlite::memory:`
    /// or `postgres://user:password@host:port/database?sslmode=disable|prefer|require`.
    public init(url: String) throws(DatabaseLocationError) {
        if url == "sqlite::memory:" {
            self = .sqliteMemory
        } else if url.hasPrefix("sqlite://") {
            self = .sqliteFile(path: String(url.dropFirst("sqlite://".count)))
        } else if url.hasPrefix("sqlite:") {
            self = .sqliteFile(path: String(url.dropFirst("sqlite:".count)))
        } else if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            guard let components = URLComponents(string: url), let host = components.host,
                let user = components.user, !user.isEmpty
            else { throw DatabaseLocationError(url: url) }
            let database = String(components.path.drop { $0 == "/" })
            let sslMode = components.queryItems?.first { $0.name == "sslmode" }?.value ?? "disable"
            guard let tls = PostgresSettings.TLSMode(rawValue: sslMode) else { throw DatabaseLocationError(url: url) }
            self = .postgres(
                PostgresSettings(
                    host: host, port: components.port ?? 5432, username: user.removingPercentEncoding ?? user,
                    password: components.password?.removingPercentEncoding,
                    database: database.isEmpty ? user : database, tls: tls))
        } else {
            throw DatabaseLocationError(url: url)
        }
    }

    public var dialectName: String {
        switch self {
        case .sqliteFile, .sqliteMemory: "sqlite"
        case .postgres: "postgres"
        }
    }

    /// The URL with the password hidden, for logs.
    public var redactedDescription: String {
        switch self {
        case .sqliteFile(let path): "sqlite:\(path)"
        case .sqliteMemory: "sqlite::memory:"
        case .postgres(let settings): "postgres://\(settings.username)@\(settings.host):\(settings.port)/\(settings.database)"
        }
    }
}

/// Connection settings of a PostgreSQL server.
public struct PostgresSettings: Equatable, Sendable {
    public enum TLSMode: String, Sendable { case disable, prefer, require }
    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode
}

/// The database URL could not be understood.
public struct DatabaseLocationError: Error, CustomStringConvertible {
    public let url: String
    public var description: String {
        "database URL not understood (expected sqlite:PATH or postgres://user:password@host:port/db): \(url.prefix(12))…"
    }
}

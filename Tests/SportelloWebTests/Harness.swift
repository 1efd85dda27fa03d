import Configuration
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import SportelloCore
import SportelloStorage
import SportelloTestSupport
import SportelloWeb
import Synchronization
import Testing

/// Log lines written by the application under test, so tests can check that refusals are logged.
final class LogCapture: Sendable {
    let lines = Mutex<[String]>([])

    var logger: Logger {
        var logger = Logger(label: "sportello-test") { _ in CapturingHandler(capture: self) }
        logger.logLevel = .info
        return logger
    }

    func contains(_ text: String) -> Bool {
        lines.withLock { $0.contains { $0.contains(text) } }
    }

    struct CapturingHandler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            let line = "\(event.level) \(event.message) " + all.map { "\($0)=\($1)" }.sorted().joined(separator: " ")
            capture.lines.withLock { $0.append(line) }
        }
    }
}

/// A running application on a fresh database, reached over real HTTP.
struct TestSite {
    let port: Int
    let logs: LogCapture
    let clock: TestClock
    let databaseURL: String
    /// Where this run keeps attached documents (a fresh temporary folder).
    let attachmentsDirectory: URL

    /// A new browser with an empty cookie jar, talking to `host`.
    func browser(host: String = "localhost") -> TestBrowser {
        TestBrowser(port: port, host: host)
    }

    /// Builds and starts the app in demo mode (test provider with in-process back channel), runs `body`, stops it.
    static func run(
        engine: TestEngine = .sqlite, settings: [AbsoluteConfigKey: ConfigValue] = [:],
        seed: (@Sendable (Storage) async throws -> Void)? = nil,
        _ body: @Sendable (TestSite) async throws -> Void
    ) async throws {
        let database = try await TestDatabase.make(engine)
        defer { Task { await database.remove() } }
        if let seed {
            let storage = try Storage(
                location: DatabaseLocation(url: database.url), logger: Logger(label: "seed") { _ in SwiftLogNoOpLogHandler() })
            let pool = Task { try await storage.runPoolForTests() }
            try await storage.migrate()
            try await seed(storage)
            pool.cancel()
            await storage.shutdown()
        }
        var values: [AbsoluteConfigKey: ConfigValue] = [
            "demo": true, "http.port": 0, "database.url": .init(.string(database.url), isSecret: false),
            "testProvider.backChannel": "inProcess", "testProvider.clientSecret": "test-secret",
            // Tests run side by side on one PostgreSQL server: a few connections each are enough.
            "database.connections": 4,
        ]
        let attachments = FileManager.default.temporaryDirectory.appendingPathComponent("sportello-files-\(UUID())")
        defer { try? FileManager.default.removeItem(at: attachments) }
        values["attachments.directory"] = .init(.string(attachments.path), isSecret: false)
        values.merge(settings) { $1 }
        let config = AppConfig(reader: ConfigReader(provider: InMemoryProvider(values: values)))
        let logs = LogCapture()
        let clock = TestClock(Date())
        let app = try await buildApplication(config: config, logger: logs.logger, clock: clock)
        try await app.test(.live) { client in
            try await body(
                TestSite(
                    port: client.port!, logs: logs, clock: clock, databaseURL: database.url, attachmentsDirectory: attachments))
        }
    }
}

/// A minimal browser: a cookie jar, form posts and redirects followed like a real one.
final class TestBrowser: @unchecked Sendable {
    let port: Int
    var host: String
    /// Cookies per host, as a browser keeps them (host-only cookies).
    var jar: [String: [String: String]] = [:]

    init(port: Int, host: String) {
        self.port = port
        self.host = host
    }

    struct Page {
        var status: Int
        var headers: HTTPFields
        var body: String
        var url: String

        var location: String? { headers[.location] }
        func header(_ name: String) -> String? { headers[HTTPField.Name(name)!] }
        func contains(_ text: String) -> Bool { body.contains(text) }

        /// The value of a hidden or text input named `name`.
        func inputValue(_ name: String) -> String? {
            guard let range = body.range(of: "name=\"\(name)\" value=\"") else { return nil }
            let rest = body[range.upperBound...]
            return rest.prefix { $0 != "\"" }.replacingOccurrences(of: "&amp;", with: "&")
        }

        /// Every hidden input, as the browser would post it.
        var hiddenFields: [(String, String)] {
            let pattern = /<input type="hidden" name="([^"]*)" value="([^"]*)">/
            return body.matches(of: pattern).map { (String($0.1), String($0.2).replacingOccurrences(of: "&amp;", with: "&")) }
        }
    }

    func cookie(_ name: String, host: String? = nil) -> String? {
        jar[host ?? self.host]?[name]
    }

    func setCookie(_ name: String, _ value: String, host: String? = nil) {
        jar[host ?? self.host, default: [:]][name] = value
    }

    @discardableResult
    func get(_ target: String, follow: Bool = true) async throws -> Page {
        try await send(.get, target, body: nil, follow: follow)
    }

    @discardableResult
    func post(_ target: String, form: [(String, String)], follow: Bool = true) async throws -> Page {
        let encoded = form.map { "\(Self.escape($0.0))=\(Self.escape($0.1))" }.joined(separator: "&")
        return try await send(.post, target, body: encoded, follow: follow)
    }

    /// Posts `form` plus the page's CSRF token.
    @discardableResult
    func submit(_ target: String, from page: Page, form: [(String, String)], follow: Bool = true) async throws -> Page {
        try await post(target, form: [("csrf_token", page.inputValue("csrf_token") ?? "")] + form, follow: follow)
    }

    /// A file as a browser posts it from a file input.
    struct UploadFile {
        var fileName: String
        var contentType: String = "application/octet-stream"
        var bytes: [UInt8]
    }

    /// Posts a multipart form as a browser does for a form with files: the CSRF token first,
    /// then the fields, then the files.
    @discardableResult
    func upload(
        _ target: String, from page: Page, form: [(String, String)], files: [(String, UploadFile)], follow: Bool = true,
        csrfFirst: Bool = true
    ) async throws -> Page {
        let boundary = "----SportelloTestBoundary\(UInt32.random(in: 0...UInt32.max))"
        var body: [UInt8] = []
        func append(_ text: String) { body.append(contentsOf: Array(text.utf8)) }
        let token = [("csrf_token", page.inputValue("csrf_token") ?? "")]
        for (name, value) in csrfFirst ? token + form : form + token {
            append("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        for (name, file) in files {
            append(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(file.fileName)\"\r\n"
                    + "Content-Type: \(file.contentType)\r\n\r\n")
            body.append(contentsOf: file.bytes)
            append("\r\n")
        }
        append("--\(boundary)--\r\n")
        return try await send(
            .post, target, body: ByteBuffer(bytes: body), contentType: "multipart/form-data; boundary=\(boundary)",
            follow: follow)
    }

    /// The bytes of a download.
    func download(_ target: String) async throws -> (page: Page, bytes: [UInt8]) {
        var raw: [UInt8] = []
        let page = try await send(.get, target, body: ByteBuffer?.none, contentType: nil, follow: false) { raw = $0 }
        return (page, raw)
    }

    private func send(_ method: HTTPRequest.Method, _ target: String, body: String?, follow: Bool) async throws -> Page {
        try await send(
            method, target, body: body.map { ByteBuffer(string: $0) },
            contentType: body == nil ? nil : "application/x-www-form-urlencoded", follow: follow)
    }

    private func send(
        _ method: HTTPRequest.Method, _ target: String, body: ByteBuffer?, contentType: String?, follow: Bool,
        bytes: ([UInt8]) -> Void = { _ in }
    ) async throws -> Page {
        var (requestHost, path) = Self.split(target, defaultHost: host)
        // Like a browser, never send the fragment.
        if let hash = path.firstIndex(of: "#") { path = String(path[..<hash]) }
        var method = method
        var body = body
        for _ in 0..<10 {
            var headers: HTTPFields = [.connection: "close"]
            if let cookies = jar[requestHost], !cookies.isEmpty {
                headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ")
            }
            if let contentType, body != nil { headers[.contentType] = contentType }
            let client = TestClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(30)))
            client.connect()
            let response = try await client.execute(
                TestClient.Request(
                    path, method: method, authority: requestHost, headers: headers, body: body))
            try await client.shutdown()
            for field in response.headers where field.name == .setCookie {
                let pair = field.value.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
                let name = String(pair[0])
                let value = pair.count > 1 ? String(pair[1]) : ""
                if value.isEmpty || field.value.contains("Max-Age=0") {
                    jar[requestHost]?[name] = nil
                } else {
                    jar[requestHost, default: [:]][name] = value
                }
            }
            bytes(response.body.map { Array($0.readableBytesView) } ?? [])
            let page = Page(
                status: response.status.code, headers: response.headers,
                body: response.body.map { String(buffer: $0) } ?? "", url: "http://\(requestHost)\(path)")
            guard follow, [301, 302, 303, 307].contains(page.status), let location = page.location else { return page }
            (requestHost, path) = Self.split(location, defaultHost: requestHost)
            if let hash = path.firstIndex(of: "#") { path = String(path[..<hash]) }
            if page.status == 303 { method = .get; body = nil }
        }
        throw RedirectLoop()
    }

    struct RedirectLoop: Error {}

    /// Splits an absolute or relative URL into the host to send and the path with query.
    static func split(_ target: String, defaultHost: String) -> (String, String) {
        guard target.hasPrefix("http"), let url = URLComponents(string: target), let host = url.host else {
            return (defaultHost, target)
        }
        let query = url.percentEncodedQuery.map { "?" + $0 } ?? ""
        return (host, url.percentEncodedPath + query)
    }

    static func escape(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// Signs in through the test provider as the citizen with `fiscalCode`, starting from `start`.
    @discardableResult
    func signInAsCitizen(
        _ fiscalCode: String = "RSSMRA85T10A562S", start: String = "/auth/login?next=/area-personale"
    ) async throws -> Page {
        let providerPage = try await get(start)
        #expect(providerPage.url.contains("/test-idp/authorize"), "expected the test provider page, got \(providerPage.url)")
        return try await post("/test-idp/authorize", form: providerPage.hiddenFields + [("citizen", fiscalCode)])
    }
}

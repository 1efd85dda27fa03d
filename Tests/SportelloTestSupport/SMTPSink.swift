public import Foundation
public import SportelloMail

/// A real SMTP server for the tests: `Tests/Support/smtp_sink.py` (aiosmtpd) started on a free loopback port,
/// writing what it receives to a temporary directory.
public final class SMTPSink: @unchecked Sendable {
    public struct Options {
        public init(
            startTLS: Bool = false, implicitTLS: Bool = false, credentials: (username: String, password: String)? = nil,
            mechanisms: [String] = ["PLAIN", "LOGIN"], rejected: [String] = [], deferred: [String] = [],
            idleTimeout: Double? = nil, withoutEHLO: Bool = false, closeAfterMessage: Bool = false
        ) {
            self.closeAfterMessage = closeAfterMessage
            self.startTLS = startTLS
            self.implicitTLS = implicitTLS
            self.credentials = credentials
            self.mechanisms = mechanisms
            self.rejected = rejected
            self.deferred = deferred
            self.idleTimeout = idleTimeout
            self.withoutEHLO = withoutEHLO
        }
        public var startTLS = false
        public var implicitTLS = false
        public var credentials: (username: String, password: String)?
        public var mechanisms: [String] = ["PLAIN", "LOGIN"]
        public var rejected: [String] = []
        public var deferred: [String] = []
        public var idleTimeout: Double?
        public var withoutEHLO = false
        /// The server ends each connection right after accepting a message (as one dropping an idle client).
        public var closeAfterMessage = false
    }

    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let script = repositoryRoot.appendingPathComponent("Tests/Support/smtp_sink.py").path
    static let reader = repositoryRoot.appendingPathComponent("Tests/Support/eml_to_json.py").path

    /// `SPORTELLO_PYTHON`, or the repository's `.venv` (scripts/test installs aiosmtpd there).
    static var python: String {
        ProcessInfo.processInfo.environment["SPORTELLO_PYTHON"] ?? repositoryRoot.appendingPathComponent(".venv/bin/python").path
    }

    public static let isInstalled: Bool = {
        (try? run(python, ["-c", "import aiosmtpd"]).status) == 0
    }()

    /// `SPORTELLO_REQUIRE_SMTP=1` (set by scripts/test) makes a missing aiosmtpd a failure instead of a skip.
    public static var isRequired: Bool { ProcessInfo.processInfo.environment["SPORTELLO_REQUIRE_SMTP"] == "1" }

    /// Whether the tests that need the server run.
    public static var isAvailable: Bool { isInstalled || isRequired }

    public let port: Int
    public let directory: URL
    private let process: Process
    private let input: Pipe

    /// The self-signed certificate of a TLS sink, to trust.
    public var caFile: String { directory.appendingPathComponent("tls/cert.pem").path }

    public init(_ options: Options = Options()) async throws {
        guard Self.isInstalled else {
            throw SinkError(message: "aiosmtpd is not importable by \(Self.python) (run scripts/test, or set SPORTELLO_PYTHON)")
        }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sportello-smtp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var arguments = [Self.script, "--dir", directory.appendingPathComponent("mail").path]
        arguments += ["--tls-dir", directory.appendingPathComponent("tls").path]
        if options.startTLS { arguments.append("--starttls") }
        if options.implicitTLS { arguments.append("--implicit-tls") }
        if let credentials = options.credentials { arguments += ["--auth", "\(credentials.username):\(credentials.password)"] }
        arguments += ["--mechanisms", options.mechanisms.joined(separator: ",")]
        for address in options.rejected { arguments += ["--reject", address] }
        for address in options.deferred { arguments += ["--defer", address] }
        if let idleTimeout = options.idleTimeout { arguments += ["--timeout", "\(idleTimeout)"] }
        if options.withoutEHLO { arguments.append("--no-ehlo") }
        if options.closeAfterMessage { arguments.append("--close-after-message") }

        process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = arguments
        input = Pipe()
        let output = Pipe()
        let log = directory.appendingPathComponent("sink.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardInput = input
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()

        // Read the port without blocking a thread of the test runner (other tests are timing connections).
        let line = await withCheckedContinuation { (continuation: CheckedContinuation<Data, Never>) in
            let collected = LockedData()
            output.fileHandleForReading.readabilityHandler = { handle in
                let chunk = handle.availableData
                if let line = collected.append(chunk, finished: chunk.isEmpty) {
                    handle.readabilityHandler = nil
                    continuation.resume(returning: line)
                }
            }
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw SinkError(message: "the SMTP sink did not start: \(text)")
        }
        self.port = port
    }

    deinit { stop() }

    /// Closes the sink's standard input, which makes it stop, and waits for it.
    public func stop() {
        guard process.isRunning else { return }
        try? input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(at: directory)
    }

    /// A configuration for this sink.
    public func configuration(
        security: SMTPConfiguration.Security = .none, username: String? = nil, password: String? = nil,
        trustingCertificate: Bool = true, connections: Int = 4
    ) -> SMTPConfiguration {
        SMTPConfiguration(
            host: "127.0.0.1", port: port, security: security, username: username, password: password,
            heloName: "sportello.test", caFile: trustingCertificate ? caFile : nil, connectTimeout: .seconds(5),
            replyTimeout: .seconds(20), maximumConnections: connections)
    }

    /// What arrived so far, in order, as a mail client reads it.
    public func received() async throws -> [ReceivedMail] {
        let result = try await Self.runInBackground(Self.python, [Self.reader, directory.appendingPathComponent("mail").path])
        guard result.status == 0 else {
            throw SinkError(message: "eml_to_json.py failed: \(String(decoding: result.output, as: UTF8.self))")
        }
        return try JSONDecoder().decode([ReceivedMail].self, from: result.output)
    }

    /// How many messages arrived so far (cheap, for polling).
    public func count() -> Int {
        let folder = directory.appendingPathComponent("mail")
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".eml") }.count
    }

    /// The raw bytes of each received message.
    public func rawMessages() throws -> [[UInt8]] {
        let folder = directory.appendingPathComponent("mail")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".eml") }.sorted().map {
            Array(try Data(contentsOf: folder.appendingPathComponent($0)))
        }
    }

    /// Runs a program without blocking a thread of the test runner: its output goes to a file, read when the
    /// program has ended.
    static func runInBackground(_ executable: String, _ arguments: [String]) async throws -> (status: Int32, output: Data) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sportello-smtp-\(UUID().uuidString).out")
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: file) }
        let handle = try FileHandle(forWritingTo: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = handle
        process.standardError = handle
        let status = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int32, any Error>) in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        try handle.close()
        return (status, try Data(contentsOf: file))
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, data)
    }
}

/// Bytes gathered from a pipe until a line is complete or the pipe ends.
private final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private var done = false

    /// The line once it is complete (or whatever came before the end), only once.
    func append(_ chunk: Data, finished: Bool) -> Data? {
        lock.lock()
        defer { lock.unlock() }
        guard !done else { return nil }
        data.append(chunk)
        if finished || data.contains(UInt8(ascii: "\n")) {
            done = true
            return data
        }
        return nil
    }
}

public struct SinkError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// A received message as Python's `email` package (policy=default) reads it.
public struct ReceivedMail: Decodable {
    public struct Mailbox: Decodable, Equatable {
        public var name: String
        public var address: String

        public init(name: String, address: String) {
            self.name = name
            self.address = address
        }
    }

    public struct Attachment: Decodable, Equatable {
        public var filename: String?
        public var contentType: String
        public var size: Int
        public var sha256: String

        public init(filename: String?, contentType: String, size: Int, sha256: String) {
            self.filename = filename
            self.contentType = contentType
            self.size = size
            self.sha256 = sha256
        }

        enum CodingKeys: String, CodingKey {
            case filename, size, sha256
            case contentType = "content_type"
        }
    }

    public struct Envelope: Decodable {
        public var mailFrom: String?
        public var rcptTos: [String]?
        public var clientPort: Int?
        public var tls: Bool?
        public var authenticated: Bool?

        enum CodingKeys: String, CodingKey {
            case tls, authenticated
            case mailFrom = "mail_from"
            case rcptTos = "rcpt_tos"
            case clientPort = "client_port"
        }
    }

    public var subject: String?
    public var from: [Mailbox]
    public var to: [Mailbox]
    public var cc: [Mailbox]
    public var replyTo: [Mailbox]
    public var messageID: String
    public var date: String
    public var headerNames: [String]
    public var headers: [String: String]
    public var contentType: String
    public var structure: [String]
    public var text: String?
    public var html: String?
    public var attachments: [Attachment]
    public var defects: [String]
    public var allCRLF: Bool
    public var maxLineLength: Int
    public var maxHeaderLineLength: Int
    public var envelope: Envelope

    enum CodingKeys: String, CodingKey {
        case subject, from, to, cc, date, headers, structure, text, html, attachments, defects, envelope
        case replyTo = "reply_to"
        case messageID = "message_id"
        case headerNames = "header_names"
        case contentType = "content_type"
        case allCRLF = "all_crlf"
        case maxLineLength = "max_line_length"
        case maxHeaderLineLength = "max_header_line_length"
    }
}

public import AsyncHTTPClient
public import Foundation
import NIOCore
import NIOHTTP1

/// An outgoing HTTP exchange, small enough to fake in tests and to log.
public struct TransportRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [(String, String)]
    public var body: Data?

    public init(method: String, url: String, headers: [(String, String)] = [], body: Data? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// A POST of `application/x-www-form-urlencoded` fields.
    public static func form(_ url: String, fields: [(String, String)]) -> TransportRequest {
        TransportRequest(
            method: "POST", url: url, headers: [("Content-Type", "application/x-www-form-urlencoded")],
            body: Data(FormEncoding.encode(fields).utf8))
    }
}

/// What came back.
public struct TransportResponse: Sendable {
    public var status: Int
    public var body: Data

    public init(status: Int, body: Data) {
        self.status = status
        self.body = body
    }
}

/// How adapters talk to outside systems.
public protocol HTTPTransport: Sendable {
    func send(_ request: TransportRequest) async throws -> TransportResponse
}

/// The real transport over AsyncHTTPClient, with a timeout and a response size cap.
public struct AsyncHTTPTransport: HTTPTransport {
    let client: HTTPClient
    let timeout: TimeAmount
    let maximumResponseSize: Int

    public init(client: HTTPClient, timeoutSeconds: Int64 = 10, maximumResponseSize: Int = 1 << 20) {
        self.client = client
        self.timeout = .seconds(timeoutSeconds)
        self.maximumResponseSize = maximumResponseSize
    }

    public func send(_ request: TransportRequest) async throws -> TransportResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        if let body = request.body { outgoing.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await client.execute(outgoing, timeout: timeout)
        let body = try await response.body.collect(upTo: maximumResponseSize)
        return TransportResponse(status: Int(response.status.code), body: Data(body.readableBytesView))
    }
}

/// application/x-www-form-urlencoded, as OAuth token endpoints expect.
public enum FormEncoding {
    private static let allowed: CharacterSet = {
        var set = CharacterSet.alphanumerics
        set.insert(charactersIn: "-._~")
        return set
    }()

    public static func encode(_ fields: [(String, String)]) -> String {
        fields.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }

    public static func escape(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    public static func decode(_ body: String) -> [(String, String)] {
        body.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func unescape(_ part: Substring) -> String {
                part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            return (unescape(parts[0]), parts.count > 1 ? unescape(parts[1]) : "")
        }
    }
}

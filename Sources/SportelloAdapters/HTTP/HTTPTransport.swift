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

    /// The first value of a header, whatever the case of its name.
    public func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }

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
    /// Only the few that adapters read (Location, Retry-After, Content-Type) matter; order is kept.
    public var headers: [(String, String)]

    public init(status: Int, body: Data, headers: [(String, String)] = []) {
        self.status = status
        self.body = body
        self.headers = headers
    }

    /// The first value of a header, whatever the case of its name.
    public func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
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
        return TransportResponse(
            status: Int(response.status.code), body: Data(body.readableBytesView),
            headers: response.headers.map { ($0.name, $0.value) })
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
        decode(bytes: Array(body.utf8))
    }

    /// Decodes in one pass over the bytes (every form post goes through here). `+` is a space,
    /// `%XX` a byte; a malformed escape is kept as typed; invalid UTF-8 becomes U+FFFD.
    public static func decode(bytes: [UInt8]) -> [(String, String)] {
        var pairs: [(String, String)] = []
        var key: [UInt8] = []
        var value: [UInt8] = []
        var inValue = false
        var index = 0
        func finish() {
            if !key.isEmpty || inValue || !value.isEmpty {
                pairs.append((String(decoding: key, as: UTF8.self), String(decoding: value, as: UTF8.self)))
            }
            key.removeAll(keepingCapacity: true)
            value.removeAll(keepingCapacity: true)
            inValue = false
        }
        while index < bytes.count {
            let byte = bytes[index]
            var decoded = byte
            switch byte {
            case UInt8(ascii: "&"):
                finish()
                index += 1
                continue
            case UInt8(ascii: "=") where !inValue:
                inValue = true
                index += 1
                continue
            case UInt8(ascii: "+"):
                decoded = UInt8(ascii: " ")
            case UInt8(ascii: "%"):
                if index + 2 < bytes.count, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                    decoded = high << 4 | low
                    index += 2
                }
            default:
                break
            }
            if inValue { value.append(decoded) } else { key.append(decoded) }
            index += 1
        }
        finish()
        return pairs
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

public import Foundation
import SportelloCore

/// An RFC 7807 problem (`application/problem+json`), the error body of App IO and of GPD.
public struct ProblemJSON: Codable, Equatable, Sendable, CustomStringConvertible {
    public var type: String?
    public var title: String?
    public var status: Int?
    public var detail: String?
    public var instance: String?

    public init(title: String?, status: Int?, detail: String?, type: String? = nil, instance: String? = nil) {
        self.title = title
        self.status = status
        self.detail = detail
        self.type = type
        self.instance = instance
    }

    /// The problem in a body, or one made of the start of the body when it is not a problem (an API gateway's own
    /// answer, an HTML error page), so an error always says what came back.
    public init(parsing body: Data, status: Int) {
        if let problem = try? JSONDecoder().decode(ProblemJSON.self, from: body),
            problem.title != nil || problem.detail != nil
        {
            self = problem
            if self.status == nil { self.status = status }
        } else {
            let text = String(decoding: body.prefix(300), as: UTF8.self)
            self.init(title: nil, status: status, detail: text.isEmpty ? nil : text)
        }
    }

    public var description: String {
        [title, detail].compactMap { $0 }.joined(separator: ": ")
    }
}

extension TransportResponse {
    /// A problem+json answer, as the simulators write them.
    public static func problem(_ status: Int, title: String, detail: String) -> TransportResponse {
        json(status, ProblemJSON(title: title, status: status, detail: detail), contentType: "application/problem+json")
    }

    /// A JSON answer with ISO 8601 dates.
    public static func json(
        _ status: Int, _ value: some Encodable, contentType: String = "application/json",
        headers: [(String, String)] = []
    ) -> TransportResponse {
        TransportResponse(
            status: status, body: (try? TimestampJSON.encoder.encode(value)) ?? Data(),
            headers: [("Content-Type", contentType)] + headers)
    }

    /// Passes a 2xx answer. 408, 429 and 5xx throw `unavailable(status, retryAfterSeconds)`: the service may
    /// answer later. Any other answer is a refusal that retrying cannot change, a ``PermanentDeliveryError``
    /// naming the call and the service's problem.
    func requireSuccess(
        _ service: String, doing action: @autoclosure () -> String, unavailable: (Int, Int?) -> any Error
    ) throws {
        switch status {
        case 200..<300:
            return
        case 408, 429, 500...:
            throw unavailable(status, retryAfterSeconds())
        default:
            let problem = ProblemJSON(parsing: body, status: status)
            throw PermanentDeliveryError("\(service) refused \(action()) (HTTP \(status)): \(problem)")
        }
    }

    /// Seconds to wait before trying again, from `Retry-After` (seconds or an HTTP date).
    public func retryAfterSeconds(now: Date = Date()) -> Int? {
        guard let value = header("Retry-After")?.trimmingCharacters(in: .whitespaces) else { return nil }
        if let seconds = Int(value) { return max(0, seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: value).map { max(0, Int($0.timeIntervalSince(now).rounded(.up))) }
    }
}

/// The answer of pagoPA's API gateway to a missing or unknown subscription key (App IO and GPD sit behind the
/// same kind of gateway), which is not a problem+json.
struct GatewayRefusal: Encodable {
    var statusCode: Int
    var message: String

    static let invalidKey = TransportResponse.json(
        401, GatewayRefusal(statusCode: 401, message: "Access denied due to invalid subscription key."))
}

/// The path segments and query of a request to a simulator, read from the segment that starts its API
/// (`api`, `organizations`), so the same simulator answers in process and mounted under any prefix of a web route.
public struct SimulatorRequestTarget: Sendable {
    public var segments: [String]
    public var query: [String: String]

    public init?(url: String, from marker: String) {
        guard let components = URLComponents(string: url) else { return nil }
        let all = components.path.split(separator: "/", omittingEmptySubsequences: true).map {
            String($0).removingPercentEncoding ?? String($0)
        }
        guard let start = all.firstIndex(of: marker) else { return nil }
        segments = Array(all[start...])
        query = Dictionary(
            (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { first, _ in first })
    }
}

import Foundation
import SportelloCore

/// The IO Services API, as one of a municipality's services (each service has its own key).
public protocol AppIOService: Sendable {
    /// The citizen's profile, or `nil` when the fiscal code is not an IO user.
    func profile(fiscalCode: String) async throws -> AppIOProfile?
    /// Submits a message. IO does not deduplicate: a caller that may retry keeps its own idempotency key.
    func submit(_ message: AppIONewMessage) async throws -> AppIOSubmission
    /// A submitted message and its processing status.
    func message(fiscalCode: String, id: String) async throws -> AppIOMessageDetails
}

/// The end of a ``AppIOService/deliver(_:)``: sent, or not sent because IO cannot reach the citizen from this
/// service, which is not a failure and must not be retried.
public enum AppIODelivery: Equatable, Sendable {
    case sent(AppIOSubmission)
    case skipped(AppIOSkipReason)
}

/// Why a message was not sent.
public enum AppIOSkipReason: String, Equatable, Sendable {
    /// No IO profile for the fiscal code.
    case notAnIOUser
    /// The citizen has blocked this service.
    case senderNotAllowed
}

extension AppIOService {
    /// The flow IO asks of every sender: the profile first, then the message only when the citizen is an IO user
    /// who has not blocked the service.
    public func deliver(_ message: AppIONewMessage) async throws -> AppIODelivery {
        try AppIOMessageRules.check(message)
        guard let profile = try await profile(fiscalCode: message.fiscalCode) else { return .skipped(.notAnIOUser) }
        guard profile.senderAllowed else { return .skipped(.senderNotAllowed) }
        return .sent(try await submit(message))
    }
}

/// IO could not answer now (429, 408, 5xx): try again later, not before `retryAfterSeconds` when IO said so.
/// Network failures and timeouts reach the caller as the transport's own errors, which are retried too; the
/// refusals that retrying cannot change (400, 401, 403, other 4xx) are ``PermanentDeliveryError``s.
public enum AppIOError: Error, Equatable {
    case unavailable(status: Int, retryAfterSeconds: Int?)
}

/// App IO over HTTP: `<baseURL>/api/v1/...` with the service's key in `Ocp-Apim-Subscription-Key`.
public struct HTTPAppIO: AppIOService {
    let transport: any HTTPTransport
    let baseURL: String
    let apiKey: String

    public init(transport: any HTTPTransport, baseURL: String, apiKey: String) {
        self.transport = transport
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
    }

    public func profile(fiscalCode: String) async throws -> AppIOProfile? {
        let response = try await call("POST", "/api/v1/profiles", body: ["fiscal_code": fiscalCode])
        if response.status == 404 { return nil }
        try response.requireSuccess("App IO", doing: "reading the profile", unavailable: AppIOError.unavailable)
        return try TimestampJSON.decoder.decode(AppIOProfile.self, from: response.body)
    }

    public func submit(_ message: AppIONewMessage) async throws -> AppIOSubmission {
        try AppIOMessageRules.check(message)
        let response = try await call("POST", "/api/v1/messages", body: message)
        try response.requireSuccess("App IO", doing: "submitting the message", unavailable: AppIOError.unavailable)
        struct Created: Decodable { var id: String }
        let created = try TimestampJSON.decoder.decode(Created.self, from: response.body)
        return AppIOSubmission(id: created.id, location: response.header("Location"))
    }

    public func message(fiscalCode: String, id: String) async throws -> AppIOMessageDetails {
        let path = "/api/v1/messages/\(FormEncoding.escape(fiscalCode))/\(FormEncoding.escape(id))"
        let response = try await call("GET", path, body: Optional<AppIONewMessage>.none)
        try response.requireSuccess("App IO", doing: "reading message \(id)", unavailable: AppIOError.unavailable)
        return try TimestampJSON.decoder.decode(AppIOMessageDetails.self, from: response.body)
    }

    private func call(_ method: String, _ path: String, body: (some Encodable)?) async throws -> TransportResponse {
        var headers = [("Ocp-Apim-Subscription-Key", apiKey), ("Accept", "application/json")]
        if body != nil { headers.append(("Content-Type", "application/json")) }
        return try await transport.send(
            TransportRequest(
                method: method, url: baseURL + path, headers: headers,
                body: try body.map { try TimestampJSON.encoder.encode($0) }))
    }
}

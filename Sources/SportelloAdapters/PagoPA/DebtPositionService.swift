import Foundation
public import SportelloCore

/// Which positions to list. Dates are days; a due-date range and a payment-date range exclude each other.
public struct GPDPositionQuery: Equatable, Sendable {
    /// From 0.
    public var page: Int
    /// At most 50.
    public var limit: Int
    public var dueDateFrom: LocalDate?
    public var dueDateTo: LocalDate?
    public var paymentDateFrom: LocalDate?
    public var paymentDateTo: LocalDate?
    public var status: GPDPositionStatus?

    public init(
        page: Int = 0, limit: Int = 50, dueDateFrom: LocalDate? = nil, dueDateTo: LocalDate? = nil,
        paymentDateFrom: LocalDate? = nil, paymentDateTo: LocalDate? = nil, status: GPDPositionStatus? = nil
    ) {
        self.page = page
        self.limit = limit
        self.dueDateFrom = dueDateFrom
        self.dueDateTo = dueDateTo
        self.paymentDateFrom = paymentDateFrom
        self.paymentDateTo = paymentDateTo
        self.status = status
    }

    var queryItems: [(String, String)] {
        var items = [("page", String(page)), ("limit", String(limit))]
        if let dueDateFrom { items.append(("due_date_from", dueDateFrom.iso)) }
        if let dueDateTo { items.append(("due_date_to", dueDateTo.iso)) }
        if let paymentDateFrom { items.append(("payment_date_from", paymentDateFrom.iso)) }
        if let paymentDateTo { items.append(("payment_date_to", paymentDateTo.iso)) }
        if let status { items.append(("status", status.rawValue)) }
        return items
    }
}

/// What a create came to: the position as GPD stored it, or a 409 because a position with the same IUPD (or an
/// option with the same IUV) already exists. A retried create sees the second: read the position back and go on.
public enum GPDCreation: Equatable, Sendable {
    case created(GPDPaymentPosition)
    case alreadyExists(ProblemJSON)
}

/// The debt positions of one creditor in pagoPA's GPD (Gestione Posizioni Debitorie).
public protocol DebtPositionService: Sendable {
    /// Creates a position, published at once when `publish` is true.
    func create(_ position: GPDPaymentPosition, publish: Bool) async throws -> GPDCreation
    /// The position, or `nil` when GPD does not know it.
    func position(iupd: String) async throws -> GPDPaymentPositionDetails?
    func positions(_ query: GPDPositionQuery) async throws -> GPDPositionPage
    /// Replaces a position that nobody has paid yet; it goes back to draft unless `publish` is true.
    func update(_ position: GPDPaymentPosition, publish: Bool) async throws -> GPDPaymentPosition
    func delete(iupd: String) async throws
    func publish(iupd: String) async throws -> GPDPaymentPosition
    /// Cancels a published position: it can no longer be paid.
    func invalidate(iupd: String) async throws -> GPDPaymentPosition
}

/// GPD could not answer now (408, 429, 5xx): try again later, not before `retryAfterSeconds` when it said so.
/// Network failures reach the caller as the transport's own errors and are retried too; refusals that retrying
/// cannot change (400, 401, 403, 404, 409 other than a duplicate create, 422) are ``PermanentDeliveryError``s
/// that name GPD's problem.
public enum GPDError: Error, Equatable {
    case unavailable(status: Int, retryAfterSeconds: Int?)
}

/// GPD over HTTP: `<baseURL>/organizations/{fiscal code}/debtpositions...` with the subscription key in
/// `Ocp-Apim-Subscription-Key`. One client per creditor (a broker's key may serve several).
public struct HTTPGPD: DebtPositionService {
    let transport: any HTTPTransport
    let baseURL: String
    let subscriptionKey: String
    let organizationFiscalCode: String

    public init(transport: any HTTPTransport, baseURL: String, subscriptionKey: String, organizationFiscalCode: String) {
        self.transport = transport
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.subscriptionKey = subscriptionKey
        self.organizationFiscalCode = organizationFiscalCode
    }

    public func create(_ position: GPDPaymentPosition, publish: Bool) async throws -> GPDCreation {
        let response = try await call("POST", "", query: [("toPublish", String(publish))], body: position)
        if response.status == 409 { return .alreadyExists(ProblemJSON(parsing: response.body, status: 409)) }
        try response.requireSuccess("GPD", doing: "creating position \(position.iupd)", unavailable: GPDError.unavailable)
        return .created(try TimestampJSON.decoder.decode(GPDPaymentPosition.self, from: response.body))
    }

    public func position(iupd: String) async throws -> GPDPaymentPositionDetails? {
        let response = try await call("GET", "/" + FormEncoding.escape(iupd))
        if response.status == 404 { return nil }
        try response.requireSuccess("GPD", doing: "reading position \(iupd)", unavailable: GPDError.unavailable)
        return try TimestampJSON.decoder.decode(GPDPaymentPositionDetails.self, from: response.body)
    }

    public func positions(_ query: GPDPositionQuery) async throws -> GPDPositionPage {
        let response = try await call("GET", "", query: query.queryItems)
        try response.requireSuccess("GPD", doing: "listing positions", unavailable: GPDError.unavailable)
        return try TimestampJSON.decoder.decode(GPDPositionPage.self, from: response.body)
    }

    public func update(_ position: GPDPaymentPosition, publish: Bool) async throws -> GPDPaymentPosition {
        let response = try await call(
            "PUT", "/" + FormEncoding.escape(position.iupd), query: [("toPublish", String(publish))], body: position)
        try response.requireSuccess("GPD", doing: "updating position \(position.iupd)", unavailable: GPDError.unavailable)
        return try TimestampJSON.decoder.decode(GPDPaymentPosition.self, from: response.body)
    }

    public func delete(iupd: String) async throws {
        let response = try await call("DELETE", "/" + FormEncoding.escape(iupd))
        try response.requireSuccess("GPD", doing: "deleting position \(iupd)", unavailable: GPDError.unavailable)
    }

    public func publish(iupd: String) async throws -> GPDPaymentPosition {
        try await action("publish", iupd: iupd)
    }

    public func invalidate(iupd: String) async throws -> GPDPaymentPosition {
        try await action("invalidate", iupd: iupd)
    }

    private func action(_ name: String, iupd: String) async throws -> GPDPaymentPosition {
        let response = try await call("POST", "/" + FormEncoding.escape(iupd) + "/" + name)
        try response.requireSuccess("GPD", doing: "\(name) position \(iupd)", unavailable: GPDError.unavailable)
        return try TimestampJSON.decoder.decode(GPDPaymentPosition.self, from: response.body)
    }

    private func call(
        _ method: String, _ path: String, query: [(String, String)] = [], body: GPDPaymentPosition? = nil
    ) async throws -> TransportResponse {
        var url = baseURL + "/organizations/" + FormEncoding.escape(organizationFiscalCode) + "/debtpositions" + path
        if !query.isEmpty { url += "?" + FormEncoding.encode(query) }
        var headers = [("Ocp-Apim-Subscription-Key", subscriptionKey), ("Accept", "application/json")]
        if body != nil { headers.append(("Content-Type", "application/json")) }
        return try await transport.send(
            TransportRequest(
                method: method, url: url, headers: headers, body: try body.map { try TimestampJSON.encoder.encode($0) }))
    }
}

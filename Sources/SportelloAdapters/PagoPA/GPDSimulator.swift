public import Foundation
import SportelloCore

/// The pagoPA simulator shipped with the product: GPD's debt positions API over ``TransportRequest``s with the
/// real wire format, and the payment side a checkout page needs (``pay(noticeNumber:organization:outcome:payer:paymentMethod:fee:)``
/// in GPDSimulatorPayments.swift). Positions are kept per organisation and follow GPD's state machine:
/// DRAFT → PUBLISHED → VALID (at the validity date) → PARTIALLY_PAID / PAID → REPORTED, or INVALID (invalidated),
/// or EXPIRED (after the last due date, when `switchToExpired`). Duplicate IUPDs and IUVs are 409, unknown
/// positions 404, invalid bodies 400, all as problem+json.
public actor GPDSimulator {
    struct Stored {
        var organization: String
        var position: GPDPaymentPosition
        var status: GPDPositionStatus
        var insertedDate: Date
        var publishDate: Date?
        var lastUpdatedDate: Date
        var paymentDate: Date?
    }

    /// The payment service provider that the checkout pretends to be.
    public struct PaymentProvider: Sendable {
        public var idPSP: String
        public var fiscalCode: String
        public var companyName: String
        public var idChannel: String
        public var channelDescription: String

        public init(idPSP: String, fiscalCode: String, companyName: String, idChannel: String, channelDescription: String) {
            self.idPSP = idPSP
            self.fiscalCode = fiscalCode
            self.companyName = companyName
            self.idChannel = idChannel
            self.channelDescription = channelDescription
        }

        public static let simulated = PaymentProvider(
            idPSP: "SIMPSP01", fiscalCode: "00000000000", companyName: "PSP simulato", idChannel: "SIMPSP01_01",
            channelDescription: "app")
    }

    /// organisation → IUPD → position
    var positions: [String: [String: Stored]] = [:]
    var failures: [Int] = []
    /// Every receipt produced, OK and KO, in order.
    public internal(set) var receipts: [PaSendRTReceipt] = []
    let subscriptionKey: String
    let provider: PaymentProvider
    let now: @Sendable () -> Date
    static let rome = TimeZone(identifier: "Europe/Rome")!

    public init(
        subscriptionKey: String, provider: PaymentProvider = .simulated, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.subscriptionKey = subscriptionKey
        self.provider = provider
        self.now = now
    }

    /// The next `count` calls answer `status` (429 or a 5xx).
    public func failNext(status: Int, count: Int = 1) {
        failures.append(contentsOf: Array(repeating: status, count: count))
    }

    /// The position's state now: published positions become valid at their validity date, and positions that
    /// may expire do so once every due date has passed with nothing paid.
    func current(_ stored: Stored) -> Stored {
        var stored = stored
        let date = now()
        if stored.status == .published, stored.position.validityDate.map({ $0 <= date }) ?? true {
            stored.status = .valid
        }
        if stored.status == .valid || stored.status == .published, stored.position.switchToExpired,
            let last = stored.position.paymentOption.map(\.dueDate).max(), last < date
        {
            stored.status = .expired
        }
        stored.position.status = stored.status
        return stored
    }

    func stored(_ organization: String, _ iupd: String) -> Stored? {
        positions[organization]?[iupd].map(current)
    }

    /// A position as GPD reads it back.
    public func position(organization: String, iupd: String) -> GPDPaymentPositionDetails? {
        stored(organization, iupd).map(Self.details)
    }

    static func details(_ stored: Stored) -> GPDPaymentPositionDetails {
        GPDPaymentPositionDetails(
            iupd: stored.position.iupd, organizationFiscalCode: stored.organization, type: stored.position.type,
            companyName: stored.position.companyName, officeName: stored.position.officeName,
            insertedDate: stored.insertedDate, publishDate: stored.publishDate, validityDate: stored.position.validityDate,
            paymentDate: stored.paymentDate, status: stored.status, lastUpdatedDate: stored.lastUpdatedDate,
            paymentOption: stored.position.paymentOption)
    }

    // MARK: HTTP

    /// The HTTP exchange, so the in-process transport and a web route share it.
    public func handle(_ request: TransportRequest) -> TransportResponse {
        guard request.header("Ocp-Apim-Subscription-Key") == subscriptionKey else {
            return GatewayRefusal.invalidKey
        }
        if !failures.isEmpty {
            let status = failures.removeFirst()
            return .problem(status, title: status == 429 ? "Too many requests" : "Service unavailable", detail: "simulated")
        }
        guard let target = SimulatorRequestTarget(url: request.url, from: "organizations"), target.segments.count >= 3,
            target.segments[2] == "debtpositions"
        else { return .problem(404, title: "Not found", detail: request.url) }
        let organization = target.segments[1]
        let rest = Array(target.segments.dropFirst(3))
        let toPublish = target.query["toPublish"] == "true"
        switch (request.method, rest.count) {
        case ("POST", 0): return create(request.body, organization: organization, publish: toPublish)
        case ("GET", 0): return list(organization: organization, query: target.query)
        case ("GET", 1): return read(organization: organization, iupd: rest[0])
        case ("PUT", 1): return update(request.body, organization: organization, iupd: rest[0], publish: toPublish)
        case ("DELETE", 1): return delete(organization: organization, iupd: rest[0])
        case ("POST", 2) where rest[1] == "publish": return publish(organization: organization, iupd: rest[0])
        case ("POST", 2) where rest[1] == "invalidate": return invalidate(organization: organization, iupd: rest[0])
        default: return .problem(404, title: "Not found", detail: request.method + " " + request.url)
        }
    }

    /// An answer that ends a request early.
    struct Refusal: Error {
        var response: TransportResponse
    }

    private func decode(_ body: Data?) throws(Refusal) -> GPDPaymentPosition {
        guard let body, let position = try? TimestampJSON.decoder.decode(GPDPaymentPosition.self, from: body) else {
            throw Refusal(response: .problem(400, title: "BAD REQUEST", detail: "the body is not a PaymentPositionModel"))
        }
        let problems = Self.problems(in: position)
        guard problems.isEmpty else {
            throw Refusal(response: .problem(400, title: "BAD REQUEST", detail: problems.joined(separator: "; ")))
        }
        return position
    }

    private func create(_ body: Data?, organization: String, publish: Bool) -> TransportResponse {
        let position: GPDPaymentPosition
        do { position = try decode(body) } catch { return error.response }
        if positions[organization]?[position.iupd] != nil {
            return .problem(409, title: "CONFLICT", detail: "debt position \(position.iupd) already exists")
        }
        if let iuv = takenIUV(in: position, organization: organization) {
            return .problem(409, title: "CONFLICT", detail: "IUV \(iuv) belongs to another debt position")
        }
        let date = now()
        var stored = Stored(
            organization: organization, position: Self.normalized(position), status: .draft, insertedDate: date,
            lastUpdatedDate: date)
        if publish {
            stored.status = .published
            stored.publishDate = date
        }
        positions[organization, default: [:]][position.iupd] = stored
        return .json(201, current(stored).position)
    }

    private func read(organization: String, iupd: String) -> TransportResponse {
        guard let stored = stored(organization, iupd) else { return Self.notFound(iupd) }
        return .json(200, Self.details(stored))
    }

    private func list(organization: String, query: [String: String]) -> TransportResponse {
        let page = query["page"].map { Int($0) } ?? 0
        let limit = query["limit"].map { Int($0) } ?? 10
        guard let page, let limit, page >= 0, (1...50).contains(limit) else {
            return .problem(400, title: "BAD REQUEST", detail: "page must be 0 or more and limit 1 to 50")
        }
        let dueDates = DayFilter(query["due_date_from"], query["due_date_to"])
        let paymentDates = DayFilter(query["payment_date_from"], query["payment_date_to"])
        if dueDates == .malformed || paymentDates == .malformed {
            return .problem(400, title: "BAD REQUEST", detail: "dates are yyyy-MM-dd, the first not after the second")
        }
        if dueDates != .none && paymentDates != .none {
            return .problem(400, title: "BAD REQUEST", detail: "the due dates and the payment dates exclude each other")
        }
        let status = query["status"].flatMap(GPDPositionStatus.init(rawValue:))
        if query["status"] != nil && status == nil { return .problem(400, title: "BAD REQUEST", detail: "unknown status") }
        let matching = (positions[organization] ?? [:]).values.map(current).filter { stored in
            (status == nil || stored.status == status)
                && dueDates.admits(stored.position.paymentOption.map { LocalDate($0.dueDate, in: Self.rome) })
                && paymentDates.admits(stored.paymentDate.map { [LocalDate($0, in: Self.rome)] } ?? [])
        }
        .sorted { ($0.insertedDate, $0.position.iupd) > ($1.insertedDate, $1.position.iupd) }
        let pageItems = matching.dropFirst(page * limit).prefix(limit)
        return .json(
            200,
            GPDPositionPage(
                positions: pageItems.map(Self.details),
                pageInfo: .init(
                    page: page, limit: limit, itemsFound: pageItems.count,
                    totalPages: (matching.count + limit - 1) / limit)))
    }

    private func update(_ body: Data?, organization: String, iupd: String, publish: Bool) -> TransportResponse {
        guard let existing = stored(organization, iupd) else { return Self.notFound(iupd) }
        let position: GPDPaymentPosition
        do { position = try decode(body) } catch { return error.response }
        guard position.iupd == iupd else {
            return .problem(400, title: "BAD REQUEST", detail: "the body's iupd differs from the path's")
        }
        guard [.draft, .published, .valid].contains(existing.status) else {
            return .problem(
                409, title: "CONFLICT", detail: "existing related payment found or position \(existing.status.rawValue)")
        }
        if let iuv = takenIUV(in: position, organization: organization) {
            return .problem(409, title: "CONFLICT", detail: "IUV \(iuv) belongs to another debt position")
        }
        let date = now()
        var stored = existing
        stored.position = Self.normalized(position)
        stored.lastUpdatedDate = date
        stored.status = publish ? .published : .draft
        stored.publishDate = publish ? date : nil
        positions[organization]?[iupd] = stored
        return .json(200, current(stored).position)
    }

    private func delete(organization: String, iupd: String) -> TransportResponse {
        guard let existing = stored(organization, iupd) else { return Self.notFound(iupd) }
        guard ![.partiallyPaid, .paid, .reported].contains(existing.status) else {
            return .problem(409, title: "CONFLICT", detail: "existing related payment found")
        }
        positions[organization]?[iupd] = nil
        return .json(200, "OK")
    }

    private func publish(organization: String, iupd: String) -> TransportResponse {
        transition(organization: organization, iupd: iupd, from: [.draft], action: "publishable") { stored, date in
            stored.status = .published
            stored.publishDate = date
        }
    }

    private func invalidate(organization: String, iupd: String) -> TransportResponse {
        transition(organization: organization, iupd: iupd, from: [.published, .valid], action: "invalidable") {
            stored, _ in stored.status = .invalid
        }
    }

    private func transition(
        organization: String, iupd: String, from allowed: Set<GPDPositionStatus>, action: String,
        _ change: (inout Stored, Date) -> Void
    ) -> TransportResponse {
        guard var stored = stored(organization, iupd) else { return Self.notFound(iupd) }
        guard allowed.contains(stored.status) else {
            return .problem(
                409, title: "CONFLICT", detail: "debt position is not in \(action) state (\(stored.status.rawValue))")
        }
        let date = now()
        change(&stored, date)
        stored.lastUpdatedDate = date
        positions[organization]?[iupd] = stored
        return .json(200, current(stored).position)
    }

    private static func notFound(_ iupd: String) -> TransportResponse {
        .problem(404, title: "NOT FOUND", detail: "no debt position \(iupd)")
    }

    /// An IUV of the position that another position of the organisation already uses.
    private func takenIUV(in position: GPDPaymentPosition, organization: String) -> String? {
        let others = (positions[organization] ?? [:]).values.filter { $0.position.iupd != position.iupd }
        let taken = Set(others.flatMap { $0.position.paymentOption.map(\.iuv) })
        return position.paymentOption.map(\.iuv).first(where: taken.contains)
    }

    /// The position as stored: notice numbers derived from IUVs (aux digit 3), options unpaid, transfers unreported.
    private static func normalized(_ position: GPDPaymentPosition) -> GPDPaymentPosition {
        var position = position
        for index in position.paymentOption.indices {
            position.paymentOption[index].nav = position.paymentOption[index].nav ?? "3" + position.paymentOption[index].iuv
            position.paymentOption[index].status = .unpaid
            for transfer in position.paymentOption[index].transfer.indices {
                position.paymentOption[index].transfer[transfer].status = .unreported
            }
        }
        return position
    }

    /// Every rule of GPD's input checks that the body breaks.
    static func problems(in position: GPDPaymentPosition) -> [String] {
        var problems: [String] = []
        if position.iupd.isEmpty { problems.append("iupd is required") }
        if position.fiscalCode.isEmpty || position.fullName.isEmpty { problems.append("the debtor is required") }
        if position.companyName.isEmpty || position.companyName.count > 140 { problems.append("companyName is 1 to 140") }
        if position.paymentOption.isEmpty { problems.append("at least one paymentOption is required") }
        if Set(position.paymentOption.map(\.iuv)).count != position.paymentOption.count {
            problems.append("an IUV appears twice")
        }
        for option in position.paymentOption {
            let name = "paymentOption \(option.iuv)"
            if option.iuv.count != 17 || !option.iuv.allSatisfy(\.isASCIIDigit) { problems.append("\(name): IUV is 17 digits") }
            if let nav = option.nav, nav.count != 18 || !nav.hasSuffix(option.iuv) {
                problems.append("\(name): nav is the aux digit and the IUV")
            }
            if option.amount <= 0 { problems.append("\(name): amount must be positive") }
            if option.description.count > 140 { problems.append("\(name): description is at most 140") }
            if let validity = position.validityDate, option.dueDate < validity {
                problems.append("\(name): dueDate is before validityDate")
            }
            if !(1...5).contains(option.transfer.count) { problems.append("\(name): 1 to 5 transfers") }
            let ids = option.transfer.map(\.idTransfer)
            if Set(ids).count != ids.count || !ids.allSatisfy(["1", "2", "3", "4", "5"].contains) {
                problems.append("\(name): idTransfer values are distinct, \"1\" to \"5\"")
            }
            if option.transfer.map(\.amount).reduce(0, +) != option.amount {
                problems.append("\(name): the transfers do not add up to the amount")
            }
            for transfer in option.transfer {
                if transfer.amount <= 0 { problems.append("\(name): transfer \(transfer.idTransfer) amount must be positive") }
                if transfer.remittanceInformation.isEmpty || transfer.remittanceInformation.count > 140 {
                    problems.append("\(name): transfer \(transfer.idTransfer) remittanceInformation is 1 to 140")
                }
                if (transfer.iban != nil || transfer.postalIban != nil) == (transfer.stamp != nil) {
                    problems.append("\(name): transfer \(transfer.idTransfer) has an IBAN or a stamp, not both")
                }
            }
        }
        return problems
    }

    /// A transport that hands requests straight to the simulator (tests and the demo's back channel).
    public nonisolated func loopbackTransport() -> any HTTPTransport { GPDLoopback(simulator: self) }
}

/// A list filter on days; one end alone reaches 30 days the other way, as GPD does.
enum DayFilter: Equatable {
    case none
    case days(ClosedRange<LocalDate>)
    case malformed

    init(_ from: String?, _ to: String?) {
        let start = from.map { LocalDate(iso: $0) }
        let end = to.map { LocalDate(iso: $0) }
        switch (start, end) {
        case (nil, nil): self = .none
        case (let start??, let end??): self = start <= end ? .days(start...end) : .malformed
        case (let start??, nil): self = start.adding(days: 30).map { .days(start...$0) } ?? .malformed
        case (nil, let end??): self = end.adding(days: -30).map { .days($0...end) } ?? .malformed
        default: self = .malformed
        }
    }

    /// No filter admits anything; a range admits when one of the days falls in it.
    func admits(_ days: [LocalDate]) -> Bool {
        switch self {
        case .none: true
        case .days(let range): days.contains(where: range.contains)
        case .malformed: false
        }
    }
}

struct GPDLoopback: HTTPTransport {
    let simulator: GPDSimulator
    func send(_ request: TransportRequest) async throws -> TransportResponse { await simulator.handle(request) }
}

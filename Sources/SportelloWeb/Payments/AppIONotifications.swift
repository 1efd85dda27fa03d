import Foundation
import SportelloAdapters
import SportelloCore

/// Messages to citizens on the App IO, from the outbox: a payment due (with its payment data, so the app can pay it)
/// on the municipality's "pagamenti" service, news of a filing on its "domande" service. The profile is checked first:
/// a citizen who does not use IO, or who blocked the service, is skipped (not an error); 429/5xx are tried again.
/// Each message sent is followed by a status poll (`AppIOStatusPoll`).
struct AppIONotifications: OutboxHandler {
    let endpoints: [String: AppIOEndpoint]
    let outbox: any OutboxStore
    let clock: any Clock

    enum Service: String, Codable {
        case filings = "domande"
        case payments = "pagamenti"
    }

    struct Payload: Codable, Equatable {
        var tenantSlug: String
        var service: Service
        var message: AppIONewMessage
    }

    static let kind = "io.message"

    static func job(
        tenantID: Tenant.ID, tenantSlug: String, service: Service, key: String, message: AppIONewMessage
    )
        throws -> NewOutboxJob
    {
        NewOutboxJob(
            tenantID: tenantID, kind: kind, key: "\(kind):\(key)",
            payload: String(
                decoding: try JSONEncoder().encode(Payload(tenantSlug: tenantSlug, service: service, message: message)),
                as: UTF8.self))
    }

    func deliver(_ job: OutboxJob) async throws {
        let payload = try JSONDecoder().decode(Payload.self, from: Data(job.payload.utf8))
        guard let endpoint = endpoints[payload.tenantSlug] else {
            throw PermanentDeliveryError("no App IO configured for \(payload.tenantSlug)")
        }
        let delivery = try await endpoint.service(payload.service).deliver(payload.message)
        try await AppIOStatusPoll.follow(
            delivery, of: payload.message, tenantID: job.tenantID, tenantSlug: payload.tenantSlug, service: payload.service,
            outbox: outbox, at: clock.now)
    }

    /// The IO message of a payment due: what, how much, by when, the notice number, and the payment data.
    static func paymentDue(
        _ position: DebtPosition, option: PaymentOption, municipality: String, t: Texts
    ) throws -> AppIONewMessage {
        let due = DateDisplay.shared(t.language, dateStyle: .long, timeStyle: .none)
            .string(from: option.dueDate.start(in: DateDisplay.timeZone).addingTimeInterval(43_200))
        return try AppIONewMessage.validated(
            fiscalCode: position.debtor.identifier.value,
            subject: t("io.payment.subject", ["municipality": String(municipality.prefix(60))]),
            markdown: t(
                "io.payment.body",
                [
                    "municipality": municipality, "reason": option.description, "amount": option.amount.formatted,
                    "date": due, "notice": option.noticeNumber.formatted,
                ]),
            dueDate: option.dueDate.start(in: DateDisplay.timeZone).addingTimeInterval(86_399),
            paymentData: AppIOPaymentData(
                amount: Int(option.amount.cents), noticeNumber: option.noticeNumber.value,
                payee: AppIOPayee(fiscalCode: position.creditorFiscalCode.value)))
    }

    /// The IO message of a registered filing: the protocol number and date, where the documents are.
    static func filingReceipt(
        fiscalCode: String, filingCode: String, procedureTitle: String, registration: FilingRegistration,
        municipality: String, t: Texts
    ) throws -> AppIONewMessage {
        try AppIONewMessage.validated(
            fiscalCode: fiscalCode, subject: t("io.receipt.subject", ["code": filingCode]),
            markdown: t(
                "io.receipt.body",
                [
                    "municipality": municipality, "title": procedureTitle, "code": filingCode,
                    "number": registration.reference, "date": StampFormat.dateTime(registration.registeredAt),
                    "path": "/area-personale",
                ]))
    }

    /// The IO message that tells a citizen the municipality wrote about a filing (the text stays in the personal area).
    static func filingMessage(
        _ message: CitizenMessage, filingCode: String, municipality: String, t: Texts
    ) throws -> AppIONewMessage {
        try AppIONewMessage.validated(
            fiscalCode: message.recipient, subject: t("io.filing.subject", ["code": filingCode]),
            markdown: t(
                "io.filing.body",
                ["municipality": municipality, "code": filingCode, "subject": message.subject, "path": "/area-personale"]))
    }
}

/// Where a municipality's App IO services are (`tenants.<slug>.appio.baseURL`, `.filingsKey`, `.paymentsKey`); the URL
/// `simulator` is the demo's built-in IO simulator.
struct AppIOEndpoint: Sendable {
    var transport: any HTTPTransport
    var baseURL: String
    var filingsKey: String
    var paymentsKey: String

    func service(_ service: AppIONotifications.Service) -> any AppIOService {
        HTTPAppIO(
            transport: transport, baseURL: baseURL, apiKey: service == .filings ? filingsKey : paymentsKey)
    }

    static func make(config: AppConfig, transport: any HTTPTransport, simulator: AppIOSimulator?) -> [String: AppIOEndpoint] {
        var endpoints: [String: AppIOEndpoint] = [:]
        for (slug, settings) in config.appIO {
            if settings.baseURL == "simulator" {
                guard let simulator else { continue }
                endpoints[slug] = AppIOEndpoint(
                    transport: simulator.loopbackTransport(), baseURL: "http://io.simulator",
                    filingsKey: config.appIOSimulatorKeys.filings, paymentsKey: config.appIOSimulatorKeys.payments)
            } else {
                endpoints[slug] = AppIOEndpoint(
                    transport: transport, baseURL: settings.baseURL, filingsKey: settings.filingsKey,
                    paymentsKey: settings.paymentsKey)
            }
        }
        return endpoints
    }
}

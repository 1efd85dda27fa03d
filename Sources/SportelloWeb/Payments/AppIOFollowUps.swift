import Foundation
import SportelloAdapters
import SportelloCore

/// Tells a citizen on the App IO that their filing was registered, from the outbox: the job is written in the act that
/// registers the filing (like the e-mails), and the message is composed when it is delivered, from the registration.
struct FilingReceiptIO: OutboxHandler {
    let endpoints: [String: AppIOEndpoint]
    let filings: any FilingRepository
    let tenants: any TenantRepository
    let outbox: any OutboxStore
    let localizer: Localizer
    let clock: any Clock

    static let kind = "io.filing-receipt"

    struct Payload: Codable, Equatable {
        var filingID: UUID
        var owner: String
        var tenantSlug: String
        var procedureTitle: String
        var language: String
    }

    static func job(_ filing: Filing, tenantSlug: String, procedureTitle: String, language: String) throws -> NewOutboxJob {
        let payload = Payload(
            filingID: filing.id, owner: filing.owner.value, tenantSlug: tenantSlug, procedureTitle: procedureTitle,
            language: language)
        return NewOutboxJob(
            tenantID: filing.tenantID, kind: kind, key: "\(kind):\(filing.id)",
            payload: String(decoding: try JSONEncoder().encode(payload), as: UTF8.self))
    }

    func deliver(_ job: OutboxJob) async throws {
        let payload = try JSONDecoder().decode(Payload.self, from: Data(job.payload.utf8))
        guard let endpoint = endpoints[payload.tenantSlug] else {
            throw PermanentDeliveryError("no App IO configured for \(payload.tenantSlug)")
        }
        let owner = try CodiceFiscale(stored: payload.owner)
        guard let filing = try await filings.find(id: payload.filingID, owner: owner, tenantID: job.tenantID),
            let tenant = try await tenants.find(id: job.tenantID)
        else { throw PermanentDeliveryError("filing \(payload.filingID) not found") }
        guard let registration = filing.registration else { throw NotYetQueued() }
        let message = try AppIONotifications.filingReceipt(
            fiscalCode: owner.value, filingCode: filing.displayCode, procedureTitle: payload.procedureTitle,
            registration: registration, municipality: tenant.name,
            t: Texts(localizer: localizer, language: Language(rawValue: payload.language) ?? .italian))
        let delivery = try await endpoint.service(.filings).deliver(message)
        try await AppIOStatusPoll.follow(
            delivery, of: message, tenantID: job.tenantID, tenantSlug: payload.tenantSlug, service: .filings, outbox: outbox,
            at: clock.now)
    }
}

/// Follows a message sent on the App IO until IO has processed it: IO accepts a message at once and delivers it
/// later, and may still reject it (a citizen who left IO meanwhile). A message not processed yet is polled again with
/// the outbox's back-off; a rejected or failed one ends as a dead job, visible to administrators with the reason.
struct AppIOStatusPoll: OutboxHandler {
    let endpoints: [String: AppIOEndpoint]

    static let kind = "io.status"
    /// IO usually processes a message within seconds: the first poll waits that long, later ones follow the outbox's
    /// back-off.
    static let firstPollDelay: TimeInterval = 10

    struct Payload: Codable, Equatable {
        var tenantSlug: String
        var service: AppIONotifications.Service
        var fiscalCode: String
        var messageID: String
    }

    /// Not processed yet: asked again later.
    struct NotProcessedYet: Error, CustomStringConvertible {
        let status: String
        var description: String { "IO message still \(status)" }
    }

    /// Queues the poll of a message just sent (nothing for a citizen IO could not reach).
    static func follow(
        _ delivery: AppIODelivery, of message: AppIONewMessage, tenantID: Tenant.ID, tenantSlug: String,
        service: AppIONotifications.Service, outbox: any OutboxStore, at date: Date
    ) async throws {
        guard case .sent(let submission) = delivery else { return }
        let payload = Payload(
            tenantSlug: tenantSlug, service: service, fiscalCode: message.fiscalCode, messageID: submission.id)
        try await outbox.enqueue(
            [
                NewOutboxJob(
                    tenantID: tenantID, kind: kind, key: "\(kind):\(tenantSlug):\(submission.id)",
                    payload: String(decoding: try JSONEncoder().encode(payload), as: UTF8.self),
                    notBefore: date.addingTimeInterval(firstPollDelay))
            ], at: date)
    }

    func deliver(_ job: OutboxJob) async throws {
        let payload = try JSONDecoder().decode(Payload.self, from: Data(job.payload.utf8))
        guard let endpoint = endpoints[payload.tenantSlug] else {
            throw PermanentDeliveryError("no App IO configured for \(payload.tenantSlug)")
        }
        let details = try await endpoint.service(payload.service).message(
            fiscalCode: payload.fiscalCode, id: payload.messageID)
        switch details.status {
        case .processed: return
        case .rejected, .failed:
            throw PermanentDeliveryError("IO did not deliver message \(payload.messageID): \(details.status!.rawValue)")
        case .accepted, .throttled, nil:
            throw NotProcessedYet(status: details.status?.rawValue ?? "without status")
        }
    }
}

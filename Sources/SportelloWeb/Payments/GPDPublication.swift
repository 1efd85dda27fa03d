import Foundation
import SportelloAdapters
import SportelloCore

/// Publishes a stored debt position on pagoPA's GPD, from the outbox: created and published in one call; a position GPD
/// already has (409, an earlier attempt whose answer was lost) counts as done. 429/5xx are tried again later. The same
/// handler cancels (invalidates) a position the office cancelled (`invalidateKind`); one GPD already shows as invalid
/// counts as done.
struct GPDPublication: OutboxHandler {
    let endpoints: [String: GPDEndpoint]
    let store: any DebtPositionStore
    let tenants: any TenantRepository

    struct Payload: Codable, Equatable {
        var iupd: String
        var tenantSlug: String
    }

    static let kind = "pagopa.gpd-publish"
    static let invalidateKind = "pagopa.gpd-invalidate"

    static func job(for position: DebtPosition, tenantSlug: String) throws -> NewOutboxJob {
        NewOutboxJob(
            tenantID: position.tenantID, kind: kind, key: "\(kind):\(position.tenantID):\(position.iupd)",
            payload: String(
                decoding: try JSONEncoder().encode(Payload(iupd: position.iupd, tenantSlug: tenantSlug)), as: UTF8.self))
    }

    static func invalidationJob(for position: DebtPosition, tenantSlug: String) throws -> NewOutboxJob {
        NewOutboxJob(
            tenantID: position.tenantID, kind: invalidateKind, key: "\(invalidateKind):\(position.tenantID):\(position.iupd)",
            payload: String(
                decoding: try JSONEncoder().encode(Payload(iupd: position.iupd, tenantSlug: tenantSlug)), as: UTF8.self))
    }

    func deliver(_ job: OutboxJob) async throws {
        let payload = try JSONDecoder().decode(Payload.self, from: Data(job.payload.utf8))
        guard let endpoint = endpoints[payload.tenantSlug], let tenant = try await tenants.find(id: job.tenantID) else {
            throw PermanentDeliveryError("no GPD configured for \(payload.tenantSlug)")
        }
        let service = endpoint.service(creditor: tenant.fiscalCode)
        if job.kind == Self.invalidateKind {
            if try await service.position(iupd: payload.iupd)?.status == .invalid { return }
            _ = try await service.invalidate(iupd: payload.iupd)
            return
        }
        guard let position = try await store.position(iupd: payload.iupd, tenantID: job.tenantID) else {
            throw PermanentDeliveryError("debt position \(payload.iupd) not found")
        }
        switch try await service.create(GPDPaymentPosition(position, timeZone: DateDisplay.timeZone), publish: true) {
        case .created, .alreadyExists: return
        }
    }
}

/// Where a municipality's GPD is (`tenants.<slug>.pagopa.gpdURL`, `.gpdKey`); the URL `simulator` is the demo's
/// built-in pagoPA simulator, reached in process.
struct GPDEndpoint: Sendable {
    var transport: any HTTPTransport
    var baseURL: String
    var key: String

    func service(creditor: CreditorFiscalCode) -> any DebtPositionService {
        HTTPGPD(transport: transport, baseURL: baseURL, subscriptionKey: key, organizationFiscalCode: creditor.value)
    }

    static func make(config: AppConfig, transport: any HTTPTransport, simulator: GPDSimulator?) -> [String: GPDEndpoint] {
        var endpoints: [String: GPDEndpoint] = [:]
        for (slug, settings) in config.payments {
            guard let url = settings.gpdURL else { continue }
            if url == "simulator" {
                guard let simulator else { continue }
                endpoints[slug] = GPDEndpoint(
                    transport: simulator.loopbackTransport(), baseURL: "http://gpd.simulator", key: config.gpdSimulatorKey)
            } else {
                endpoints[slug] = GPDEndpoint(transport: transport, baseURL: url, key: settings.gpdKey ?? "")
            }
        }
        return endpoints
    }
}

import Foundation
import SportelloAdapters
import SportelloCore

/// Receipts from the pagoPA node (`paSendRT`): the envelope read, the municipality found by its fiscal code, the
/// receipt checked and recorded against its position, the answer the node expects.
struct PagoPAReceipts: Sendable {
    let store: any PaymentReceiptStore
    let tenants: any TenantRepository
    let clock: any Clock

    func receive(envelope: Data) async throws -> PaSendRTResponse {
        let request: PaSendRTRequest
        do { request = try PaSendRTEnvelope.parseRequest(envelope) } catch {
            return .ko(PaFault(.systemError, faultString: "unreadable request", id: "unknown", detail: "\(error)"))
        }
        let receipt: PaymentReceipt
        do { receipt = try request.receipt.domainReceipt(timeZone: DateDisplay.timeZone) } catch {
            return .ko(PaFault(.systemError, faultString: "unreadable receipt", id: request.idPA, detail: error.detail))
        }
        guard request.idPA == receipt.creditorFiscalCode.value else {
            return .ko(PaFault(.wrongDomain, faultString: "idPA is not the receipt's creditor", id: request.idPA))
        }
        guard let tenant = try await tenants.all().first(where: { $0.fiscalCode == receipt.creditorFiscalCode }) else {
            return .ko(PaFault(.wrongDomain, faultString: "unknown creditor", id: request.idPA))
        }
        switch try await store.record(receipt, tenantID: tenant.id, at: clock.now) {
        case .recorded, .alreadyRecorded, .notPaid:
            return .ok
        case .duplicatePayment:
            return .ko(PaFault(.paymentDuplicated, faultString: "already paid", id: request.idPA))
        case .refused(let fault):
            return .ko(PaFault(PaFaultCode(rawValue: fault.rawValue), faultString: "refused", id: request.idPA))
        case .invalid:
            return .ko(PaFault(.systemError, faultString: "inconsistent receipt", id: request.idPA))
        }
    }
}

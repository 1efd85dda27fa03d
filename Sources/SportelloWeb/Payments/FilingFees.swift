import Foundation
import SportelloCore

/// The debt position of a confirmed filing's fee: an IUV reserved from the municipality's sequence (never given twice,
/// whatever happens next), the position built and published, and the job that publishes it on GPD.
struct FilingFees: Sendable {
    let positions: any DebtPositionStore
    let settings: [String: PaymentSettings]
    /// Municipalities that publish their positions on GPD (through the outbox).
    let publishing: Set<String>
    let clock: any Clock

    /// The municipality has no pagoPA settings: a procedure with a fee cannot be filed there.
    struct NotCollecting: Error, CustomStringConvertible {
        let tenant: String
        var description: String { "municipality \(tenant) has a procedure with a fee but no pagoPA settings" }
    }

    func pending(
        _ filing: Filing, amount: Money, fee: ProcedureFee, citizen: CitizenIdentity, tenant: Tenant, t: Texts,
        onPaid: NewOutboxJob
    ) async throws -> PendingPayment {
        guard let settings = settings[tenant.slug] else { throw NotCollecting(tenant: tenant.slug) }
        let sequence = try await positions.reserveSequence(1, segregationCode: settings.segregationCode, tenantID: tenant.id)
        let position = try FilingFee.position(
            filing: filing, amount: amount, reason: fee.reason.text(t.language.code), category: fee.category,
            dueDays: fee.dueDays ?? ProcedureFee.defaultDueDays,
            debtor: Debtor(
                identifier: try DebtorIdentifier(validating: citizen.fiscalCode.value), fullName: citizen.fullName,
                email: citizen.email),
            creditor: tenant.fiscalCode, companyName: tenant.name, settings: settings, sequenceNumber: sequence,
            today: LocalDate(clock.now, in: DateDisplay.timeZone))
        let jobs = publishing.contains(tenant.slug) ? [try GPDPublication.job(for: position, tenantSlug: tenant.slug)] : []
        return PendingPayment(filing: filing, position: position, jobs: jobs, onPaid: onPaid)
    }
}

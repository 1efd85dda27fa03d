import Foundation
import SportelloCore

/// Payments due created by an office, one typed in a form or many from a CSV file: IUV numbers reserved for every line
/// at once (never given twice, whatever fails), the file read with every error kept by line, the good positions
/// published and stored in one act. A file imported twice creates nothing the second time (positions are keyed by
/// their identifier). A position nobody paid yet can be cancelled, on GPD too.
struct PaymentImports: Sendable {
    let store: any DebtPositionStore
    let settings: [String: PaymentSettings]
    /// Municipalities that publish their positions on GPD (through the outbox).
    let publishing: Set<String>
    /// Municipalities that tell citizens of new payments due on the App IO.
    let notifyingOnIO: Set<String>
    let localizer: Localizer
    let clock: any Clock

    struct Outcome: Sendable {
        var result: DebtPositionImportResult
        var stored: StoredPositions
    }

    /// Whether the municipality collects through pagoPA here.
    func settings(for tenant: Tenant) -> PaymentSettings? { settings[tenant.slug] }

    func importCSV(_ data: Data, tenant: Tenant) async throws -> Outcome? {
        guard let settings = settings(for: tenant) else { return nil }
        // At most one option per line: reserving as many numbers as lines is enough.
        let lines = Int64(data.reduce(into: 0) { count, byte in if byte == 0x0A { count += 1 } } + 1)
        let first = try await store.reserveSequence(lines, segregationCode: settings.segregationCode, tenantID: tenant.id)
        return try await store(
            DebtPositionImport.read(data, settings: importSettings(settings, tenant: tenant, first: first)), tenant: tenant)
    }

    /// One position typed by an operator, checked as a line of a file would be; without an identifier it gets one.
    func create(_ entry: [DebtPositionImport.Column: String], tenant: Tenant) async throws -> Outcome? {
        guard let settings = settings(for: tenant) else { return nil }
        var entry = entry.filter { !$0.value.trimmingCharacters(in: .whitespaces).isEmpty }
        if entry[.positionID] == nil {
            entry[.positionID] = "POS-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16)
        }
        let first = try await store.reserveSequence(1, segregationCode: settings.segregationCode, tenantID: tenant.id)
        return try await store(
            DebtPositionImport.read(entry: entry, settings: importSettings(settings, tenant: tenant, first: first)),
            tenant: tenant)
    }

    /// Cancels a position nobody paid yet; pagoPA is told by the outbox.
    func invalidate(iupd: String, tenant: Tenant) async throws -> PositionInvalidation {
        let publishes = publishing.contains(tenant.slug)
        return try await store.invalidate(
            iupd: iupd, tenantID: tenant.id,
            jobs: { position in publishes ? [try GPDPublication.invalidationJob(for: position, tenantSlug: tenant.slug)] : [] },
            at: clock.now)
    }

    private func importSettings(_ settings: PaymentSettings, tenant: Tenant, first: Int64) -> DebtPositionImportSettings {
        DebtPositionImportSettings(
            tenantID: tenant.id, creditorFiscalCode: tenant.fiscalCode, companyName: tenant.name,
            segregationCode: settings.segregationCode, firstSequenceNumber: first, defaultIBAN: settings.defaultIBAN,
            defaultCategory: settings.defaultCategory, today: LocalDate(clock.now, in: DateDisplay.timeZone))
    }

    /// The good positions of a read, published (payable from today when they have no validity date of their own) and
    /// stored with the jobs that publish them on GPD and tell their debtors on the App IO.
    private func store(_ result: DebtPositionImportResult, tenant: Tenant) async throws -> Outcome {
        let today = LocalDate(clock.now, in: DateDisplay.timeZone)
        let published = try result.positions.map {
            try $0.position.applying(DebtPositionEvent.publish(on: today)).applying(DebtPositionEvent.dateCheck(on: today))
        }
        let publishes = publishing.contains(tenant.slug)
        let notifies = notifyingOnIO.contains(tenant.slug)
        let t = Texts(localizer: localizer, language: .italian)
        let stored = try await store.store(
            published,
            jobs: { position in
                var jobs = publishes ? [try GPDPublication.job(for: position, tenantSlug: tenant.slug)] : []
                if notifies {
                    for option in position.paymentOptions {
                        jobs.append(
                            try AppIONotifications.job(
                                tenantID: tenant.id, tenantSlug: tenant.slug, service: .payments,
                                key: "payment:\(tenant.id):\(option.noticeNumber.value)",
                                message: try AppIONotifications.paymentDue(
                                    position, option: option, municipality: tenant.name, t: t)))
                    }
                }
                return jobs
            }, at: clock.now)
        return Outcome(result: result, stored: stored)
    }
}

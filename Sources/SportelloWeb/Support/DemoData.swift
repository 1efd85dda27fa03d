import Foundation
import Logging
import SportelloCore
import SportelloStorage

/// The demo municipality "Comune di Esempio" with its staff; installed once in demo mode.
/// Citizens come from the test identity provider.
enum DemoData {
    static let clientID = "sportello-demo"
    static let tenantSlug = "esempio"
    /// Well-known secret so the demo and the browser tests can compute codes; never used outside demo mode.
    static let totpSecret = "JBSWY3DPEHPK3PXP"
    static let accounts: [(username: String, password: String, name: String, role: Role, fiscalCode: String?)] = [
        ("admin", "esempio-admin", "Amministratore Demo", .admin, nil),
        ("operatore", "esempio-operatore", "Giulia Russo", .operator, "RSSGLI87P70L219B"),
    ]

    static func install(storage: Storage, config: AppConfig, logger: Logger, clock: any Clock) async throws {
        let tenants = FluentTenantRepository(storage: storage)
        if let existing = try await tenants.find(slug: tenantSlug) {
            try await publishProcedures(storage: storage, tenant: existing, clock: clock, logger: logger)
            return
        }
        let tenant = try TenantDraft(
            slug: tenantSlug, name: "Comune di Esempio", tagline: "Sportello telematico", fiscalCode: "00085240950",
            ipaCode: "c_esempio", hosts: ["localhost", "127.0.0.1"],
            contacts: TenantContacts(
                address: "Piazza del Municipio 1, 00100 Esempio", email: "sportello@comune.esempio.it",
                pec: "protocollo@pec.comune.esempio.it", phone: "+39 06 0000000")
        ).validated()
        try await tenants.create(tenant)
        let operators = FluentOperatorRepository(storage: storage)
        let office = Office(tenantID: tenant.id, name: "Ufficio Servizi Demografici", email: "anagrafe@comune.esempio.it")
        try await operators.createOffice(office)
        let hasher = BcryptPasswordHasher()
        for account in accounts {
            try await operators.create(
                Operator(
                    tenantID: tenant.id, username: account.username, displayName: account.name,
                    email: "\(account.username)@comune.esempio.it",
                    fiscalCode: account.fiscalCode.flatMap { try? CodiceFiscale(validating: $0) },
                    passwordHash: hasher.hash(account.password), totpSecret: totpSecret,
                    memberships: [OfficeMembership(officeID: office.id, role: account.role)]))
        }
        try await publishProcedures(storage: storage, tenant: tenant, clock: clock, logger: logger)
        logger.notice(
            "demo municipality installed",
            metadata: [
                "tenant": "Comune di Esempio", "staff": "admin/esempio-admin, operatore/esempio-operatore",
                "totp_secret": "\(totpSecret)",
            ])
    }

    /// Publishes the bundled demo procedures; an unchanged file publishes nothing, a changed one a new version.
    static func publishProcedures(storage: Storage, tenant: Tenant, clock: any Clock, logger: Logger) async throws {
        let repository = FluentProcedureRepository(storage: storage)
        let ownership = SQLProcedureOwnership(storage: storage)
        let owners = try await ownership.owners(tenantID: tenant.id)
        let office = try await FluentOperatorRepository(storage: storage).offices(tenantID: tenant.id).first
        for procedure in try ProcedureFile.bundledDemo() {
            let definition = keptOpen(procedure.definition, at: clock.now)
            let version = try await repository.publish(definition, tenantID: tenant.id, at: clock.now)
            logger.debug("demo procedure published", metadata: ["code": "\(version.code)", "version": "\(version.version)"])
            // The demo's one office handles every demo procedure.
            if owners[version.code] == nil, let office {
                try await ownership.assign(procedureCode: version.code, to: office.id, tenantID: tenant.id)
            }
        }
    }

    /// The demo always has its calls open: a call whose window does not include `now` is moved to have
    /// opened a week ago, keeping its length (a real municipality publishes its own dates).
    static func keptOpen(_ definition: ProcedureDefinition, at now: Date) -> ProcedureDefinition {
        guard let opens = definition.opensAt, let closes = definition.closesAt, !definition.isOpen(at: now) else {
            return definition
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = DateDisplay.timeZone
        let start = calendar.date(byAdding: .day, value: -7, to: calendar.startOfDay(for: now)) ?? now
        var moved = definition
        moved.opensAt = start
        moved.closesAt = start.addingTimeInterval(max(closes.timeIntervalSince(opens), 8 * 86_400))
        return moved
    }
}

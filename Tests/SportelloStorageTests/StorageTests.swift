import Foundation
import SportelloTestSupport
import Testing

@testable import SportelloCore
@testable import SportelloStorage

func makeTenant(_ slug: String, hosts: [String]) throws -> Tenant {
    try TenantDraft(slug: slug, name: "Comune di \(slug)", fiscalCode: "00085240950", ipaCode: "c_\(slug)", hosts: hosts)
        .validated()
}

/// Two municipalities, to prove that one never sees the other's rows.
func storeTwoTenants(_ storage: Storage) async throws -> (Tenant, Tenant) {
    let tenants = FluentTenantRepository(storage: storage)
    let a = try makeTenant("a", hosts: ["a.it"])
    let b = try makeTenant("b", hosts: ["b.it"])
    try await tenants.create(a)
    try await tenants.create(b)
    return (a, b)
}

@Suite("Storage on every database")
struct StorageTests {
    @Test("PostgreSQL is available when the test script requires it")
    func postgresPresentWhenRequired() {
        if TestEngine.postgresRequired {
            #expect(TestEngine.available.contains(.postgres))
        }
    }

    @Test("migrations apply on a fresh database and again without effect", arguments: TestEngine.available)
    func migrationsAreRepeatable(engine: TestEngine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            try await storage.migrate()
            #expect(await storage.isReachable())
            let rows = try await storage.sql().raw("SELECT COUNT(*) AS n FROM _fluent_migrations").all()
            #expect(try rows.first?.decode(column: "n", as: Int.self) == SchemaHistory.all.count)
        }
    }

    @Test("PostgreSQL connections plan prepared statements for their values at every execution")
    func preparedStatementsUseCustomPlans() async throws {
        guard TestEngine.available.contains(.postgres) else { return }
        try await TestDatabase.withStorage(.postgres) { storage in
            // Several at once, so that more than one of the pool's connections answers.
            try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        let row = try await storage.sql().raw("SHOW plan_cache_mode").first()
                        return try row?.decode(column: "plan_cache_mode", as: String.self) ?? ""
                    }
                }
                for try await mode in group { #expect(mode == "force_custom_plan") }
            }
        }
    }

    @Test("a tenant round-trips with its hosts, colours and contacts", arguments: TestEngine.available)
    func tenantRoundTrip(engine: TestEngine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let repository = FluentTenantRepository(storage: storage)
            var tenant = try makeTenant("esempio", hosts: ["esempio.it", "www.esempio.it"])
            tenant.contacts = TenantContacts(address: "Piazza 1", email: "a@esempio.it", pec: "p@pec.it", phone: "06 1")
            tenant.frameAncestors = ["https://www.esempio.it"]
            tenant.frameTemplate = "<html>{{{content}}}</html>"
            try await repository.create(tenant)
            let found = try #require(try await repository.find(slug: "esempio"))
            #expect(found == tenant)
        }
    }

    @Test("a host or slug already used by another tenant is refused", arguments: TestEngine.available)
    func tenantConflicts(engine: TestEngine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let repository = FluentTenantRepository(storage: storage)
            try await repository.create(try makeTenant("uno", hosts: ["uno.it", "shared.it"]))
            await #expect(throws: TenantConflict.self) {
                try await repository.create(try makeTenant("due", hosts: ["shared.it"]))
            }
            await #expect(throws: TenantConflict.self) { try await repository.create(try makeTenant("uno", hosts: ["altro.it"])) }
            #expect(try await repository.all().count == 1)
        }
    }

    @Test("operators are found only within their own tenant", arguments: TestEngine.available)
    func operatorScoping(engine: TestEngine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let (a, b) = try await storeTwoTenants(storage)
            let operators = FluentOperatorRepository(storage: storage)
            let office = Office(tenantID: a.id, name: "Anagrafe")
            try await operators.createOffice(office)
            let anna = Operator(
                tenantID: a.id, username: "anna", displayName: "Anna", email: "anna@a.it",
                fiscalCode: try CodiceFiscale(validating: "RSSGLI87P70L219B"), passwordHash: "h", totpSecret: "S",
                memberships: [
                    OfficeMembership(officeID: office.id, role: .admin), OfficeMembership(officeID: office.id, role: .operator),
                ])
            try await operators.create(anna)
            #expect(try await operators.find(username: "anna", tenantID: a.id) == anna)
            #expect(try await operators.find(id: anna.id, tenantID: a.id)?.roles == [.admin, .operator])
            #expect(try await operators.find(fiscalCode: anna.fiscalCode!, tenantID: a.id)?.id == anna.id)
            #expect(try await operators.find(username: "anna", tenantID: b.id) == nil)
            #expect(try await operators.find(id: anna.id, tenantID: b.id) == nil)
            #expect(try await operators.find(fiscalCode: anna.fiscalCode!, tenantID: b.id) == nil)
            #expect(try await operators.offices(tenantID: b.id).isEmpty)
            await #expect(throws: OperatorConflict.self) { try await operators.create(anna) }
            #expect(try await operators.recordOneTimeCodeUse(operatorID: anna.id, step: 100, tenantID: b.id) == false)
            #expect(try await operators.recordOneTimeCodeUse(operatorID: anna.id, step: 100, tenantID: a.id))
            #expect(
                try await operators.recordOneTimeCodeUse(operatorID: anna.id, step: 100, tenantID: a.id) == false, "no replay")
            #expect(
                try await operators.recordOneTimeCodeUse(operatorID: anna.id, step: 99, tenantID: a.id) == false, "no older code")
            #expect(try await operators.recordOneTimeCodeUse(operatorID: anna.id, step: 101, tenantID: a.id))
        }
    }

    @Test("sessions are found only with their token and tenant, and expire", arguments: TestEngine.available)
    func sessionScoping(engine: TestEngine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let (a, b) = try await storeTwoTenants(storage)
            let sessions = FluentSessionRepository(storage: storage)
            let now = Date(timeIntervalSince1970: 1_790_000_000)
            let identity = CitizenIdentity(
                fiscalCode: try CodiceFiscale(validating: "RSSMRA85T10A562S"), givenName: "Mario", familyName: "Rossi",
                assuranceLevel: .substantial, method: "test")
            let session = Session.make(tenantID: a.id, principal: .citizen(identity), now: now)
            try await sessions.save(session, expiresAt: now.addingTimeInterval(1800))
            #expect(try await sessions.find(token: session.token, tenantID: a.id)?.state == session.state)
            #expect(try await sessions.find(token: session.token, tenantID: b.id) == nil)
            #expect(try await sessions.find(token: "not-a-token", tenantID: a.id) == nil)

            // The database holds only a hash of the token.
            let stored = try await storage.sql().raw("SELECT token_hash FROM sessions").all()
            #expect(try stored.first?.decode(column: "token_hash", as: String.self) != session.token)

            try await sessions.touch(
                token: session.token, tenantID: a.id, lastSeenAt: now.addingTimeInterval(60),
                expiresAt: now.addingTimeInterval(1860))
            #expect(try await sessions.find(token: session.token, tenantID: a.id)?.lastSeenAt == now.addingTimeInterval(60))

            // Saving again updates the one row; the same token saved for another municipality changes nothing.
            var changed = session
            changed.state.csrfToken = "changed"
            try await sessions.save(changed, expiresAt: now.addingTimeInterval(1800))
            #expect(try await sessions.find(token: session.token, tenantID: a.id)?.state.csrfToken == "changed")
            var intruder = changed
            intruder.tenantID = b.id
            intruder.state.csrfToken = "intruder"
            try await sessions.save(intruder, expiresAt: now.addingTimeInterval(1800))
            #expect(try await sessions.find(token: session.token, tenantID: a.id)?.state.csrfToken == "changed")
            #expect(try await sessions.find(token: session.token, tenantID: b.id) == nil)
            let rows = try await storage.sql().raw("SELECT count(*) AS n FROM sessions").first()
            #expect(try rows?.decode(column: "n", as: Int.self) == 1)

            let other = Session.make(tenantID: b.id, now: now)
            try await sessions.save(other, expiresAt: now.addingTimeInterval(10))
            #expect(try await sessions.deleteExpired(before: now.addingTimeInterval(100)) == 1)
            #expect(try await sessions.find(token: other.token, tenantID: b.id) == nil)
            try await sessions.delete(token: session.token, tenantID: b.id)
            #expect(
                try await sessions.find(token: session.token, tenantID: a.id) != nil, "a delete from another tenant has no effect"
            )
            try await sessions.delete(token: session.token, tenantID: a.id)
            #expect(try await sessions.find(token: session.token, tenantID: a.id) == nil)
        }
    }

    @Test("maintenance windows are listed per tenant, soonest first, until they end", arguments: TestEngine.available)
    func maintenanceScoping(engine: TestEngine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let (a, b) = try await storeTwoTenants(storage)
            let operators = FluentOperatorRepository(storage: storage)
            let admin = Operator(
                tenantID: a.id, username: "admin", displayName: "A", email: "a@a.it", passwordHash: nil, totpSecret: "S")
            try await operators.create(admin)
            let repository = FluentMaintenanceRepository(storage: storage)
            let now = Date(timeIntervalSince1970: 1_790_000_000)
            let later = MaintenanceWindow(
                tenantID: a.id, startsAt: now.addingTimeInterval(48 * 3600), endsAt: now.addingTimeInterval(49 * 3600),
                message: "dopo",
                createdAt: now, createdBy: admin.id)
            let sooner = MaintenanceWindow(
                tenantID: a.id, startsAt: now.addingTimeInterval(7 * 3600), endsAt: now.addingTimeInterval(8 * 3600),
                message: "prima",
                createdAt: now, createdBy: admin.id)
            try await repository.create(later)
            try await repository.create(sooner)
            #expect(try await repository.upcoming(tenantID: a.id, now: now).map(\.message) == ["prima", "dopo"])
            #expect(try await repository.upcoming(tenantID: b.id, now: now).isEmpty)
            #expect(
                try await repository.upcoming(tenantID: a.id, now: now.addingTimeInterval(9 * 3600)).map(\.message) == ["dopo"])
            try await repository.delete(id: sooner.id, tenantID: b.id)
            #expect(try await repository.upcoming(tenantID: a.id, now: now).count == 2)
            try await repository.delete(id: sooner.id, tenantID: a.id)
            #expect(try await repository.upcoming(tenantID: a.id, now: now).count == 1)
        }
    }
}

@Suite("Reading a database URL")
struct DatabaseLocationTests {
    @Test("SQLite and PostgreSQL URLs are understood")
    func parse() throws {
        #expect(try DatabaseLocation(url: "sqlite:data/x.sqlite") == .sqliteFile(path: "data/x.sqlite"))
        #expect(try DatabaseLocation(url: "sqlite:///var/lib/x.sqlite") == .sqliteFile(path: "/var/lib/x.sqlite"))
        guard
            case .postgres(let settings) = try DatabaseLocation(
                url: "postgres://app:s%40cret@db.example:6543/sportello?sslmode=require")
        else { Issue.record("not postgres"); return }
        #expect(settings.host == "db.example")
        #expect(settings.port == 6543)
        #expect(settings.username == "app")
        #expect(settings.password == "s@cret")
        #expect(settings.database == "sportello")
        #expect(settings.tls == .require)
    }

    @Test("the password never appears in the description used for logs")
    func redacted() throws {
        let location = try DatabaseLocation(url: "postgres://app:topsecret@db:5432/sportello")
        #expect(!location.redactedDescription.contains("topsecret"))
    }

    @Test(
        "other schemes and bad TLS modes are refused",
        arguments: ["mysql://x", "", "postgres://host/db", "postgres://u@h/db?sslmode=maybe"])
    func refused(url: String) {
        #expect(throws: DatabaseLocationError.self) { try DatabaseLocation(url: url) }
    }
}

@Suite("Filings on every database")
struct FilingStorageTests {
    static let mario = try! CodiceFiscale(validating: "RSSMRA85T10A562S")
    static let anna = try! CodiceFiscale(validating: "BNCNNA90C55H501L")

    static func repository(_ storage: Storage, cached: Bool) -> any FilingRepository {
        cached
            ? CachedFilingRepository(backing: FluentFilingRepository(storage: storage), idleTime: 600)
            : FluentFilingRepository(storage: storage)
    }

    @Test(
        "filings are found only by their owner in their tenant; confirmed ones are locked (with and without the draft cache)",
        arguments: TestEngine.available, [false, true])
    func ownership(engine: TestEngine, cached: Bool) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let (a, b) = try await storeTwoTenants(storage)
            let filings = Self.repository(storage, cached: cached)
            let now = Date(timeIntervalSince1970: 1_790_000_000)
            var filing = Filing(
                tenantID: a.id, procedureCode: "bonus", procedureVersion: 1, owner: Self.mario,
                answers: ["email": .text("a@b.it"), "household": .items([["name": .text("Mario")]])], createdAt: now,
                updatedAt: now)
            try await filings.create(filing)
            #expect(try await filings.find(id: filing.id, owner: Self.mario, tenantID: a.id) == filing)
            #expect(try await filings.find(id: filing.id, owner: Self.anna, tenantID: a.id) == nil)
            #expect(try await filings.find(id: filing.id, owner: Self.mario, tenantID: b.id) == nil)
            #expect(try await filings.deleteDraft(id: filing.id, owner: Self.anna, tenantID: a.id) == false)
            filing.status = .readyToSubmit
            #expect(try await filings.saveDraft(filing))
            filing.answers["email"] = .text("changed@b.it")
            #expect(try await filings.saveDraft(filing) == false, "a confirmed filing cannot be changed")
            #expect(try await filings.deleteDraft(id: filing.id, owner: Self.mario, tenantID: a.id) == false)
            #expect(try await filings.list(owner: Self.mario, tenantID: a.id, status: .readyToSubmit).count == 1)
        }
    }

    @Test(
        "the daily cleanup deletes drafts started more than 180 days ago, at the boundary (with and without the draft cache)",
        arguments: TestEngine.available, [false, true])
    func staleDrafts(engine: TestEngine, cached: Bool) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let (a, b) = try await storeTwoTenants(storage)
            let filings = Self.repository(storage, cached: cached)
            let now = Date(timeIntervalSince1970: 1_790_000_000)
            let minute = 60.0
            let day = 86_400.0
            func draft(_ tenant: Tenant, startedAgo: TimeInterval, status: FilingStatus = .draft) -> Filing {
                Filing(
                    tenantID: tenant.id, procedureCode: "x", procedureVersion: 1, owner: Self.mario, status: status,
                    createdAt: now.addingTimeInterval(-startedAgo), updatedAt: now)
            }
            let kept = [
                draft(a, startedAgo: 179 * day), draft(a, startedAgo: 180 * day - minute),
                draft(a, startedAgo: 400 * day, status: .readyToSubmit),
            ]
            let gone = [draft(a, startedAgo: 180 * day + minute), draft(b, startedAgo: 181 * day)]
            for filing in kept + gone { try await filings.create(filing) }
            let cleanup = DraftCleanup(
                filings: filings, procedures: FluentProcedureRepository(storage: storage), retention: DraftRetention())
            #expect(try await cleanup.run(now: now) == 2)
            for filing in kept {
                #expect(try await filings.find(id: filing.id, owner: Self.mario, tenantID: filing.tenantID) != nil)
            }
            for filing in gone {
                #expect(try await filings.find(id: filing.id, owner: Self.mario, tenantID: filing.tenantID) == nil)
            }
            #expect(try await cleanup.run(now: now) == 0)
        }
    }

    @Test(
        "the daily cleanup deletes the drafts of a call closed more than 7 days ago, at the boundary",
        arguments: TestEngine.available)
    func draftsOfClosedCalls(engine: TestEngine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let (a, _) = try await storeTwoTenants(storage)
            let filings = FluentFilingRepository(storage: storage)
            let procedures = FluentProcedureRepository(storage: storage)
            let now = Date(timeIntervalSince1970: 1_790_000_000)
            let minute = 60.0
            let day = 86_400.0
            var drafts: [Int: Filing] = [:]
            // One call per closing time: 6 days, 7 days less a minute, 7 days and a minute, 8 days ago.
            for (index, closedAgo) in [6 * day, 7 * day - minute, 7 * day + minute, 8 * day].enumerated() {
                var definition = sampleDefinition(code: "bando-\(index)")
                definition.closesAt = now.addingTimeInterval(-closedAgo)
                let version = try await procedures.publish(definition, tenantID: a.id, at: now.addingTimeInterval(-30 * day))
                let filing = Filing(
                    tenantID: a.id, procedureCode: version.code, procedureVersion: version.version, owner: Self.mario,
                    createdAt: now.addingTimeInterval(-20 * day), updatedAt: now)
                try await filings.create(filing)
                drafts[index] = filing
            }
            var confirmed = drafts[3]!
            confirmed.id = UUID()
            confirmed.status = .readyToSubmit
            try await filings.create(confirmed)
            let cleanup = DraftCleanup(filings: filings, procedures: procedures, retention: DraftRetention())
            #expect(try await cleanup.run(now: now) == 2)
            let remaining = try await filings.list(owner: Self.mario, tenantID: a.id).map(\.procedureCode).sorted()
            #expect(remaining == ["bando-0", "bando-1", "bando-3"], "6 and 7 days kept, 8 days gone, confirmed kept")
        }
    }

    @Test("publishing numbers versions, keeps old ones, and ignores an unchanged file", arguments: TestEngine.available)
    func versions(engine: TestEngine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let (a, b) = try await storeTwoTenants(storage)
            let repository = FluentProcedureRepository(storage: storage)
            let now = Date(timeIntervalSince1970: 1_790_000_000)
            var definition = sampleDefinition(code: "bonus")
            #expect(try await repository.publish(definition, tenantID: a.id, at: now).version == 1)
            #expect(try await repository.publish(definition, tenantID: a.id, at: now).version == 1)
            definition.title = "Bonus 2027"
            #expect(try await repository.publish(definition, tenantID: a.id, at: now).version == 2)
            #expect(try await repository.version(1, code: "bonus", tenantID: a.id)?.definition.title == "Bonus")
            #expect(try await repository.latest(code: "bonus", tenantID: a.id)?.definition.title == "Bonus 2027")
            #expect(try await repository.latest(code: "bonus", tenantID: b.id) == nil)
            #expect(try await repository.latestVersionNumber(code: "bonus", tenantID: a.id) == 2)
            #expect(try await repository.latestVersionNumber(code: "bonus", tenantID: b.id) == nil)
            #expect(try await repository.latestVersionNumber(code: "other", tenantID: a.id) == nil)
            #expect(try await repository.catalog(tenantID: a.id).map(\.version) == [2])
        }
    }
}

/// A one-field procedure to store.
func sampleDefinition(code: String) -> ProcedureDefinition {
    ProcedureDefinition(
        code: code, title: "Bonus", description: "D", info: [], archetype: .economicBenefit,
        office: OfficeReference(name: "U"), maximumCompletionDays: 30,
        form: FormDefinition(pages: [
            FormPage(id: "p", title: "P", sections: [FormSection(id: "s", fields: [FormField(id: "f", type: .text, label: "F")])])
        ]))
}

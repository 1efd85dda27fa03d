public import Foundation
import SQLKit
public import SportelloCore

/// The protocol register in the SQL database. A registration happens in a durable transaction: the counter
/// of its register and year goes up by one (a row lock on PostgreSQL, the single writer on SQLite) and
/// the entry is written with that number; if anything fails both roll back, so numbers have no gaps,
/// and the unique index makes a duplicate impossible.
public struct SQLProtocolRegister: ProtocolRegister {
    let storage: Storage
    /// The calendar year, and the date in the segnatura, are the municipality's.
    let timeZone: TimeZone
    private let batches: GroupCommit<Request, ProtocolEntry>

    struct Request: Sendable {
        var registration: ProtocolRegistration
        var register: ProtocolRegisterIdentity
        var tenantID: Tenant.ID
        var date: Date
    }

    public init(storage: Storage, timeZone: TimeZone) {
        self.storage = storage
        self.timeZone = timeZone
        batches = GroupCommit { requests in
            try await storage.durableTransaction { sql in
                var entries: [ProtocolEntry] = []
                for request in requests { entries.append(try await Self.write(request, on: sql, timeZone: timeZone)) }
                return entries
            }
        }
    }

    /// Registrations arriving together are written in one durable transaction (one sync to disk), each
    /// with its own number; see `GroupCommit`.
    public func register(
        _ registration: ProtocolRegistration, in register: ProtocolRegisterIdentity, tenantID: Tenant.ID, at date: Date
    ) async throws -> ProtocolEntry {
        try await batches.submit(Request(registration: registration, register: register, tenantID: tenantID, date: date))
    }

    /// One registration inside a transaction: the next number of its register and year, then the entry.
    static func write(_ request: Request, on sql: any SQLDatabase, timeZone: TimeZone) async throws -> ProtocolEntry {
        let year = LocalDate(request.date, in: timeZone).year
        let number = try await nextNumber(register: request.register, tenantID: request.tenantID, year: year, on: sql)
        let entry = makeEntry(
            request.registration, register: request.register, tenantID: request.tenantID, year: year, number: number,
            date: request.date, timeZone: timeZone)
        try await insert(entry, on: sql)
        return entry
    }

    /// Takes the next number of a register and year; only inside a transaction that then writes the entry.
    static func nextNumber(
        register: ProtocolRegisterIdentity, tenantID: Tenant.ID, year: Int, on sql: any SQLDatabase
    )
        async throws -> Int
    {
        try await nextNumbers(1, registerCode: register.registerCode, tenantID: tenantID, year: year, on: sql)
    }

    /// Takes the next `count` numbers of a register and year at once and returns the last of them.
    static func nextNumbers(
        _ count: Int, registerCode: String, tenantID: Tenant.ID, year: Int, on sql: any SQLDatabase
    )
        async throws -> Int
    {
        // One statement: the year's counter is created at its first number, moved on after that. On PostgreSQL the
        // conflicting row is locked until commit, so concurrent acts queue here and take consecutive numbers.
        guard
            let row = try await sql.raw(
                """
                INSERT INTO protocol_counters (tenant_id, register_code, year, last_number) \
                VALUES (\(bind: tenantID), \(bind: registerCode), \(bind: year), \(literal: count)) \
                ON CONFLICT (tenant_id, register_code, year) \
                DO UPDATE SET last_number = protocol_counters.last_number + \(literal: count) \
                RETURNING last_number
                """
            ).first()
        else { throw ProtocolRegisterError.counterMissing }
        return Int(try row.decode(column: "last_number", as: Int64.self))
    }

    static func makeEntry(
        _ registration: ProtocolRegistration, register: ProtocolRegisterIdentity, tenantID: Tenant.ID, year: Int, number: Int,
        date: Date, timeZone: TimeZone
    ) -> ProtocolEntry {
        ProtocolEntry(
            tenantID: tenantID, register: register, year: year, number: number, registeredAt: date,
            registration: registration,
            segnatura: Segnatura.xml(
                register: register, number: number, registeredAt: date, timeZone: timeZone, registration: registration))
    }

    static func insert(_ entry: ProtocolEntry, on sql: any SQLDatabase) async throws {
        try await insert([entry], on: sql)
    }

    /// Writes entries with one statement.
    static func insert(_ entries: [ProtocolEntry], on sql: any SQLDatabase) async throws {
        guard !entries.isEmpty else { return }
        let encoder = JSONEncoder()
        let rows: [SQLQueryString] = try entries.map { entry in
            let (registration, register) = (entry.registration, entry.register)
            return """
                (\(bind: entry.id), \(bind: entry.tenantID), \(bind: register.administrationCode), \(bind: register.aooCode), \
                \(bind: register.registerCode), \(bind: entry.year), \(bind: Int64(entry.number)), \(bind: entry.registeredAt), \
                \(bind: registration.direction.rawValue), \(bind: registration.subject), \
                \(bind: String(decoding: try encoder.encode(registration.correspondents), as: UTF8.self)), \
                \(bind: String(decoding: try encoder.encode(registration.documents), as: UTF8.self)), \(bind: entry.segnatura))
                """
        }
        try await sql.raw(
            """
            INSERT INTO protocol_entries (id, tenant_id, administration_code, aoo_code, register_code, year, number, \
            registered_at, direction, subject, correspondents, documents, segnatura) VALUES \(rows.joined(separator: ", "))
            """
        ).run()
    }

    public func entry(id: ProtocolEntry.ID, tenantID: Tenant.ID) async throws -> ProtocolEntry? {
        try await storage.reader().raw(
            """
            SELECT \(unsafeRaw: Self.columns) FROM protocol_entries e LEFT JOIN protocol_annulments a ON a.entry_id = e.id \
            WHERE e.id = \(bind: id) AND e.tenant_id = \(bind: tenantID)
            """
        ).first().map { try Self.entry($0, tenantID: tenantID) }
    }

    public func entries(in register: ProtocolRegisterIdentity, tenantID: Tenant.ID, year: Int) async throws -> [ProtocolEntry] {
        try await storage.sql().raw(
            """
            SELECT \(unsafeRaw: Self.columns) FROM protocol_entries e LEFT JOIN protocol_annulments a ON a.entry_id = e.id \
            WHERE e.tenant_id = \(bind: tenantID) AND e.register_code = \(bind: register.registerCode) \
            AND e.year = \(bind: year) ORDER BY e.number
            """
        ).all().map { try Self.entry($0, tenantID: tenantID, administrationName: register.administrationName) }
    }

    public func annul(
        _ entryID: ProtocolEntry.ID, tenantID: Tenant.ID, reason: String, by author: String, at date: Date
    )
        async throws -> ProtocolAnnulment
    {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw ProtocolAnnulmentError.reasonRequired }
        let annulment = ProtocolAnnulment(entryID: entryID, reason: reason, annulledBy: author, annulledAt: date)
        try await storage.durableTransaction { sql in
            guard
                let entry = try await sql.raw(
                    """
                    SELECT e.id, a.entry_id AS annulled FROM protocol_entries e LEFT JOIN protocol_annulments a ON a.entry_id = e.id \
                    WHERE e.id = \(bind: entryID) AND e.tenant_id = \(bind: tenantID)
                    """
                ).first()
            else { throw ProtocolAnnulmentError.notFound }
            guard try entry.decodeNil(column: "annulled") else { throw ProtocolAnnulmentError.alreadyAnnulled }
            try await sql.raw(
                """
                INSERT INTO protocol_annulments (entry_id, tenant_id, reason, annulled_by, annulled_at) \
                VALUES (\(bind: entryID), \(bind: tenantID), \(bind: reason), \(bind: author), \(bind: date))
                """
            ).run()
        }
        return annulment
    }

    public func activity(
        in register: ProtocolRegisterIdentity, tenantID: Tenant.ID, from start: Date, to end: Date
    )
        async throws -> (entries: [ProtocolEntry], annulments: [ProtocolAnnulment])
    {
        let entries = try await storage.sql().raw(
            """
            SELECT \(unsafeRaw: Self.columns) FROM protocol_entries e LEFT JOIN protocol_annulments a ON a.entry_id = e.id \
            WHERE e.tenant_id = \(bind: tenantID) AND e.register_code = \(bind: register.registerCode) \
            AND e.registered_at >= \(bind: start) AND e.registered_at < \(bind: end) ORDER BY e.year, e.number
            """
        ).all().map { try Self.entry($0, tenantID: tenantID, administrationName: register.administrationName) }
        let annulments = try await storage.sql().raw(
            """
            SELECT a.entry_id, a.reason, a.annulled_by, a.annulled_at FROM protocol_annulments a \
            JOIN protocol_entries e ON e.id = a.entry_id WHERE a.tenant_id = \(bind: tenantID) \
            AND e.register_code = \(bind: register.registerCode) AND a.annulled_at >= \(bind: start) \
            AND a.annulled_at < \(bind: end) ORDER BY a.annulled_at
            """
        ).all().map(Self.annulment)
        return (entries, annulments)
    }

    static func annulment(_ row: any SQLRow) throws -> ProtocolAnnulment {
        ProtocolAnnulment(
            entryID: try row.decode(column: "entry_id", as: UUID.self), reason: try row.decode(column: "reason", as: String.self),
            annulledBy: try row.decode(column: "annulled_by", as: String.self),
            annulledAt: try row.decode(column: "annulled_at", as: Date.self))
    }

    /// The entry's columns (alias `e`) and its annulment, if any (alias `a`, joined by the query).
    static let columns =
        "e.id, e.administration_code, e.aoo_code, e.register_code, e.year, e.number, e.registered_at, e.direction, "
        + "e.subject, e.correspondents, e.documents, e.segnatura, a.entry_id, a.reason, a.annulled_by, a.annulled_at"

    static func entry(_ row: any SQLRow, tenantID: Tenant.ID, administrationName: String? = nil) throws -> ProtocolEntry {
        let decoder = JSONDecoder()
        let segnatura = try row.decode(column: "segnatura", as: String.self)
        return ProtocolEntry(
            id: try row.decode(column: "id", as: UUID.self), tenantID: tenantID,
            register: ProtocolRegisterIdentity(
                administrationName: administrationName ?? Segnatura.administrationName(in: segnatura) ?? "",
                administrationCode: try row.decode(column: "administration_code", as: String.self),
                aooCode: try row.decode(column: "aoo_code", as: String.self),
                registerCode: try row.decode(column: "register_code", as: String.self)),
            year: try row.decode(column: "year", as: Int.self),
            number: Int(try row.decode(column: "number", as: Int64.self)),
            registeredAt: try row.decode(column: "registered_at", as: Date.self),
            registration: ProtocolRegistration(
                direction: ProtocolDirection(rawValue: try row.decode(column: "direction", as: String.self)) ?? .incoming,
                subject: try row.decode(column: "subject", as: String.self),
                correspondents: try decoder.decode(
                    [ProtocolParty].self, from: Data(try row.decode(column: "correspondents", as: String.self).utf8)),
                documents: try decoder.decode(
                    [ProtocolDocument].self, from: Data(try row.decode(column: "documents", as: String.self).utf8))),
            segnatura: segnatura,
            annulment: try row.decodeNil(column: "entry_id") ? nil : try annulment(row))
    }
}

/// The register could not give a number.
public enum ProtocolRegisterError: Error, Equatable {
    case counterMissing
}

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
        let (registration, register, tenantID, date) = (request.registration, request.register, request.tenantID, request.date)
        let year = LocalDate(date, in: timeZone).year
        try await sql.raw(
            """
            INSERT INTO protocol_counters (tenant_id, register_code, year, last_number) \
            VALUES (\(bind: tenantID), \(bind: register.registerCode), \(bind: year), 0) \
            ON CONFLICT (tenant_id, register_code, year) DO NOTHING
            """
        ).run()
        guard
            let row = try await sql.raw(
                """
                UPDATE protocol_counters SET last_number = last_number + 1 \
                WHERE tenant_id = \(bind: tenantID) AND register_code = \(bind: register.registerCode) \
                AND year = \(bind: year) RETURNING last_number
                """
            ).first()
        else { throw ProtocolRegisterError.counterMissing }
        let number = Int(try row.decode(column: "last_number", as: Int64.self))
        let entry = ProtocolEntry(
            tenantID: tenantID, register: register, year: year, number: number, registeredAt: date,
            registration: registration,
            segnatura: Segnatura.xml(
                register: register, number: number, registeredAt: date, timeZone: timeZone, registration: registration))
        let encoder = JSONEncoder()
        try await sql.raw(
            """
            INSERT INTO protocol_entries (id, tenant_id, administration_code, aoo_code, register_code, year, number, \
            registered_at, direction, subject, correspondents, documents, segnatura) VALUES (\(bind: entry.id), \
            \(bind: tenantID), \(bind: register.administrationCode), \(bind: register.aooCode), \
            \(bind: register.registerCode), \(bind: year), \(bind: Int64(number)), \(bind: date), \
            \(bind: registration.direction.rawValue), \(bind: registration.subject), \
            \(bind: String(decoding: try encoder.encode(registration.correspondents), as: UTF8.self)), \
            \(bind: String(decoding: try encoder.encode(registration.documents), as: UTF8.self)), \(bind: entry.segnatura))
            """
        ).run()
        return entry
    }

    public func entries(in register: ProtocolRegisterIdentity, tenantID: Tenant.ID, year: Int) async throws -> [ProtocolEntry] {
        let decoder = JSONDecoder()
        return try await storage.sql().raw(
            """
            SELECT id, year, number, registered_at, direction, subject, correspondents, documents, segnatura \
            FROM protocol_entries WHERE tenant_id = \(bind: tenantID) AND register_code = \(bind: register.registerCode) \
            AND year = \(bind: year) ORDER BY number
            """
        ).all().map { row in
            ProtocolEntry(
                id: try row.decode(column: "id", as: UUID.self), tenantID: tenantID, register: register,
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
                segnatura: try row.decode(column: "segnatura", as: String.self))
        }
    }
}

/// The register could not give a number.
public enum ProtocolRegisterError: Error, Equatable {
    case counterMissing
}

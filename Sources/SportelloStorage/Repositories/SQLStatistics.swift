public import Foundation
import SQLKit
public import SportelloCore

/// Statistics with a handful of aggregate queries over the narrow case rows (indexed by municipality and date):
/// months are counted one range each, their bounds computed in the municipality's calendar, so the same SQL runs on
/// SQLite and PostgreSQL.
public struct SQLStatistics: StatisticsStore {
    let storage: Storage

    public init(storage: Storage) { self.storage = storage }

    public func statistics(
        tenantID: Tenant.ID, procedureCodes: [String]?, bounds: [Date], now: Date
    ) async throws -> CaseStatistics {
        let months = Array(bounds.dropLast())
        guard let first = bounds.first, let last = bounds.last, procedureCodes.map({ !$0.isEmpty }) ?? true else {
            return CaseStatistics(
                perProcedure: [:], months: months, signIns: [:], total: 0, averageHandlingSeconds: nil, decided: 0, overdue: 0,
                ratings: [:], incomingEntries: 0)
        }
        let sql = storage.reader()
        let postgres = storage.location.isPostgres
        var scope: [SQLQueryString] = [
            "tenant_id = \(bind: tenantID)", "status <> \(bind: FilingStatus.readyToSubmit.rawValue)",
        ]
        if let procedureCodes { scope.append("procedure_code IN (\(SQLList(procedureCodes.map { SQLBind($0) })))") }
        // Each month counted by procedure and sign-in scheme with a range scan of the covering index by municipality and
        // submission time (twelve small scans are cheaper than one pass that works out every row's month). On SQLite the
        // procedure filter is kept off the index choice (`+procedure_code`): the index by procedure would be chosen and
        // read every row from the table.
        var monthScope: [SQLQueryString] = [
            "tenant_id = \(bind: tenantID)", "status <> \(bind: FilingStatus.readyToSubmit.rawValue)",
        ]
        if let procedureCodes {
            monthScope.append(
                "\(unsafeRaw: postgres ? "" : "+")procedure_code IN (\(SQLList(procedureCodes.map { SQLBind($0) })))")
        }
        var perProcedure: [String: [Int]] = [:]
        var signIns: [String: Int] = [:]
        for (index, start) in months.enumerated() {
            let inMonth = monthScope + ["submitted_at >= \(bind: start)", "submitted_at < \(bind: bounds[index + 1])"]
            for row in try await sql.raw(
                """
                SELECT procedure_code, sign_in_method, COUNT(*) AS n FROM cases \
                WHERE \(inMonth.joined(separator: " AND ")) GROUP BY procedure_code, sign_in_method
                """
            ).all() {
                let code = try row.decode(column: "procedure_code", as: String.self)
                let count = try row.decode(column: "n", as: Int.self)
                perProcedure[code, default: Array(repeating: 0, count: months.count)][index] += count
                signIns[try row.decode(column: "sign_in_method", as: String.self), default: 0] += count
            }
        }

        let duration = postgres ? "EXTRACT(EPOCH FROM (concluded_at - submitted_at))::float8" : "(concluded_at - submitted_at)"
        let decidedScope = scope + ["concluded_at >= \(bind: first)", "concluded_at < \(bind: last)"]
        let handling = try await sql.raw(
            """
            SELECT COUNT(*) AS n, AVG(\(unsafeRaw: duration)) AS seconds FROM cases \
            WHERE \(decidedScope.joined(separator: " AND "))
            """
        ).first()
        let concluded = FilingStatus.allCases.filter(\.isConcluded).map { SQLBind($0.rawValue) }
        let overdue =
            try await sql.raw(
                """
                SELECT COUNT(*) AS n FROM cases WHERE \(scope.joined(separator: " AND ")) \
                AND due_at < \(bind: now) AND status NOT IN (\(SQLList(concluded)))
                """
            ).first()?.decode(column: "n", as: Int.self) ?? 0

        var ratingScope: [SQLQueryString] = [
            "tenant_id = \(bind: tenantID)", "created_at >= \(bind: first)", "created_at < \(bind: last)",
        ]
        if let procedureCodes { ratingScope.append("procedure_code IN (\(SQLList(procedureCodes.map { SQLBind($0) })))") }
        var ratings: [Int: Int] = [:]
        for row in try await sql.raw(
            "SELECT score, COUNT(*) AS n FROM service_ratings WHERE \(ratingScope.joined(separator: " AND ")) GROUP BY score"
        ).all() {
            ratings[try row.decode(column: "score", as: Int.self)] = try row.decode(column: "n", as: Int.self)
        }
        let incoming =
            try await sql.raw(
                """
                SELECT COUNT(*) AS n FROM protocol_entries WHERE tenant_id = \(bind: tenantID) \
                AND direction = \(bind: ProtocolDirection.incoming.rawValue) \
                AND registered_at >= \(bind: first) AND registered_at < \(bind: last)
                """
            ).first()?.decode(column: "n", as: Int.self) ?? 0
        return CaseStatistics(
            perProcedure: perProcedure, months: months, signIns: signIns, total: signIns.values.reduce(0, +),
            averageHandlingSeconds: try handling?.decode(column: "seconds", as: Double?.self),
            decided: try handling?.decode(column: "n", as: Int.self) ?? 0, overdue: overdue, ratings: ratings,
            incomingEntries: incoming)
    }
}

public import Foundation
import SQLKit
public import SportelloCore

/// Debt positions in SQL: positions as JSON rows with the columns lookups need, their notice numbers indexed, IUV
/// sequences moved in durable transactions. A batch of thousands is written with a few multi-row statements.
public struct SQLDebtPositions: DebtPositionStore {
    let storage: Storage
    static let chunk = 500

    public init(storage: Storage) { self.storage = storage }

    public func reserveSequence(_ count: Int64, segregationCode: Int, tenantID: Tenant.ID) async throws -> Int64 {
        try await storage.durableTransaction { sql in
            try await sql.raw(
                """
                INSERT INTO payment_sequences (tenant_id, segregation_code, last_number) \
                VALUES (\(bind: tenantID), \(bind: segregationCode), 0) ON CONFLICT (tenant_id, segregation_code) DO NOTHING
                """
            ).run()
            guard
                let row = try await sql.raw(
                    """
                    UPDATE payment_sequences SET last_number = last_number + \(bind: count) \
                    WHERE tenant_id = \(bind: tenantID) AND segregation_code = \(bind: segregationCode) RETURNING last_number
                    """
                ).first()
            else { throw SequenceMissing() }
            return try row.decode(column: "last_number", as: Int64.self) - count + 1
        }
    }

    struct SequenceMissing: Error {}

    public func store(
        _ positions: [DebtPosition], jobs: (DebtPosition) throws -> [NewOutboxJob], at date: Date
    ) async throws -> StoredPositions {
        guard !positions.isEmpty else { return StoredPositions(stored: 0, alreadyStored: []) }
        let encoder = JSONEncoder()
        var rows: [(DebtPosition, String, [NewOutboxJob])] = []
        for position in positions {
            rows.append((position, String(decoding: try encoder.encode(position), as: UTF8.self), try jobs(position)))
        }
        let prepared = rows
        return try await storage.durableTransaction { sql in
            var existing: Set<String> = []
            for start in stride(from: 0, to: prepared.count, by: Self.chunk) {
                let ids = prepared[start..<min(start + Self.chunk, prepared.count)].map { SQLBind($0.0.iupd) }
                for row in try await sql.raw(
                    """
                    SELECT iupd FROM debt_positions WHERE tenant_id = \(bind: prepared[start].0.tenantID) \
                    AND iupd IN (\(SQLList(ids)))
                    """
                ).all() {
                    existing.insert(try row.decode(column: "iupd", as: String.self))
                }
            }
            var seen = existing
            let fresh = prepared.filter { seen.insert($0.0.iupd).inserted }
            for start in stride(from: 0, to: fresh.count, by: Self.chunk) {
                let batch = fresh[start..<min(start + Self.chunk, fresh.count)]
                try await Self.insert(batch.map { ($0.0, $0.1) }, at: date, on: sql)
                try await SQLOutbox.insert(batch.flatMap(\.2), at: date, on: sql)
            }
            return StoredPositions(
                stored: fresh.count, alreadyStored: prepared.map(\.0.iupd).filter { existing.contains($0) })
        }
    }

    /// Inserts new positions (each with its JSON) and their notice numbers, a few hundred rows per statement.
    static func insert(_ positions: [(DebtPosition, String)], at date: Date, on sql: any SQLDatabase) async throws {
        for start in stride(from: 0, to: positions.count, by: Self.chunk) {
            let batch = positions[start..<min(start + Self.chunk, positions.count)]
            let positionRows: [SQLQueryString] = batch.map { position, json in
                """
                (\(bind: position.tenantID), \(bind: position.iupd), \(bind: position.debtor.identifier.value), \
                \(bind: position.status.rawValue), \(bind: json), \(bind: date), \(bind: date))
                """
            }
            try await sql.raw(
                """
                INSERT INTO debt_positions (tenant_id, iupd, debtor_code, status, position, created_at, updated_at) \
                VALUES \(positionRows.joined(separator: ", "))
                """
            ).run()
            let notices: [SQLQueryString] = batch.flatMap { position, _ in
                position.paymentOptions.map { option in
                    "(\(bind: position.tenantID), \(bind: option.noticeNumber.value), \(bind: position.iupd))"
                }
            }
            try await sql.raw(
                "INSERT INTO payment_notices (tenant_id, notice_number, iupd) VALUES \(notices.joined(separator: ", "))"
            ).run()
        }
    }

    static func decode(_ row: any SQLRow) throws -> DebtPosition {
        try JSONDecoder().decode(DebtPosition.self, from: Data(try row.decode(column: "position", as: String.self).utf8))
    }

    public func positions(debtor: String, tenantID: Tenant.ID) async throws -> [DebtPosition] {
        try await storage.reader().raw(
            """
            SELECT position FROM debt_positions WHERE tenant_id = \(bind: tenantID) AND debtor_code = \(bind: debtor) \
            ORDER BY created_at DESC
            """
        ).all().map(Self.decode)
    }

    public func position(iupd: String, tenantID: Tenant.ID) async throws -> DebtPosition? {
        try await storage.reader().raw(
            "SELECT position FROM debt_positions WHERE tenant_id = \(bind: tenantID) AND iupd = \(bind: iupd)"
        ).first().map(Self.decode)
    }

    public func position(noticeNumber: NoticeNumber, tenantID: Tenant.ID) async throws -> DebtPosition? {
        try await storage.reader().raw(
            """
            SELECT p.position FROM payment_notices n JOIN debt_positions p ON p.tenant_id = n.tenant_id AND p.iupd = n.iupd \
            WHERE n.tenant_id = \(bind: tenantID) AND n.notice_number = \(bind: noticeNumber.value)
            """
        ).first().map(Self.decode)
    }

    public func invalidate(
        iupd: String, tenantID: Tenant.ID, jobs: (DebtPosition) throws -> [NewOutboxJob], at date: Date
    ) async throws -> PositionInvalidation {
        let lock = storage.location.isPostgres ? " FOR UPDATE" : ""
        guard let current = try await position(iupd: iupd, tenantID: tenantID) else { return .notFound }
        guard let invalidated = try? current.applying(.invalidate) else { return .refused("payments.invalidate.refused.state") }
        let prepared = try jobs(invalidated)
        let json = String(decoding: try JSONEncoder().encode(invalidated), as: UTF8.self)
        return try await storage.durableTransaction { sql in
            // Read again under the lock: a receipt may have arrived in between.
            guard
                let row = try await sql.raw(
                    "SELECT position FROM debt_positions WHERE tenant_id = \(bind: tenantID) AND iupd = \(bind: iupd)\(unsafeRaw: lock)"
                ).first()
            else { return .notFound }
            guard try Self.decode(row) == current else { return .refused("payments.invalidate.refused.changed") }
            if try await sql.raw(
                "SELECT filing_id FROM filing_fees WHERE tenant_id = \(bind: tenantID) AND iupd = \(bind: iupd)"
            ).first() != nil {
                return .refused("payments.invalidate.refused.filingFee")
            }
            try await sql.raw(
                """
                UPDATE debt_positions SET position = \(bind: json), status = \(bind: invalidated.status.rawValue), \
                updated_at = \(bind: date) WHERE tenant_id = \(bind: tenantID) AND iupd = \(bind: iupd)
                """
            ).run()
            try await SQLOutbox.insert(prepared, at: date, on: sql)
            return .invalidated(invalidated)
        }
    }

    public func recent(tenantID: Tenant.ID, limit: Int) async throws -> [DebtPosition] {
        try await storage.reader().raw(
            """
            SELECT position FROM debt_positions WHERE tenant_id = \(bind: tenantID) ORDER BY created_at DESC \
            LIMIT \(literal: limit)
            """
        ).all().map(Self.decode)
    }
}

/// Receipts in SQL: the receipt row and the position's new state written together; a receipt id already recorded is
/// answered from the position as it stands (the domain recognises it), and writes nothing.
public struct SQLPaymentReceipts: PaymentReceiptStore {
    let storage: Storage

    public init(storage: Storage) { self.storage = storage }

    public func record(_ receipt: PaymentReceipt, tenantID: Tenant.ID, at date: Date) async throws -> ReceiptApplication {
        let lock = storage.location.isPostgres ? " FOR UPDATE OF p" : ""
        return try await storage.durableTransaction { sql in
            guard
                let row = try await sql.raw(
                    """
                    SELECT p.position FROM payment_notices n JOIN debt_positions p \
                    ON p.tenant_id = n.tenant_id AND p.iupd = n.iupd \
                    WHERE n.tenant_id = \(bind: tenantID) AND n.notice_number = \(bind: receipt.noticeNumber.value)\(unsafeRaw: lock)
                    """
                ).first()
            else { return .refused(.unknown) }
            let position = try SQLDebtPositions.decode(row)
            let application = position.applying(receipt)
            let encoder = JSONEncoder()
            func insertReceipt() async throws {
                try await sql.raw(
                    """
                    INSERT INTO payment_receipts (tenant_id, receipt_id, notice_number, iupd, debtor_code, outcome, receipt, \
                    paid_at, recorded_at) VALUES (\(bind: tenantID), \(bind: receipt.receiptID), \
                    \(bind: receipt.noticeNumber.value), \(bind: position.iupd), \(bind: position.debtor.identifier.value), \
                    \(bind: receipt.outcome.rawValue), \(bind: String(decoding: try encoder.encode(receipt), as: UTF8.self)), \
                    \(bind: receipt.paymentDateTime), \(bind: date)) ON CONFLICT (tenant_id, receipt_id) DO NOTHING
                    """
                ).run()
            }
            switch application {
            case .recorded(let updated, _):
                try await insertReceipt()
                try await sql.raw(
                    """
                    UPDATE debt_positions SET position = \(bind: String(decoding: try encoder.encode(updated), as: UTF8.self)), \
                    status = \(bind: updated.status.rawValue), updated_at = \(bind: date) \
                    WHERE tenant_id = \(bind: tenantID) AND iupd = \(bind: position.iupd)
                    """
                ).run()
                if updated.status == .paid {
                    try await Self.releaseFilingFee(iupd: position.iupd, tenantID: tenantID, at: date, on: sql)
                }
            case .notPaid:
                try await insertReceipt()
            case .alreadyRecorded, .duplicatePayment, .refused, .invalid:
                break
            }
            return application
        }
    }

    /// A paid filing fee: the filing leaves "awaiting payment" for "paid, waiting for its number", and the job that
    /// registers it is queued, in the act that records the receipt.
    static func releaseFilingFee(iupd: String, tenantID: Tenant.ID, at date: Date, on sql: any SQLDatabase) async throws {
        guard
            let fee = try await sql.raw(
                """
                SELECT filing_id, job_kind, job_key, job_payload FROM filing_fees \
                WHERE tenant_id = \(bind: tenantID) AND iupd = \(bind: iupd) AND released_at IS NULL
                """
            ).first()
        else { return }
        let filingID = try fee.decode(column: "filing_id", as: UUID.self)
        try await sql.raw(
            """
            UPDATE filings SET status = \(bind: FilingStatus.readyToSubmit.rawValue), updated_at = \(bind: date) \
            WHERE id = \(bind: filingID) AND tenant_id = \(bind: tenantID) \
            AND status = \(bind: FilingStatus.awaitingPayment.rawValue)
            """
        ).run()
        try await sql.raw(
            """
            UPDATE filing_fees SET released_at = \(bind: date) WHERE tenant_id = \(bind: tenantID) AND iupd = \(bind: iupd)
            """
        ).run()
        try await SQLOutbox.insert(
            [
                NewOutboxJob(
                    tenantID: tenantID, kind: try fee.decode(column: "job_kind", as: String.self),
                    key: try fee.decode(column: "job_key", as: String.self),
                    payload: try fee.decode(column: "job_payload", as: String.self))
            ], at: date, on: sql)
    }

    public func receipts(paidFrom start: Date, to end: Date, tenantID: Tenant.ID) async throws -> [PaymentReceipt] {
        let decoder = JSONDecoder()
        return try await storage.reader().raw(
            """
            SELECT receipt FROM payment_receipts WHERE tenant_id = \(bind: tenantID) \
            AND paid_at >= \(bind: start) AND paid_at < \(bind: end)
            """
        ).all().map { row in
            try decoder.decode(PaymentReceipt.self, from: Data(try row.decode(column: "receipt", as: String.self).utf8))
        }
    }

    public func issuedIUVs(tenantID: Tenant.ID) async throws -> Set<IUV> {
        Set(
            try await storage.reader().raw(
                "SELECT notice_number FROM payment_notices WHERE tenant_id = \(bind: tenantID)"
            ).all().compactMap { row in
                try? NoticeNumber(validating: try row.decode(column: "notice_number", as: String.self)).iuv
            })
    }

    public func receipt(id: String, debtor: String, tenantID: Tenant.ID) async throws -> StoredReceipt? {
        try await receipts(debtor: debtor, tenantID: tenantID, only: id).first
    }

    public func receipts(debtor: String, tenantID: Tenant.ID) async throws -> [StoredReceipt] {
        try await receipts(debtor: debtor, tenantID: tenantID, only: nil)
    }

    public func receipts(iupd: String, debtor: String, tenantID: Tenant.ID) async throws -> [StoredReceipt] {
        // Through the debtor's index: a debtor has few receipts.
        try await receipts(tenantID: tenantID, where: "debtor_code = \(bind: debtor) AND iupd = \(bind: iupd)")
    }

    private func receipts(debtor: String, tenantID: Tenant.ID, only id: String?) async throws -> [StoredReceipt] {
        let one: SQLQueryString = id.map { " AND receipt_id = \(bind: $0)" } ?? ""
        return try await receipts(tenantID: tenantID, where: "debtor_code = \(bind: debtor)\(one)")
    }

    private func receipts(tenantID: Tenant.ID, where condition: SQLQueryString) async throws -> [StoredReceipt] {
        try await storage.reader().raw(
            """
            SELECT iupd, receipt, recorded_at FROM payment_receipts \
            WHERE tenant_id = \(bind: tenantID) AND \(condition) ORDER BY paid_at DESC
            """
        ).all().map { row in
            StoredReceipt(
                receipt: try JSONDecoder().decode(
                    PaymentReceipt.self, from: Data(try row.decode(column: "receipt", as: String.self).utf8)),
                iupd: try row.decode(column: "iupd", as: String.self),
                recordedAt: try row.decode(column: "recorded_at", as: Date.self))
        }
    }
}

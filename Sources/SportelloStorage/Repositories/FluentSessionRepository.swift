import Crypto
import FluentKit
public import Foundation
import SQLKit
public import SportelloCore

/// Sessions in the SQL database, keyed by the SHA-256 of the cookie token.
public struct FluentSessionRepository: SessionRepository {
    let storage: Storage
    private let encoder = JSONEncoder()
    private let decoder = JSONDecoder()

    public init(storage: Storage) { self.storage = storage }

    public func find(token: String, tenantID: Tenant.ID) async throws -> Session? {
        guard
            let model = try await SessionModel.query(on: storage.database())
                .filter(\.$id == Self.hash(token)).filter(\.$tenantID == tenantID).first()
        else { return nil }
        let state = try decoder.decode(SessionState.self, from: Data(model.state.utf8))
        return Session(
            token: token, tenantID: model.tenantID, state: state, createdAt: model.createdAt, lastSeenAt: model.lastSeenAt)
    }

    /// One statement (an upsert) rather than a read then a write: a sign-in saves two sessions. A row of the same
    /// token in another municipality is left alone.
    public func save(_ session: Session, expiresAt: Date) async throws {
        let state = String(decoding: try encoder.encode(session.state), as: UTF8.self)
        try await storage.sql().raw(
            """
            INSERT INTO sessions (token_hash, tenant_id, state, created_at, last_seen_at, expires_at) \
            VALUES (\(bind: Self.hash(session.token)), \(bind: session.tenantID), \(bind: state), \
            \(bind: session.createdAt), \(bind: session.lastSeenAt), \(bind: expiresAt)) \
            ON CONFLICT (token_hash) DO UPDATE SET state = excluded.state, last_seen_at = excluded.last_seen_at, \
            expires_at = excluded.expires_at WHERE sessions.tenant_id = excluded.tenant_id
            """
        ).run()
    }

    public func touch(token: String, tenantID: Tenant.ID, lastSeenAt: Date, expiresAt: Date) async throws {
        try await SessionModel.query(on: storage.database())
            .filter(\.$id == Self.hash(token)).filter(\.$tenantID == tenantID)
            .set(\.$lastSeenAt, to: lastSeenAt).set(\.$expiresAt, to: expiresAt)
            .update()
    }

    public func delete(token: String, tenantID: Tenant.ID) async throws {
        try await SessionModel.query(on: storage.database())
            .filter(\.$id == Self.hash(token)).filter(\.$tenantID == tenantID).delete()
    }

    public func deleteExpired(before date: Date) async throws -> Int {
        try await storage.sql().delete(from: "sessions").where("expires_at", .lessThan, date).returning("token_hash").all().count
    }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

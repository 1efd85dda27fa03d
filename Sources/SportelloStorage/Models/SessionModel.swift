import FluentKit
import Foundation

final class SessionModel: Model, @unchecked Sendable {
    static let schema = "sessions"

    /// SHA-256 of the cookie token: a stolen database does not yield usable cookies.
    @ID(custom: "token_hash", generatedBy: .user) var id: String?
    @Field(key: "tenant_id") var tenantID: UUID
    /// JSON of SessionState.
    @Field(key: "state") var state: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date
    @Field(key: "expires_at") var expiresAt: Date

    init() {}
}

final class MaintenanceWindowModel: Model, @unchecked Sendable {
    static let schema = "maintenance_windows"

    @ID(key: .id) var id: UUID?
    @Field(key: "tenant_id") var tenantID: UUID
    @Field(key: "starts_at") var startsAt: Date
    @Field(key: "ends_at") var endsAt: Date
    @Field(key: "message") var message: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "created_by") var createdBy: UUID

    init() {}
}

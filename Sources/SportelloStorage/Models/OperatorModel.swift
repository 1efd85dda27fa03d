import FluentKit
import Foundation

final class OfficeModel: Model, @unchecked Sendable {
    static let schema = "offices"

    @ID(key: .id) var id: UUID?
    @Field(key: "tenant_id") var tenantID: UUID
    @Field(key: "name") var name: String
    @Field(key: "email") var email: String

    init() {}
}

final class OperatorModel: Model, @unchecked Sendable {
    static let schema = "operators"

    @ID(key: .id) var id: UUID?
    @Field(key: "tenant_id") var tenantID: UUID
    @Field(key: "username") var username: String
    @Field(key: "display_name") var displayName: String
    @Field(key: "email") var email: String
    @OptionalField(key: "fiscal_code") var fiscalCode: String?
    @OptionalField(key: "password_hash") var passwordHash: String?
    @Field(key: "totp_secret") var totpSecret: String
    @Field(key: "is_active") var isActive: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Children(for: \.$operator) var memberships: [MembershipModel]

    init() {}
}

final class MembershipModel: Model, @unchecked Sendable {
    static let schema = "operator_memberships"

    @ID(key: .id) var id: UUID?
    @Field(key: "tenant_id") var tenantID: UUID
    @Parent(key: "operator_id") var `operator`: OperatorModel
    @Field(key: "office_id") var officeID: UUID
    @Field(key: "role") var role: String

    init() {}
}

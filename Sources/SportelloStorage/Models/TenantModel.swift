import FluentKit
import Foundation

final class TenantModel: Model, @unchecked Sendable {
    static let schema = "tenants"

    @ID(key: .id) var id: UUID?
    @Field(key: "slug") var slug: String
    @Field(key: "name") var name: String
    @Field(key: "tagline") var tagline: String
    @Field(key: "fiscal_code") var fiscalCode: String
    @Field(key: "ipa_code") var ipaCode: String
    @Field(key: "protocol_aoo_code") var aooCode: String
    @Field(key: "protocol_register_code") var registerCode: String
    @OptionalField(key: "logo_url") var logoURL: String?
    @Field(key: "primary_color") var primaryColor: String
    @Field(key: "primary_dark_color") var primaryDarkColor: String
    @Field(key: "contact_address") var contactAddress: String
    @Field(key: "contact_email") var contactEmail: String
    @Field(key: "contact_pec") var contactPEC: String
    @Field(key: "contact_phone") var contactPhone: String
    @OptionalField(key: "frame_template") var frameTemplate: String?
    /// Space-separated CSP sources.
    @Field(key: "frame_ancestors") var frameAncestors: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Children(for: \.$tenant) var hosts: [TenantHostModel]

    init() {}
}

final class TenantHostModel: Model, @unchecked Sendable {
    static let schema = "tenant_hosts"

    @ID(key: .id) var id: UUID?
    @Parent(key: "tenant_id") var tenant: TenantModel
    @Field(key: "host") var host: String

    init() {}

    init(tenantID: UUID, host: String) {
        self.$tenant.id = tenantID
        self.host = host
    }
}

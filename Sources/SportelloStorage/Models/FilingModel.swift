import FluentKit
import Foundation

final class ProcedureVersionModel: Model, @unchecked Sendable {
    static let schema = "procedure_versions"

    @ID(key: .id) var id: UUID?
    @Field(key: "tenant_id") var tenantID: UUID
    @Field(key: "code") var code: String
    @Field(key: "version") var version: Int
    /// JSON of ProcedureDefinition, frozen.
    @Field(key: "definition") var definition: String
    @Field(key: "published_at") var publishedAt: Date

    init() {}
}

final class FilingModel: Model, @unchecked Sendable {
    static let schema = "filings"

    @ID(key: .id) var id: UUID?
    @Field(key: "tenant_id") var tenantID: UUID
    @Field(key: "procedure_code") var procedureCode: String
    @Field(key: "procedure_version") var procedureVersion: Int
    @Field(key: "owner_fiscal_code") var owner: String
    @Field(key: "status") var status: String
    /// JSON of Answers.
    @Field(key: "answers") var answers: String
    @OptionalField(key: "current_page") var currentPage: String?
    @OptionalField(key: "consented_at") var consentedAt: Date?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    @OptionalField(key: "confirmed_at") var confirmedAt: Date?

    init() {}
}

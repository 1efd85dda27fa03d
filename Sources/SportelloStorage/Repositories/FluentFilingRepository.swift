import FluentKit
public import Foundation
public import SportelloCore

/// Filings in the SQL database; every query is scoped by tenant and owner.
public struct FluentFilingRepository: FilingRepository {
    let storage: Storage

    public init(storage: Storage) { self.storage = storage }

    public func create(_ filing: Filing) async throws {
        let model = FilingModel()
        model.id = filing.id
        try copy(filing, into: model)
        try await model.create(on: storage.database())
    }

    public func find(id: Filing.ID, owner: CodiceFiscale, tenantID: Tenant.ID) async throws -> Filing? {
        try await scoped(owner: owner, tenantID: tenantID).filter(\.$id == id).first().map(Self.makeFiling)
    }

    public func saveDraft(_ filing: Filing) async throws -> Bool {
        let db = storage.database()
        guard
            let model = try await FilingModel.query(on: db).filter(\.$id == filing.id)
                .filter(\.$tenantID == filing.tenantID).filter(\.$owner == filing.owner.value).first(),
            model.status == FilingStatus.draft.rawValue
        else { return false }
        try copy(filing, into: model)
        try await model.update(on: db)
        return true
    }

    public func list(owner: CodiceFiscale, tenantID: Tenant.ID, status: FilingStatus) async throws -> [Filing] {
        try await scoped(owner: owner, tenantID: tenantID).filter(\.$status == status.rawValue)
            .sort(\.$updatedAt, .descending).all().map(Self.makeFiling)
    }

    public func deleteDraft(id: Filing.ID, owner: CodiceFiscale, tenantID: Tenant.ID) async throws -> Bool {
        let query = scoped(owner: owner, tenantID: tenantID).filter(\.$id == id).filter(\.$status == FilingStatus.draft.rawValue)
        guard try await query.count() > 0 else { return false }
        try await scoped(owner: owner, tenantID: tenantID).filter(\.$id == id).filter(\.$status == FilingStatus.draft.rawValue)
            .delete()
        return true
    }

    public func deleteDrafts(updatedBefore date: Date) async throws -> Int {
        let db = storage.database()
        let stale = FilingModel.query(on: db).filter(\.$status == FilingStatus.draft.rawValue).filter(\.$updatedAt < date)
        let count = try await stale.count()
        try await FilingModel.query(on: db).filter(\.$status == FilingStatus.draft.rawValue).filter(\.$updatedAt < date).delete()
        return count
    }

    private func scoped(owner: CodiceFiscale, tenantID: Tenant.ID) -> QueryBuilder<FilingModel> {
        FilingModel.query(on: storage.database()).filter(\.$tenantID == tenantID).filter(\.$owner == owner.value)
    }

    private func copy(_ filing: Filing, into model: FilingModel) throws {
        model.tenantID = filing.tenantID
        model.procedureCode = filing.procedureCode
        model.procedureVersion = filing.procedureVersion
        model.owner = filing.owner.value
        model.status = filing.status.rawValue
        model.answers = String(decoding: try JSONEncoder().encode(filing.answers), as: UTF8.self)
        model.currentPage = filing.currentPage
        model.consentedAt = filing.consentedAt
        model.createdAt = filing.createdAt
        model.updatedAt = filing.updatedAt
        model.confirmedAt = filing.confirmedAt
    }

    static func makeFiling(_ model: FilingModel) throws -> Filing {
        Filing(
            id: try model.requireID(), tenantID: model.tenantID, procedureCode: model.procedureCode,
            procedureVersion: model.procedureVersion, owner: try CodiceFiscale(validating: model.owner),
            status: FilingStatus(rawValue: model.status) ?? .draft,
            answers: try JSONDecoder().decode(Answers.self, from: Data(model.answers.utf8)), currentPage: model.currentPage,
            consentedAt: model.consentedAt, createdAt: model.createdAt, updatedAt: model.updatedAt, confirmedAt: model.confirmedAt
        )
    }
}

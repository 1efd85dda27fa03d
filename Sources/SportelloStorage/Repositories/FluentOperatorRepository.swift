import FluentKit
public import Foundation
import SQLKit
public import SportelloCore

/// Operators and offices in the SQL database; every query carries the tenant.
public struct FluentOperatorRepository: OperatorRepository {
    let storage: Storage

    public init(storage: Storage) { self.storage = storage }

    public func find(username: String, tenantID: Tenant.ID) async throws -> Operator? {
        try await query(tenantID).filter(\.$username == username).first().map(Self.makeOperator)
    }

    public func find(id: Operator.ID, tenantID: Tenant.ID) async throws -> Operator? {
        try await query(tenantID).filter(\.$id == id).first().map(Self.makeOperator)
    }

    public func find(fiscalCode: CodiceFiscale, tenantID: Tenant.ID) async throws -> Operator? {
        try await query(tenantID).filter(\.$fiscalCode == fiscalCode.value).first().map(Self.makeOperator)
    }

    public func create(_ account: Operator) async throws {
        let db = storage.database()
        if try await OperatorModel.query(on: db).filter(\.$tenantID == account.tenantID)
            .filter(\.$username == account.username).count() > 0
        {
            throw OperatorConflict()
        }
        try await db.transaction { db in
            let model = OperatorModel()
            model.id = account.id
            model.tenantID = account.tenantID
            model.username = account.username
            model.displayName = account.displayName
            model.email = account.email
            model.fiscalCode = account.fiscalCode?.value
            model.passwordHash = account.passwordHash
            model.totpSecret = account.totpSecret
            model.isActive = account.isActive
            try await model.create(on: db)
            for membership in account.memberships {
                let row = MembershipModel()
                row.tenantID = account.tenantID
                row.$operator.id = account.id
                row.officeID = membership.officeID
                row.role = membership.role.rawValue
                try await row.create(on: db)
            }
        }
    }

    public func createOffice(_ office: Office) async throws {
        let model = OfficeModel()
        model.id = office.id
        model.tenantID = office.tenantID
        model.name = office.name
        model.email = office.email
        try await model.create(on: storage.database())
    }

    public func offices(tenantID: Tenant.ID) async throws -> [Office] {
        try await OfficeModel.query(on: storage.database()).filter(\.$tenantID == tenantID).sort(\.$name).all().map {
            Office(id: try $0.requireID(), tenantID: $0.tenantID, name: $0.name, email: $0.email)
        }
    }

    /// One conditional UPDATE, so two sign-ins racing with the same code cannot both succeed.
    public func recordOneTimeCodeUse(operatorID: Operator.ID, step: Int64, tenantID: Tenant.ID) async throws -> Bool {
        let updated = try await storage.sql().update("operators").set("totp_last_step", to: step)
            .where("id", .equal, operatorID).where("tenant_id", .equal, tenantID)
            .where { $0.where("totp_last_step", .is, SQLLiteral.null).orWhere("totp_last_step", .lessThan, step) }
            .returning("id").all()
        return !updated.isEmpty
    }

    private func query(_ tenantID: Tenant.ID) -> QueryBuilder<OperatorModel> {
        OperatorModel.query(on: storage.database()).filter(\.$tenantID == tenantID).with(\.$memberships)
    }

    static func makeOperator(_ model: OperatorModel) throws -> Operator {
        Operator(
            id: try model.requireID(), tenantID: model.tenantID, username: model.username, displayName: model.displayName,
            email: model.email, fiscalCode: model.fiscalCode.flatMap { try? CodiceFiscale(validating: $0) },
            passwordHash: model.passwordHash, totpSecret: model.totpSecret, isActive: model.isActive,
            memberships: model.memberships.compactMap { row in
                Role(rawValue: row.role).map { OfficeMembership(officeID: row.officeID, role: $0) }
            })
    }
}

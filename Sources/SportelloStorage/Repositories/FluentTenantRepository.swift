import FluentKit
public import Foundation
public import SportelloCore

/// Tenants in the SQL database.
public struct FluentTenantRepository: TenantRepository {
    let storage: Storage

    public init(storage: Storage) { self.storage = storage }

    public func all() async throws -> [Tenant] {
        try await TenantModel.query(on: storage.database()).with(\.$hosts).sort(\.$slug).all().map(Self.tenant)
    }

    public func find(slug: String) async throws -> Tenant? {
        try await TenantModel.query(on: storage.database()).filter(\.$slug == slug).with(\.$hosts).first().map(Self.tenant)
    }

    public func find(id: Tenant.ID) async throws -> Tenant? {
        try await TenantModel.query(on: storage.database()).filter(\.$id == id).with(\.$hosts).first().map(Self.tenant)
    }

    public func create(_ tenant: Tenant) async throws {
        let db = storage.database()
        if try await TenantModel.query(on: db).filter(\.$slug == tenant.slug).count() > 0 {
            throw TenantConflict(detail: "slug \(tenant.slug) exists")
        }
        if let taken = try await TenantHostModel.query(on: db).filter(\.$host ~~ tenant.hosts).first() {
            throw TenantConflict(detail: "host \(taken.host) belongs to another tenant")
        }
        try await db.transaction { db in
            let model = TenantModel()
            Self.copy(tenant, into: model)
            try await model.create(on: db)
            for host in tenant.hosts {
                try await TenantHostModel(tenantID: tenant.id, host: host).create(on: db)
            }
        }
    }

    public func update(_ tenant: Tenant) async throws {
        try await storage.database().transaction { db in
            guard let model = try await TenantModel.find(tenant.id, on: db) else { return }
            Self.copy(tenant, into: model)
            try await model.update(on: db)
            try await TenantHostModel.query(on: db).filter(\.$tenant.$id == tenant.id).delete()
            for host in tenant.hosts {
                try await TenantHostModel(tenantID: tenant.id, host: host).create(on: db)
            }
        }
    }

    static func copy(_ tenant: Tenant, into model: TenantModel) {
        model.id = tenant.id
        model.slug = tenant.slug
        model.name = tenant.name
        model.tagline = tenant.tagline
        model.fiscalCode = tenant.fiscalCode.value
        model.ipaCode = tenant.ipaCode
        model.aooCode = tenant.aooCode
        model.registerCode = tenant.registerCode
        model.logoURL = tenant.logoURL
        model.primaryColor = tenant.colors.primary.value
        model.primaryDarkColor = tenant.colors.primaryDark.value
        model.contactAddress = tenant.contacts.address
        model.contactEmail = tenant.contacts.email
        model.contactPEC = tenant.contacts.pec
        model.contactPhone = tenant.contacts.phone
        model.frameTemplate = tenant.frameTemplate
        model.frameAncestors = tenant.frameAncestors.joined(separator: " ")
    }

    static func tenant(_ model: TenantModel) throws -> Tenant {
        Tenant(
            id: try model.requireID(), slug: model.slug, name: model.name, tagline: model.tagline,
            fiscalCode: try PartitaIVA(validating: model.fiscalCode), ipaCode: model.ipaCode,
            aooCode: model.aooCode, registerCode: model.registerCode, hosts: model.hosts.map(\.host).sorted(),
            logoURL: model.logoURL,
            colors: TenantColors(
                primary: HexColor(model.primaryColor) ?? TenantColors.default.primary,
                primaryDark: HexColor(model.primaryDarkColor) ?? TenantColors.default.primaryDark),
            contacts: TenantContacts(
                address: model.contactAddress, email: model.contactEmail, pec: model.contactPEC, phone: model.contactPhone),
            frameTemplate: model.frameTemplate,
            frameAncestors: model.frameAncestors.split(separator: " ").map(String.init))
    }
}

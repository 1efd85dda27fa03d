import FluentKit
public import Foundation
public import SportelloCore

/// Planned outages in the SQL database.
public struct FluentMaintenanceRepository: MaintenanceRepository {
    let storage: Storage

    public init(storage: Storage) { self.storage = storage }

    public func create(_ window: MaintenanceWindow) async throws {
        let model = MaintenanceWindowModel()
        model.id = window.id
        model.tenantID = window.tenantID
        model.startsAt = window.startsAt
        model.endsAt = window.endsAt
        model.message = window.message
        model.createdAt = window.createdAt
        model.createdBy = window.createdBy
        try await model.create(on: storage.database())
    }

    public func upcoming(tenantID: Tenant.ID, now: Date) async throws -> [MaintenanceWindow] {
        try await MaintenanceWindowModel.query(on: storage.database())
            .filter(\.$tenantID == tenantID).filter(\.$endsAt > now).sort(\.$startsAt).all()
            .map {
                MaintenanceWindow(
                    id: try $0.requireID(), tenantID: $0.tenantID, startsAt: $0.startsAt, endsAt: $0.endsAt,
                    message: $0.message, createdAt: $0.createdAt, createdBy: $0.createdBy)
            }
    }

    public func delete(id: MaintenanceWindow.ID, tenantID: Tenant.ID) async throws {
        try await MaintenanceWindowModel.query(on: storage.database())
            .filter(\.$id == id).filter(\.$tenantID == tenantID).delete()
    }
}

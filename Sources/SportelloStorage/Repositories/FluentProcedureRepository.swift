import FluentKit
public import Foundation
public import SportelloCore

/// Procedure versions in the SQL database, stored as frozen JSON.
public struct FluentProcedureRepository: ProcedureRepository {
    let storage: Storage

    public init(storage: Storage) { self.storage = storage }

    @discardableResult
    public func publish(_ definition: ProcedureDefinition, tenantID: Tenant.ID, at date: Date) async throws -> ProcedureVersion {
        if let latest = try await latest(code: definition.code, tenantID: tenantID), latest.definition == definition {
            return latest
        }
        let json = String(decoding: try Self.encoder.encode(definition), as: UTF8.self)
        // The unique index makes a concurrent publisher fail instead of reusing the number; retry with the next one.
        for _ in 0..<5 {
            let next = (try await latest(code: definition.code, tenantID: tenantID)?.version ?? 0) + 1
            let model = ProcedureVersionModel()
            model.tenantID = tenantID
            model.code = definition.code
            model.version = next
            model.definition = json
            model.publishedAt = date
            do {
                try await model.create(on: storage.database())
                return ProcedureVersion(
                    tenantID: tenantID, code: definition.code, version: next, definition: definition, publishedAt: date)
            } catch let error as any DatabaseError where error.isConstraintFailure {
                continue
            }
        }
        throw ProcedurePublishConflict(code: definition.code)
    }

    public func versions(closedBefore date: Date) async throws -> [ProcedureVersionKey] {
        // Closing dates live inside the frozen definitions; there are few versions, read them all.
        try await ProcedureVersionModel.query(on: storage.database()).all().compactMap { model in
            let version = try Self.makeVersion(model)
            guard let closesAt = version.definition.closesAt, closesAt < date else { return nil }
            return ProcedureVersionKey(tenantID: version.tenantID, code: version.code, version: version.version)
        }
    }

    public func latest(code: String, tenantID: Tenant.ID) async throws -> ProcedureVersion? {
        try await ProcedureVersionModel.query(on: storage.database())
            .filter(\.$tenantID == tenantID).filter(\.$code == code).sort(\.$version, .descending).first()
            .map(Self.makeVersion)
    }

    public func latestVersionNumber(code: String, tenantID: Tenant.ID) async throws -> Int? {
        try await ProcedureVersionModel.query(on: storage.database())
            .filter(\.$tenantID == tenantID).filter(\.$code == code).max(\.$version)
    }

    public func version(_ version: Int, code: String, tenantID: Tenant.ID) async throws -> ProcedureVersion? {
        try await ProcedureVersionModel.query(on: storage.database())
            .filter(\.$tenantID == tenantID).filter(\.$code == code).filter(\.$version == version).first()
            .map(Self.makeVersion)
    }

    public func catalog(tenantID: Tenant.ID) async throws -> [ProcedureVersion] {
        let all = try await ProcedureVersionModel.query(on: storage.database()).filter(\.$tenantID == tenantID)
            .sort(\.$code).sort(\.$version, .descending).all()
        var seen = Set<String>()
        return try all.filter { seen.insert($0.code).inserted }.map(Self.makeVersion)
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    static func makeVersion(_ model: ProcedureVersionModel) throws -> ProcedureVersion {
        ProcedureVersion(
            tenantID: model.tenantID, code: model.code, version: model.version,
            definition: try decoder.decode(ProcedureDefinition.self, from: Data(model.definition.utf8)),
            publishedAt: model.publishedAt)
    }
}

/// Publishing kept colliding with concurrent publishers.
public struct ProcedurePublishConflict: Error {
    public let code: String
}

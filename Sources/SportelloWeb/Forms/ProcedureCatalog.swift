import Foundation
public import SportelloCore
import Synchronization
import Yams

/// Procedure files: YAML as designers write them (see docs/forms.md).
public enum ProcedureFile {
    /// Decodes and checks a procedure file; the error lists every problem for the designer.
    public static func load(yaml: String) throws -> CompiledProcedure {
        let definition: ProcedureDefinition
        do {
            definition = try YAMLDecoder().decode(ProcedureDefinition.self, from: yaml)
        } catch let error as DecodingError {
            throw FormDefinitionError(problems: [describe(error)])
        }
        return try CompiledProcedure(definition)
    }

    /// The demo procedures shipped with the module.
    public static func bundledDemo() throws -> [CompiledProcedure] {
        guard let folder = Bundle.module.url(forResource: "Procedures", withExtension: nil, subdirectory: "Resources") else {
            throw FormDefinitionError(problems: ["the demo procedures are missing from the bundle"])
        }
        let urls = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil).filter {
            $0.pathExtension == "yaml"
        }
        return try urls.sorted { $0.lastPathComponent < $1.lastPathComponent }.map { url in
            do { return try load(yaml: String(contentsOf: url, encoding: .utf8)) } catch let error as FormDefinitionError {
                throw FormDefinitionError(problems: error.problems.map { "\(url.lastPathComponent): \($0)" })
            }
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let path = context.codingPath.map { $0.intValue.map { "[\($0 + 1)]" } ?? $0.stringValue }.joined(separator: ".")
            return path.isEmpty ? "procedure" : path
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context)): missing '\(key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

/// Compiled procedure versions, kept in memory: a published version never changes, so each is
/// parsed and checked once per process.
public final class ProcedureCatalog: Sendable {
    let repository: any ProcedureRepository
    private let compiled = Mutex<[String: CompiledProcedure]>([:])
    /// Each tenant's list of latest versions, read again after `catalogSeconds` so that a version
    /// published by another process (the CLI, another node) shows up soon.
    private let catalogs = Mutex<[Tenant.ID: (fetchedAt: ContinuousClock.Instant, versions: [ProcedureVersion])]>([:])
    private let catalogSeconds: Duration = .seconds(30)

    public init(repository: any ProcedureRepository) {
        self.repository = repository
    }

    /// A filing's own version of its procedure.
    func procedure(code: String, version: Int, tenantID: Tenant.ID) async throws -> CompiledProcedure? {
        let key = "\(tenantID)/\(code)/\(version)"
        if let cached = compiled.withLock({ $0[key] }) { return cached }
        guard let stored = try await repository.version(version, code: code, tenantID: tenantID) else { return nil }
        let procedure = try CompiledProcedure(stored.definition)
        compiled.withLock { $0[key] = procedure }
        return procedure
    }

    /// The version new filings use: its number is read every time (a version published by another process
    /// counts at once), its definition only when it is not compiled yet.
    func latest(code: String, tenantID: Tenant.ID) async throws -> (version: Int, procedure: CompiledProcedure)? {
        guard let version = try await repository.latestVersionNumber(code: code, tenantID: tenantID) else { return nil }
        guard let procedure = try await procedure(code: code, version: version, tenantID: tenantID) else { return nil }
        return (version, procedure)
    }

    func catalog(tenantID: Tenant.ID) async throws -> [ProcedureVersion] {
        let now = ContinuousClock.now
        if let cached = catalogs.withLock({ $0[tenantID] }), now - cached.fetchedAt < catalogSeconds { return cached.versions }
        let versions = try await repository.catalog(tenantID: tenantID)
        catalogs.withLock { $0[tenantID] = (now, versions) }
        return versions
    }
}

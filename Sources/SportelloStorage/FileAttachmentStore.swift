public import Foundation
public import SportelloCore

/// Documents on the local file system, outside anything the web server serves:
/// `<root>/<tenant id>/<first two digest characters>/<sha256>`, uploads in progress under `<root>/.incoming`.
/// Several instances share it through a common volume (see docs/operations.md).
public struct FileAttachmentStore: AttachmentStore {
    public let root: URL

    public init(root: URL) throws {
        self.root = root.standardizedFileURL
        try FileManager.default.createDirectory(at: incoming, withIntermediateDirectories: true)
        // Documents are personal data: only the service account may read them.
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: self.root.path)
    }

    /// Where uploads are written while they arrive, on the same file system as the store.
    public var incoming: URL { root.appendingPathComponent(".incoming", isDirectory: true) }

    public func commit(temporaryFile: URL, sha256: String, tenantID: Tenant.ID) async throws {
        precondition(SHA256Digest.isValid(sha256), "a digest names the file")
        let destination = path(sha256: sha256, tenantID: tenantID)
        let files = FileManager.default
        try files.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        if files.fileExists(atPath: destination.path) {
            try? files.removeItem(at: temporaryFile)
            // Fresh again, so the cleanup's grace period covers the filing about to refer to it.
            try files.setAttributes([.modificationDate: Date()], ofItemAtPath: destination.path)
            return
        }
        try files.setAttributes([.posixPermissions: 0o600], ofItemAtPath: temporaryFile.path)
        do {
            try files.moveItem(at: temporaryFile, to: destination)
        } catch  where files.fileExists(atPath: destination.path) {
            // The same content arrived at the same moment from another request.
            try? files.removeItem(at: temporaryFile)
        }
    }

    public func location(sha256: String, tenantID: Tenant.ID) -> URL? {
        guard SHA256Digest.isValid(sha256) else { return nil }
        let url = path(sha256: sha256, tenantID: tenantID)
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    public func removeUnreferenced(keeping referenced: Set<String>, tenantID: Tenant.ID, olderThan: Date) async throws -> Int {
        let files = FileManager.default
        let folder = root.appendingPathComponent(tenantID.uuidString.lowercased(), isDirectory: true)
        guard
            let enumerator = files.enumerator(
                at: folder, includingPropertiesForKeys: [.contentModificationDateKey, .isRegularFileKey])
        else { return 0 }
        var removed = 0
        for case let url as URL in enumerator {
            let values = try url.resourceValues(forKeys: [.contentModificationDateKey, .isRegularFileKey])
            guard values.isRegularFile == true, SHA256Digest.isValid(url.lastPathComponent),
                !referenced.contains(url.lastPathComponent), (values.contentModificationDate ?? .distantFuture) < olderThan
            else { continue }
            try files.removeItem(at: url)
            removed += 1
        }
        return removed
    }

    public func tenantsWithFiles() throws -> [Tenant.ID] {
        try FileManager.default.contentsOfDirectory(atPath: root.path).compactMap(UUID.init(uuidString:))
    }

    public func removeAbandonedUploads(olderThan: Date) throws -> Int {
        let files = FileManager.default
        var removed = 0
        for name in try files.contentsOfDirectory(atPath: incoming.path) {
            let url = incoming.appendingPathComponent(name)
            let modified = try files.attributesOfItem(atPath: url.path)[.modificationDate] as? Date
            if (modified ?? .distantFuture) < olderThan {
                try files.removeItem(at: url)
                removed += 1
            }
        }
        return removed
    }

    private func path(sha256: String, tenantID: Tenant.ID) -> URL {
        root.appendingPathComponent(tenantID.uuidString.lowercased(), isDirectory: true)
            .appendingPathComponent(String(sha256.prefix(2)), isDirectory: true)
            .appendingPathComponent(sha256, isDirectory: false)
    }
}

public import Foundation

/// Where uploaded documents are kept, each under the SHA-256 of its content and apart per municipality.
/// The store is never served directly: downloads go through the owner checks of the web layer.
public protocol AttachmentStore: Sendable {
    /// Moves a fully written temporary file into the store under its digest. When the same content
    /// is already there, the temporary file is removed and the stored one is marked as fresh.
    func commit(temporaryFile: URL, sha256: String, tenantID: Tenant.ID) async throws
    /// The stored file's location, or nil when it is not (or no longer) there.
    func location(sha256: String, tenantID: Tenant.ID) -> URL?
    /// Removes stored files that no filing references, when older than `olderThan` (so an upload
    /// being committed right now is never taken away). Returns how many were removed.
    func removeUnreferenced(keeping referenced: Set<String>, tenantID: Tenant.ID, olderThan: Date) async throws -> Int
    /// The municipalities that have stored files.
    func tenantsWithFiles() throws -> [Tenant.ID]
    /// Removes uploads left half-written by a request that never finished (a crash, a killed process).
    func removeAbandonedUploads(olderThan: Date) throws -> Int
}

/// A SHA-256 digest written as 64 lowercase hexadecimal characters.
public enum SHA256Digest {
    public static func isValid(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}

extension Answers {
    /// Every attachment the answers refer to, including those inside group items.
    public var attachments: [AttachmentReference] {
        values.flatMap { answer -> [AttachmentReference] in
            switch answer {
            case .file(let file): [file]
            case .items(let items): items.flatMap(\.attachments)
            default: []
            }
        }
    }

    /// The attachment with this digest, if the answers refer to it.
    public func attachment(sha256: String) -> AttachmentReference? {
        attachments.first { $0.sha256 == sha256 }
    }
}

/// The record of which documents each filing refers to.
public protocol AttachmentRegister: Sendable {
    /// Makes the filing's recorded documents exactly `attachments`.
    func record(_ attachments: [AttachmentReference], filingID: Filing.ID, tenantID: Tenant.ID, at date: Date) async throws
    /// The digests some filing of the municipality refers to.
    func referencedDigests(tenantID: Tenant.ID) async throws -> Set<String>
}

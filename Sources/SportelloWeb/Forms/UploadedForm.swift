import Crypto
import Foundation
import Hummingbird
import NIOCore
import SportelloCore
import _NIOFileSystem

/// A posted `multipart/form-data` form: its text fields, and its files already written to
/// temporary files with their size and SHA-256, ready to be checked and stored.
struct UploadedForm: Sendable {
    var fields: FormFields
    var files: [UploadedFile]

    /// The file posted under `name`, when one was chosen.
    func file(named name: String) -> UploadedFile? { files.first { $0.name == name } }

    /// Deletes whatever was not moved into the attachment store.
    func removeTemporaryFiles() {
        for file in files { try? FileManager.default.removeItem(at: file.temporaryURL) }
    }
}

/// One posted file.
struct UploadedFile: Sendable {
    /// The form name of the file input.
    var name: String
    /// The name the file had on the citizen's device, without any folder part.
    var fileName: String
    var temporaryURL: URL
    var size: Int
    var sha256: String
    /// The first bytes, to check that the content is the kind its name says.
    var leadingBytes: [UInt8]
}

/// Why a posted form was not read.
enum UploadFailure: Error, Equatable {
    case tooLarge
    case malformed(String)
    /// The first part was not the session's CSRF token: nothing else was read.
    case forbidden
}

/// Reads a multipart body as it streams in, writing file parts to disk while hashing them.
struct MultipartFormReader {
    /// Temporary files go here, on the same file system as the attachment store.
    let directory: URL
    /// The whole body may not exceed this many bytes.
    let maximumBytes: Int
    /// Text fields together may not exceed this many bytes.
    let maximumTextBytes: Int = 1 << 20

    /// Reads the body. `firstField` is asked about the first part (name, value) before any other
    /// part is read; answering false refuses the form.
    func read(
        _ body: RequestBody, boundary: String, firstField: (String, String) -> Bool
    ) async throws -> UploadedForm {
        var parser = MultipartParser(boundary: boundary)
        var pairs: [(String, String)] = []
        var files: [UploadedFile] = []
        var current: PartInProgress?
        var total = 0
        var textBytes = 0
        do {
            for try await chunk in body {
                total += chunk.readableBytes
                guard total <= maximumBytes else { throw UploadFailure.tooLarge }
                for event in try parser.feed(chunk.readableBytesView) {
                    switch event {
                    case .part(let name, let fileName, _):
                        if let fileName {
                            current = .file(try await SpooledFile(name: name, fileName: fileName, in: directory))
                        } else {
                            current = .text(name: name, bytes: [])
                        }
                    case .data(let bytes):
                        switch current {
                        case .file(var file):
                            try await file.append(bytes)
                            current = .file(file)
                        case .text(let name, var text):
                            textBytes += bytes.count
                            guard textBytes <= maximumTextBytes else { throw UploadFailure.tooLarge }
                            text.append(contentsOf: bytes)
                            current = .text(name: name, bytes: text)
                        case nil:
                            throw UploadFailure.malformed("data outside a part")
                        }
                    case .end:
                        switch current {
                        case .file(let file):
                            if let uploaded = try await file.finish() { files.append(uploaded) }
                        case .text(let name, let bytes):
                            pairs.append((name, String(decoding: bytes, as: UTF8.self)))
                        case nil:
                            break
                        }
                        if pairs.count + files.count == 1 {
                            guard let (name, value) = pairs.first, firstField(name, value) else {
                                throw UploadFailure.forbidden
                            }
                        }
                        current = nil
                    }
                }
                if parser.isComplete { break }
            }
            try parser.finish()
        } catch {
            if case .file(let file) = current { await file.abandon() }
            for file in files { try? FileManager.default.removeItem(at: file.temporaryURL) }
            if let failure = error as? MultipartParser.Failure {
                throw UploadFailure.malformed(String(describing: failure))
            }
            throw error
        }
        return UploadedForm(fields: FormFields(pairs: pairs), files: files)
    }

    private enum PartInProgress {
        case text(name: String, bytes: [UInt8])
        case file(SpooledFile)
    }
}

/// A file part being written to a temporary file.
private struct SpooledFile {
    let name: String
    let fileName: String
    let url: URL
    let handle: WriteFileHandle
    var writer: BufferedWriter<WriteFileHandle>
    var hasher = SHA256()
    var size = 0
    var leadingBytes: [UInt8] = []

    init(name: String, fileName: String, in directory: URL) async throws {
        self.name = name
        self.fileName = Self.baseName(fileName)
        url = directory.appendingPathComponent(UUID().uuidString.lowercased() + ".part")
        handle = try await FileSystem.shared.openFile(
            forWritingAt: FilePath(url.path), options: .newFile(replaceExisting: false, permissions: [.ownerReadWrite]))
        writer = handle.bufferedWriter(capacity: .kibibytes(256))
    }

    mutating func append(_ bytes: [UInt8]) async throws {
        hasher.update(data: bytes)
        size += bytes.count
        if leadingBytes.count < FileType.signatureLength {
            leadingBytes.append(contentsOf: bytes.prefix(FileType.signatureLength - leadingBytes.count))
        }
        _ = try await writer.write(contentsOf: bytes)
    }

    /// Closes the file; nil (and no file) when no file was chosen in that input.
    func finish() async throws -> UploadedFile? {
        var writer = writer
        try await writer.flush()
        try await handle.close()
        guard size > 0 || !fileName.isEmpty else {
            try? FileManager.default.removeItem(at: url)
            return nil
        }
        let digest = Hex.encode(hasher.finalize())
        return UploadedFile(
            name: name, fileName: fileName, temporaryURL: url, size: size, sha256: digest, leadingBytes: leadingBytes)
    }

    func abandon() async {
        try? await handle.close()
        try? FileManager.default.removeItem(at: url)
    }

    /// Some browsers send the whole path ("C:\Documenti\contratto.pdf"): keep the last part,
    /// without control characters, at most 200 characters.
    static func baseName(_ fileName: String) -> String {
        let last = fileName.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let clean = String(last.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) })
            .trimmingCharacters(in: .whitespaces)
        return String(clean.prefix(200))
    }
}

/// The kinds of document a citizen may attach, named by extension as designers write them in `accept`.
/// A file is accepted only when its name's extension is allowed and its first bytes match the kind:
/// what the browser says about the type is never trusted.
public struct FileType: Equatable, Hashable, Sendable {
    /// The extension designers write (lowercase, without dot).
    public let name: String
    /// Other extensions a file of this kind may carry ("jpeg" for "jpg").
    public let aliases: [String]
    /// The content type the file is served with.
    public let contentType: String
    private let signature: @Sendable ([UInt8]) -> Bool

    public static func == (lhs: FileType, rhs: FileType) -> Bool { lhs.name == rhs.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }

    /// How many leading bytes the signature checks need.
    public static let signatureLength = 16

    /// Whether `leadingBytes` (the start of the file) look like this kind of file.
    public func matches(_ leadingBytes: [UInt8]) -> Bool { signature(leadingBytes) }

    /// The kinds Sportello knows. Designers may only name these.
    public static let known: [FileType] = [
        FileType(name: "pdf", aliases: [], contentType: "application/pdf") { $0.starts(with: Array("%PDF-".utf8)) },
        // A signed CAdES envelope: DER (starts with a SEQUENCE) or, as some signing tools write it, Base64 text.
        FileType(name: "p7m", aliases: [], contentType: "application/pkcs7-mime") { bytes in
            bytes.first == 0x30 || bytes.starts(with: Array("MII".utf8)) || bytes.starts(with: Array("MIA".utf8))
        },
        FileType(name: "jpg", aliases: ["jpeg"], contentType: "image/jpeg") { $0.starts(with: [0xFF, 0xD8, 0xFF]) },
        FileType(name: "png", aliases: [], contentType: "image/png") {
            $0.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        },
        FileType(name: "tif", aliases: ["tiff"], contentType: "image/tiff") {
            $0.starts(with: [0x49, 0x49, 0x2A, 0x00]) || $0.starts(with: [0x4D, 0x4D, 0x00, 0x2A])
        },
        FileType(name: "xml", aliases: [], contentType: "application/xml") { bytes in
            let text = bytes.drop { $0 == 0xEF || $0 == 0xBB || $0 == 0xBF || $0 == 0x20 || $0 == 0x0A || $0 == 0x0D }
            return text.first == UInt8(ascii: "<")
        },
        FileType(name: "odt", aliases: [], contentType: "application/vnd.oasis.opendocument.text") { Self.isZip($0) },
        FileType(
            name: "docx", aliases: [],
            contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        ) { Self.isZip($0) },
        FileType(name: "zip", aliases: [], contentType: "application/zip") { Self.isZip($0) },
    ]

    /// The known kind for an extension written in a procedure file, or nil.
    public static func named(_ name: String) -> FileType? {
        let lowered = name.lowercased()
        return known.first { $0.name == lowered || $0.aliases.contains(lowered) }
    }

    /// The extension of a file name, lowercased ("Contratto.PDF" → "pdf").
    public static func fileExtension(of fileName: String) -> String? {
        guard let dot = fileName.lastIndex(of: "."), dot != fileName.startIndex else { return nil }
        let ext = fileName[fileName.index(after: dot)...].lowercased()
        return ext.isEmpty ? nil : ext
    }

    /// The allowed kind a file belongs to, judged by its name and first bytes; nil when it is not allowed
    /// or its content does not match its name.
    public static func accepted(fileName: String, leadingBytes: [UInt8], allowed: [String]) -> FileType? {
        guard let ext = fileExtension(of: fileName), let kind = named(ext),
            allowed.contains(where: { named($0) == kind }), kind.matches(leadingBytes)
        else { return nil }
        return kind
    }

    private static func isZip(_ bytes: [UInt8]) -> Bool { bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) }
}

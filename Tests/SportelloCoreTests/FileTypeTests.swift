import SportelloCore
import Testing

@Suite("Kinds of attached files")
struct FileTypeTests {
    static let pdf = Array("%PDF-1.7\n".utf8)
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]
    static let der: [UInt8] = [0x30, 0x82, 0x12, 0x34]

    @Test("a file is accepted when its extension is allowed and its content matches it")
    func accepted() {
        #expect(FileType.accepted(fileName: "Contratto.PDF", leadingBytes: Self.pdf, allowed: ["pdf"])?.name == "pdf")
        #expect(FileType.accepted(fileName: "foto.jpeg", leadingBytes: Self.jpeg, allowed: ["jpg"])?.contentType == "image/jpeg")
        #expect(FileType.accepted(fileName: "contratto.pdf.p7m", leadingBytes: Self.der, allowed: ["pdf", "p7m"])?.name == "p7m")
        #expect(FileType.accepted(fileName: "scan.png", leadingBytes: Self.png, allowed: ["pdf", "png"])?.name == "png")
    }

    @Test("a renamed file, a kind not allowed, an unknown kind or no extension are refused")
    func refused() {
        #expect(FileType.accepted(fileName: "foto.pdf", leadingBytes: Self.png, allowed: ["pdf"]) == nil)
        #expect(FileType.accepted(fileName: "scan.png", leadingBytes: Self.png, allowed: ["pdf"]) == nil)
        #expect(FileType.accepted(fileName: "virus.exe", leadingBytes: [0x4D, 0x5A], allowed: ["pdf", "exe"]) == nil)
        #expect(FileType.accepted(fileName: "pdf", leadingBytes: Self.pdf, allowed: ["pdf"]) == nil)
        #expect(FileType.accepted(fileName: ".pdf", leadingBytes: Self.pdf, allowed: ["pdf"]) == nil)
        #expect(FileType.accepted(fileName: "x.p7m", leadingBytes: Self.pdf, allowed: ["p7m"]) == nil)
    }

    @Test("only known kinds can be named in a procedure file")
    func named() {
        #expect(FileType.named("JPEG")?.name == "jpg")
        #expect(FileType.named("tiff")?.name == "tif")
        #expect(FileType.named("exe") == nil)
        #expect(FileType.fileExtension(of: "a.b.C") == "c")
        #expect(FileType.fileExtension(of: "noext") == nil)
    }

    @Test("the documents a filing refers to are found in group items too")
    func attachmentsInAnswers() {
        let a = AttachmentReference(sha256: String(repeating: "a", count: 64), fileName: "a.pdf", size: 1, contentType: "x")
        let b = AttachmentReference(sha256: String(repeating: "b", count: 64), fileName: "b.pdf", size: 1, contentType: "x")
        let answers: Answers = ["doc": .file(a), "members": .items([["cert": .file(b), "name": .text("x")]]), "n": .text("1")]
        #expect(Set(answers.attachments.map(\.fileName)) == ["a.pdf", "b.pdf"])
        #expect(answers.attachment(sha256: b.sha256) == b)
        #expect(answers.attachment(sha256: String(repeating: "c", count: 64)) == nil)
        #expect(SHA256Digest.isValid(a.sha256))
        #expect(!SHA256Digest.isValid("../" + String(repeating: "a", count: 61)))
        #expect(!SHA256Digest.isValid(String(repeating: "A", count: 64)))
    }
}

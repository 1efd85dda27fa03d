import Crypto
import Foundation
import SportelloCore
import SportelloStorage
import SportelloTestSupport
import Testing

@testable import SportelloWeb

/// A municipality with a procedure that asks for one document, at most 1 MB, PDF or JPG.
func seedProcedureWithDocument() -> @Sendable (Storage) async throws -> Void {
    { storage in
        let tenant = try TenantDraft(
            slug: "prova", name: "Comune di Prova", fiscalCode: "97735020584", ipaCode: "c_prova", hosts: ["prova.test"]
        )
        .validated()
        try await FluentTenantRepository(storage: storage).create(tenant)
        let yaml = """
            code: certificato
            title: Richiesta con documento
            description: Una domanda che chiede un documento.
            info: ["Serve il documento d'identità."]
            archetype: permitsAndDocuments
            office: {name: Ufficio Anagrafe}
            maximumCompletionDays: 30
            form:
              pages:
                - id: documenti
                  title: Documenti
                  sections:
                    - id: allegati
                      fields:
                        - {id: motivo, type: text, label: Motivo, required: true}
                        - {id: documento, type: attachment, label: Documento, required: true, accept: [pdf, jpg], maximumSizeMB: 1}
                - id: fine
                  title: Fine
                  sections:
                    - id: note
                      fields:
                        - {id: nota, type: text, label: Nota}
            """
        let procedure = try ProcedureFile.load(yaml: yaml)
        try await FluentProcedureRepository(storage: storage).publish(procedure.definition, tenantID: tenant.id, at: Date())
    }
}

@Suite("Attached documents")
struct AttachmentTests {
    static let pdf = Array("%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n".utf8) + Array(repeating: 0x20, count: 3000)
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 0, count: 100)

    static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// Signs in, starts a filing and gives consent; returns the documents page.
    static func startFiling(
        _ browser: TestBrowser, citizen: String = "RSSMRA85T10A562S"
    ) async throws -> (
        String, TestBrowser.Page
    ) {
        try await browser.signInAsCitizen(citizen, start: "/auth/login?next=/servizi/certificato")
        let service = try await browser.get("/servizi/certificato")
        var page = try await browser.submit("/servizi/certificato/avvia", from: service, form: [])
        let id = try #require(FilingFlowTests.filingID(page))
        page = try await browser.submit("/pratiche/\(id)/privacy", from: page, form: [("consent", "yes")])
        #expect(page.url.hasSuffix("/pagine/documenti"))
        return (id, page)
    }

    static func storedFiles(_ site: TestSite) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: site.attachmentsDirectory.path)
        return (enumerator?.allObjects as? [String] ?? []).filter { !$0.hasPrefix(".incoming") }
            .compactMap { $0.split(separator: "/").last.map(String.init) }.filter(SHA256Digest.isValid)
    }

    static func incomingFiles(_ site: TestSite) -> [String] {
        (try? FileManager.default.contentsOfDirectory(
            atPath: site.attachmentsDirectory.appendingPathComponent(".incoming").path)) ?? []
    }

    @Test(
        "a document is uploaded, shown with name and size, downloaded by its owner only, and stored by SHA-256",
        arguments: TestEngine.available)
    func uploadAndDownload(engine: TestEngine) async throws {
        try await TestSite.run(engine: engine, seed: seedProcedureWithDocument()) { site in
            let browser = site.browser(host: "prova.test")
            var (id, page) = try await Self.startFiling(browser)
            #expect(page.contains("enctype=\"multipart/form-data\""))
            #expect(page.contains("accept=\".pdf,.jpg,.jpeg\""))
            page = try await browser.upload(
                "/pratiche/\(id)/pagine/documenti", from: page, form: [("a.motivo", "Rinnovo"), ("action", "save")],
                files: [("a.documento", .init(fileName: "C:\\Documenti\\Carta identità.pdf", bytes: Self.pdf))])
            #expect(page.status == 200)
            let digest = Self.sha256(Self.pdf)
            #expect(page.contains("Carta identità.pdf"), "the name is shown without the folder")
            #expect(page.contains("(3 KB)"))
            #expect(page.contains("href=\"/pratiche/\(id)/allegati/\(digest)\""))
            #expect(page.contains("value=\"Rinnovo\""))
            #expect(Self.storedFiles(site) == [digest], "stored under its SHA-256, outside any served folder")
            #expect(Self.incomingFiles(site).isEmpty, "no temporary file is left behind")

            let (download, bytes) = try await browser.download("/pratiche/\(id)/allegati/\(digest)")
            #expect(download.status == 200)
            #expect(bytes == Self.pdf)
            #expect(download.header("Content-Type") == "application/pdf")
            #expect(download.header("Content-Disposition")?.hasPrefix("attachment;") == true)
            #expect(download.header("Content-Disposition")?.contains("filename*=UTF-8''Carta%20identit%C3%A0.pdf") == true)
            #expect(download.header("Cache-Control") == "private, no-store")

            // Another citizen, a made-up digest, and another municipality's host get nothing.
            let stranger = site.browser(host: "prova.test")
            try await stranger.signInAsCitizen("BNCNNA90C55H501L", start: "/auth/login?next=/area-personale")
            let refused = try await stranger.download("/pratiche/\(id)/allegati/\(digest)")
            #expect(refused.page.status == 404)
            #expect(refused.bytes != Self.pdf)
            #expect(site.logs.contains("document not found for this citizen"))
            let invented = try await browser.download("/pratiche/\(id)/allegati/\(String(repeating: "a", count: 64))")
            #expect(invented.page.status == 404)
            let anonymous = try await site.browser(host: "prova.test").download("/pratiche/\(id)/allegati/\(digest)")
            #expect(anonymous.page.status == 303, "without sign-in the way leads to the sign-in page")

            // Going on: the required document is there now.
            page = try await browser.submit(
                "/pratiche/\(id)/pagine/documenti", from: page,
                form: [
                    ("a.motivo", "Rinnovo"), ("action", "next"),
                ])
            #expect(page.url.hasSuffix("/pagine/fine"))
            let summary = try await browser.get("/pratiche/\(id)/riepilogo")
            #expect(summary.contains("Carta identità.pdf (3 KB)"))
        }
    }

    @Test("a file of the wrong kind, too large or empty is refused on its field, keeping what was typed")
    func refusals() async throws {
        try await TestSite.run(seed: seedProcedureWithDocument()) { site in
            let browser = site.browser(host: "prova.test")
            var (id, page) = try await Self.startFiling(browser)
            let target = "/pratiche/\(id)/pagine/documenti"
            // A PNG renamed to .pdf: the name says PDF, the content does not.
            page = try await browser.upload(
                target, from: page, form: [("a.motivo", "Primo rilascio"), ("action", "next")],
                files: [("a.documento", .init(fileName: "foto.pdf", contentType: "application/pdf", bytes: Self.png))])
            #expect(page.status == 422)
            #expect(page.contains("Questo tipo di file non è accettato"))
            #expect(page.contains("Formati ammessi: PDF, JPG"))
            #expect(page.contains("value=\"Primo rilascio\""))
            // A real PNG: not among the accepted kinds.
            page = try await browser.upload(
                target, from: page, form: [("a.motivo", "Primo rilascio"), ("action", "next")],
                files: [("a.documento", .init(fileName: "foto.png", bytes: Self.png))])
            #expect(page.status == 422)
            #expect(page.contains("Questo tipo di file non è accettato"))
            // Over the field's 1 MB.
            let big = Array("%PDF-1.7\n".utf8) + Array(repeating: UInt8(0x41), count: 1_100_000)
            page = try await browser.upload(
                target, from: page, form: [("a.motivo", "Primo rilascio"), ("action", "save")],
                files: [("a.documento", .init(fileName: "scansione.pdf", bytes: big))])
            #expect(page.status == 422)
            #expect(page.contains("Il file è troppo grande: la dimensione massima è 1 MB."))
            page = try await browser.upload(
                target, from: page, form: [("a.motivo", "Primo rilascio"), ("action", "save")],
                files: [("a.documento", .init(fileName: "vuoto.pdf", bytes: []))])
            #expect(page.status == 422)
            #expect(page.contains("Il file scelto è vuoto"))
            #expect(Self.storedFiles(site).isEmpty, "nothing refused is kept")
            #expect(Self.incomingFiles(site).isEmpty)
            // No file chosen at all: the required document is asked for.
            page = try await browser.upload(
                target, from: page, form: [("a.motivo", "Primo rilascio"), ("action", "next")],
                files: [("a.documento", .init(fileName: "", bytes: []))])
            #expect(page.status == 422)
            #expect(page.contains("Allega il documento richiesto."))
        }
    }

    @Test("a form with files must carry the CSRF token first, and a body over the upload limit is refused")
    func forgedAndOversized() async throws {
        try await TestSite.run(settings: ["http.maxUploadBytes": 200_000], seed: seedProcedureWithDocument()) { site in
            let browser = site.browser(host: "prova.test")
            var (id, page) = try await Self.startFiling(browser)
            let target = "/pratiche/\(id)/pagine/documenti"
            let refused = try await browser.upload(
                target, from: page, form: [("a.motivo", "x"), ("action", "save")],
                files: [("a.documento", .init(fileName: "doc.pdf", bytes: Self.pdf))], csrfFirst: false)
            #expect(refused.status == 403)
            #expect(site.logs.contains("form post refused: CSRF token missing or wrong"))
            let big = Array("%PDF-1.7\n".utf8) + Array(repeating: UInt8(0x41), count: 300_000)
            page = try await browser.upload(
                target, from: page, form: [("a.motivo", "x"), ("action", "save")],
                files: [("a.documento", .init(fileName: "doc.pdf", bytes: big))])
            #expect(page.status == 413)
            #expect(Self.storedFiles(site).isEmpty)
            #expect(Self.incomingFiles(site).isEmpty)
        }
    }

    @Test("a removed document disappears from the draft, and the daily cleanup deletes the file", arguments: TestEngine.available)
    func removeAndCleanUp(engine: TestEngine) async throws {
        try await TestSite.run(engine: engine, seed: seedProcedureWithDocument()) { site in
            let browser = site.browser(host: "prova.test")
            var (id, page) = try await Self.startFiling(browser)
            let target = "/pratiche/\(id)/pagine/documenti"
            page = try await browser.upload(
                target, from: page, form: [("a.motivo", "Rinnovo"), ("action", "save")],
                files: [("a.documento", .init(fileName: "documento.pdf", bytes: Self.pdf))])
            let digest = Self.sha256(Self.pdf)
            #expect(page.contains("value=\"detach:documento\""))
            // A second filing of another citizen refers to the same content.
            let other = site.browser(host: "prova.test")
            var (otherID, otherPage) = try await Self.startFiling(other, citizen: "BNCNNA90C55H501L")
            otherPage = try await other.upload(
                "/pratiche/\(otherID)/pagine/documenti", from: otherPage, form: [("action", "save")],
                files: [("a.documento", .init(fileName: "mio.pdf", bytes: Self.pdf))])
            #expect(otherPage.contains("mio.pdf"))

            page = try await browser.upload(
                target, from: page, form: [("a.motivo", "Rinnovo"), ("action", "detach:documento")], files: [])
            #expect(page.status == 200)
            #expect(!page.contains("documento.pdf"))
            #expect(try await browser.download("/pratiche/\(id)/allegati/\(digest)").page.status == 404)

            let storage = try Storage(location: DatabaseLocation(url: site.databaseURL), logger: .init(label: "test"))
            let pool = Task { try await storage.runPoolForTests() }
            defer { pool.cancel() }
            let store = try FileAttachmentStore(root: site.attachmentsDirectory)
            let cleanup = AttachmentCleanup(store: store, register: SQLAttachmentRegister(storage: storage))
            // Within the grace period nothing goes; the other filing still needs the file anyway.
            #expect(try await cleanup.run(now: Date().addingTimeInterval(7200)) == 0)
            #expect(Self.storedFiles(site) == [digest])
            // The other draft is deleted: now nobody refers to the file.
            otherPage = try await other.get("/pratiche/\(otherID)/elimina")
            _ = try await other.submit("/pratiche/\(otherID)/elimina", from: otherPage, form: [])
            #expect(try await cleanup.run(now: Date()) == 0, "a fresh file is kept for the grace period")
            #expect(try await cleanup.run(now: Date().addingTimeInterval(7200)) == 1)
            #expect(Self.storedFiles(site).isEmpty)
            await storage.shutdown()
        }
    }
}

@Suite("Demo municipality")
struct DemoDataTests {
    @Test("a bundled call that is closed today is moved to be open, keeping its length; an open one is unchanged")
    func callsKeptOpen() throws {
        let nursery = try #require(try ProcedureFile.bundledDemo().first { $0.definition.code == "iscrizione-nido" }).definition
        let opens = try #require(nursery.opensAt)
        let closes = try #require(nursery.closesAt)
        let inside = opens.addingTimeInterval(86_400)
        #expect(DemoData.keptOpen(nursery, at: inside) == nursery)
        let later = closes.addingTimeInterval(200 * 86_400)
        let moved = DemoData.keptOpen(nursery, at: later)
        #expect(moved.isOpen(at: later))
        #expect(moved.closesAt!.timeIntervalSince(moved.opensAt!) == closes.timeIntervalSince(opens))
        #expect(moved.opensAt! < later && later.timeIntervalSince(moved.opensAt!) <= 8 * 86_400)
        let permit = try #require(try ProcedureFile.bundledDemo().first { $0.definition.code == "permesso-ztl" }).definition
        #expect(DemoData.keptOpen(permit, at: later) == permit, "a procedure without a window is always open")
    }
}

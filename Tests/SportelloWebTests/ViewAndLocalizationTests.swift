import Foundation
import Testing

@testable import SportelloWeb

@Suite("Views and localization")
struct ViewAndLocalizationTests {
    let localizer: Localizer

    init() throws {
        localizer = try Localizer.bundled()
    }

    @Test("people's data is escaped in text and in attributes")
    func escaping() {
        let model = PersonalAreaView.Model(
            fullName: "<script>alert(1)</script>", fiscalCode: "\"><img src=x>",
            sections: [.init(id: "filings", title: "A & B", emptyText: "none", items: [])])
        let html = PersonalAreaView.body(model, t: Texts(localizer: localizer, language: .italian)).render()
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&quot;&gt;&lt;img src=x&gt;"))
        #expect(html.contains("A &amp; B"))
        let field = Fragments.field(id: "username", label: "Nome", value: "\" onfocus=\"alert(1)").render()
        #expect(field.contains("value=\"&quot; onfocus=&quot;alert(1)\""))
    }

    @Test("the personal area view is a pure function of its model")
    func personalAreaView() {
        let model = PersonalAreaView.Model(
            fullName: "Anna Bianchi", fiscalCode: "BNCNNA90C55H501L",
            sections: [.init(id: "drafts", title: "Bozze", emptyText: "Nessuna bozza", items: [])])
        let t = Texts(localizer: localizer, language: .italian)
        let html = PersonalAreaView.body(model, t: t).render()
        #expect(html == PersonalAreaView.body(model, t: t).render())
        #expect(html.contains("<dd id=\"citizen-name\">Anna Bianchi</dd>"))
        #expect(html.contains("<section id=\"drafts\" aria-labelledby=\"drafts-title\">"))
        #expect(html.contains("<p class=\"empty-state\">Nessuna bozza</p>"))
    }

    @Test("Italian and English catalogs have the same keys and no empty text")
    func catalogsMatch() {
        #expect(localizer.keys(.italian) == localizer.keys(.english))
        for language in Language.allCases {
            for key in localizer.keys(language) {
                #expect(!localizer.text(key, language).isEmpty, "\(key) is empty in \(language)")
            }
        }
    }

    @Test("every message key written in the sources exists in the catalogs")
    func everyKeyUsedExists() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" && $0.lastPathComponent != "AppConfig.swift" }
        #expect(files.count > 20)
        let keyPattern =
            /"((?:error|frame|nav|home|personalArea|backOffice|maintenance|info|testProvider|role|form|service|consent|summary|confirm|ready|draft)\.[A-Za-z0-9.\-]+)"/
        var missing: [String] = []
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: keyPattern) {
                let key = String(match.1)
                if key.hasSuffix(".") { continue }  // a prefix completed at run time
                if !localizer.keys(.italian).contains(key) { missing.append("\(file.lastPathComponent): \(key)") }
            }
        }
        #expect(missing.isEmpty, "missing keys: \(missing)")
    }

    @Test(
        "the browser's preferred language is honoured, Italian otherwise",
        arguments: [
            ("en-GB,en;q=0.9", Language.english), ("it-IT,it;q=0.8,en;q=0.5", .italian), ("de-DE", .italian), (nil, .italian),
            ("de;q=1, en;q=0.5", .english),
        ] as [(String?, Language)])
    func acceptLanguage(header: String?, expected: Language) {
        #expect(Language.preferred(acceptLanguage: header) == expected)
    }

    @Test(
        "only local paths are accepted as places to land after sign-in",
        arguments: [
            ("/area-personale", true), ("/x?y=1", true), ("//evil.example", false), ("https://evil.example", false),
            ("/\\evil", false), ("area-personale", false),
        ])
    func returnPaths(path: String, safe: Bool) {
        #expect(SiteRoute.isSafeReturnPath(path) == safe)
    }

    @Test(
        "hosts are matched without port, case or trailing dot",
        arguments: [
            ("Esempio.IT:8080", "esempio.it"), ("esempio.it.", "esempio.it"), ("[::1]:8080", "[::1]"), ("127.0.0.1", "127.0.0.1"),
        ])
    func hostNormalization(header: String, host: String) {
        #expect(TenantRegistry.normalize(header) == host)
    }
}

@Suite("Placeholders in messages")
struct PlaceholderTests {
    @Test(
        "placeholders are filled once, unknown ones and stray braces are kept",
        arguments: [
            ("Benvenuto, {name} ({roles}).", "Benvenuto, Anna ({x})."), ("{name}{name}", "AnnaAnna"), ("no braces", "no braces"),
            ("open { only", "open { only"), ("{unknown} and {name}", "{unknown} and Anna"), ("{name", "{name"),
        ])
    func fill(template: String, expected: String) {
        #expect(Localizer.fill(template, with: ["name": "Anna", "roles": "{x}"]) == expected)
    }
}

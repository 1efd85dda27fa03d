import Foundation
import Hummingbird
import SportelloCore
import Testing

@testable import SportelloWeb

@Suite("Compiled page frames")
struct CompiledFrameTests {
    let renderer: PageRenderer
    let tenant: Tenant

    init() throws {
        renderer = try PageRenderer(localizer: try Localizer.bundled(), defaultFrame: try PageRenderer.bundledFrame())
        tenant = try TenantDraft(
            slug: "esempio", name: "Comune di Esempio & Co", fiscalCode: "00085240950", ipaCode: "c_esempio", hosts: ["a.it"],
            contacts: TenantContacts(address: "Piazza 1", email: "a@a.it")
        ).validated()
    }

    static let shapes: [FrameShape] = [
        FrameShape(language: .italian, section: .home, user: nil, staffNavigation: false, hasMaintenance: false),
        FrameShape(language: .english, section: .personalArea, user: .citizen, staffNavigation: false, hasMaintenance: true),
        FrameShape(language: .italian, section: .backOffice, user: .staff, staffNavigation: true, hasMaintenance: false),
    ]

    @Test("a compiled frame assembles exactly what a full Mustache render produces", arguments: shapes)
    func sameAsFullRender(shape: FrameShape) throws {
        var shape = shape
        shape.tenantID = tenant.id
        let values = FrameValues(
            title: "Area <personale> – \"Esempio\"", content: .trusted("<h1>Body & more</h1>"), userName: "Mario <b>Rossi</b>",
            csrfToken: "tok&en", maintenanceMessage: "Stop 'domani' <22:00>", languageURLs: ["/x?lang=it&a=1", "/x?lang=en&a=1"])
        let template = renderer.template(for: tenant)
        let direct = template.render(renderer.mustacheContext(shape: shape, tenant: tenant, values: values.slotValues))
        let sentinels = FrameSlot.allCases.map(\.sentinel)
        let compiled = try #require(
            CompiledFrame(parsing: template.render(renderer.mustacheContext(shape: shape, tenant: tenant, values: sentinels))))
        #expect(String(buffer: compiled.assemble(values)) == direct)
        #expect(!direct.contains("<b>Rossi</b>"))
        #expect(direct.contains("<h1>Body & more</h1>"))
    }

    @Test("a frame whose sentinels were altered is not compiled")
    func alteredSentinel() {
        #expect(CompiledFrame(parsing: "<p>\u{E000}x\u{E001}</p>") == nil)
        #expect(CompiledFrame(parsing: "<p>\u{E000}99\u{E001}</p>") == nil)
        #expect(CompiledFrame(parsing: "<p>0\u{E001}</p>") == nil)
        #expect(CompiledFrame(parsing: "<p>plain</p>")?.segments == ["<p>plain</p>"])
    }
}

@Suite("Language switch links")
struct LanguageURLTests {
    @Test("the link keeps the path and the other parameters and sets lang once")
    func keepsTheRest() {
        #expect(PageRenderer.languageURL(path: "/area-personale", query: nil, language: .english) == "/area-personale?lang=en")
        #expect(PageRenderer.languageURL(path: "/x", query: "", language: .italian) == "/x?lang=it")
        #expect(
            PageRenderer.languageURL(path: "/casi", query: "q=Rossi%20M&lang=it&page=2", language: .english)
                == "/casi?q=Rossi%20M&page=2&lang=en")
        #expect(PageRenderer.languageURL(path: "/x", query: "lang&language=de", language: .italian) == "/x?language=de&lang=it")
    }
}

import Foundation
import Testing

@testable import SportelloCore

@Suite("Registering a municipality")
struct TenantDraftTests {
    func draft() -> TenantDraft {
        TenantDraft(
            slug: "esempio", name: "Comune di Esempio", fiscalCode: "00085240950", ipaCode: "c_esempio", hosts: ["Esempio.IT"])
    }

    @Test("a complete draft becomes a tenant with normalized hosts and default colours")
    func validDraft() throws {
        let tenant = try draft().validated()
        #expect(tenant.hosts == ["esempio.it"])
        #expect(tenant.fiscalCode.value == "00085240950")
        #expect(tenant.colors == .default)
    }

    @Test("every wrong field is reported at once")
    func allErrors() {
        var bad = draft()
        bad.slug = "9 bad"
        bad.name = " "
        bad.fiscalCode = "12345678901"
        bad.ipaCode = "x"
        bad.hosts = ["bad host"]
        bad.primaryColor = "#ffff00"
        bad.frameAncestors = ["http://insecure.example"]
        #expect {
            try bad.validated()
        } throws: { error in
            let fields = Set((error as! ValidationFailure).errors.map(\.field))
            return fields == ["slug", "name", "fiscalCode", "ipaCode", "hosts", "primaryColor", "frameAncestors"]
        }
    }

    @Test("a municipality with no host cannot be reached and is refused")
    func noHosts() {
        var bad = draft()
        bad.hosts = []
        #expect(throws: ValidationFailure.self) { try bad.validated() }
    }

    @Test(
        "brand colours must keep white text readable",
        arguments: [("#0066cc", true), ("#004d99", true), ("#66aaff", false), ("#ffffff", false)])
    func colourContrast(color: String, accepted: Bool) {
        var candidate = draft()
        candidate.primaryColor = color
        #expect(((try? candidate.validated()) != nil) == accepted)
    }

    @Test(
        "frame ancestors must be https origins",
        arguments: [
            ("https://www.comune.esempio.it", true), ("https://*.esempio.it", true), ("https://esempio.it:8443", true),
            ("http://esempio.it", false), ("https://", false), ("javascript:alert(1)", false),
        ])
    func frameAncestors(origin: String, accepted: Bool) {
        #expect(TenantDraft.isValidOrigin(origin) == accepted)
    }

    @Test("contrast ratio follows WCAG: black on white is 21, a colour on itself is 1")
    func contrast() {
        let white = HexColor("#ffffff")!
        #expect(abs(HexColor("#000000")!.contrastRatio(with: white) - 21) < 0.01)
        #expect(abs(white.contrastRatio(with: white) - 1) < 0.0001)
        #expect(HexColor("red") == nil)
        #expect(HexColor("#12345g") == nil)
    }
}

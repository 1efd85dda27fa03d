import Foundation
import SportelloCore
import SportelloTestSupport
import SportelloWeb
import Testing

extension TestBrowser {
    /// Signs in to the back office with password and the demo TOTP code at the site's clock.
    @discardableResult
    func signInAsOperator(_ username: String, _ password: String, site: TestSite) async throws -> Page {
        let form = try await get("/backoffice/login")
        let otp = try await submit("/backoffice/login", from: form, form: [("username", username), ("password", password)])
        #expect(otp.url.hasSuffix("/backoffice/login/otp"))
        let code = try #require(TOTPVerifier.code(secret: "JBSWY3DPEHPK3PXP", at: site.clock.now))
        return try await submit("/backoffice/login/otp", from: otp, form: [("code", code)])
    }
}

@Suite("Back office")
struct BackOfficeTests {
    @Test("an operator signs in with password and one-time code and sees the inbox", arguments: TestEngine.available)
    func operatorSignsIn(engine: TestEngine) async throws {
        try await TestSite.run(engine: engine) { site in
            let inbox = try await site.browser().signInAsOperator("operatore", "esempio-operatore", site: site)
            #expect(inbox.status == 200)
            #expect(inbox.url.hasSuffix("/backoffice"))
            #expect(inbox.contains("Pratiche in arrivo"))
            #expect(!inbox.contains("/backoffice/admin/maintenance"), "operators do not see admin links")
        }
    }

    @Test("a wrong password keeps the typed username and shows the error next to the field")
    func wrongPassword() async throws {
        try await TestSite.run { site in
            let browser = site.browser()
            let form = try await browser.get("/backoffice/login")
            let page = try await browser.submit(
                "/backoffice/login", from: form, form: [("username", "operatore"), ("password", "nope")])
            #expect(page.status == 422)
            #expect(page.contains("Nome utente o password non corretti."))
            #expect(page.contains("name=\"username\" value=\"operatore\""))
            #expect(page.contains("aria-invalid=\"true\""))
            #expect(site.logs.contains("operator sign-in refused"))
        }
    }

    @Test("a one-time code that was already used is refused, also from another browser")
    func replayedCode() async throws {
        try await TestSite.run { site in
            let first = site.browser()
            #expect(try await first.signInAsOperator("admin", "esempio-admin", site: site).contains("Pratiche in arrivo"))
            let second = site.browser()
            let form = try await second.get("/backoffice/login")
            let otp = try await second.submit(
                "/backoffice/login", from: form, form: [("username", "admin"), ("password", "esempio-admin")])
            let sameCode = try #require(TOTPVerifier.code(secret: "JBSWY3DPEHPK3PXP", at: site.clock.now))
            let refused = try await second.submit("/backoffice/login/otp", from: otp, form: [("code", sameCode)])
            #expect(refused.status == 422)
            site.clock.advance(by: 30)
            let nextCode = try #require(TOTPVerifier.code(secret: "JBSWY3DPEHPK3PXP", at: site.clock.now))
            #expect(
                try await second.submit("/backoffice/login/otp", from: refused, form: [("code", nextCode)]).contains(
                    "Pratiche in arrivo"))
        }
    }

    @Test("five wrong passwords lock the account for 15 minutes, without locking others")
    func passwordThrottle() async throws {
        try await TestSite.run { site in
            let attacker = site.browser()
            var page = try await attacker.get("/backoffice/login")
            for _ in 1...5 {
                page = try await attacker.submit(
                    "/backoffice/login", from: page, form: [("username", "admin"), ("password", "guess")])
                #expect(page.status == 422)
            }
            page = try await attacker.submit(
                "/backoffice/login", from: page, form: [("username", "admin"), ("password", "esempio-admin")])
            #expect(page.status == 429, "even the right password waits once the account is locked")
            #expect(page.contains("Troppi tentativi non riusciti"))
            #expect(site.logs.contains("operator sign-in throttled"))

            let colleague = site.browser()
            let inbox = try await colleague.signInAsOperator("operatore", "esempio-operatore", site: site)
            #expect(inbox.contains("Pratiche in arrivo"), "another account is not affected")

            site.clock.advance(by: 16 * 60)
            let later = site.browser()
            #expect(try await later.signInAsOperator("admin", "esempio-admin", site: site).contains("Pratiche in arrivo"))
        }
    }

    @Test("a wrong one-time code is refused and five of them end the sign-in")
    func wrongCodes() async throws {
        try await TestSite.run { site in
            let browser = site.browser()
            let form = try await browser.get("/backoffice/login")
            var page = try await browser.submit(
                "/backoffice/login", from: form, form: [("username", "admin"), ("password", "esempio-admin")])
            let current = try #require(TOTPVerifier.code(secret: "JBSWY3DPEHPK3PXP", at: site.clock.now))
            let right = try #require(Int(current))
            let wrong = String(format: "%06d", (right + 500_000) % 1_000_000)
            for attempt in 1...5 {
                page = try await browser.submit("/backoffice/login/otp", from: page, form: [("code", wrong)])
                if attempt < 5 {
                    #expect(page.status == 422)
                    #expect(page.contains("Il codice di verifica non è corretto"))
                }
            }
            #expect(page.url.hasSuffix("/backoffice/login"), "after five wrong codes the password is asked again")
            #expect(try await browser.get("/backoffice", follow: false).status == 303)
        }
    }

    @Test("an operator trying an admin page is refused and logged; an admin gets in")
    func adminOnly() async throws {
        try await TestSite.run { site in
            let operatorBrowser = site.browser()
            try await operatorBrowser.signInAsOperator("operatore", "esempio-operatore", site: site)
            let refused = try await operatorBrowser.get("/backoffice/admin/maintenance")
            #expect(refused.status == 403)
            #expect(refused.contains("Accesso negato"))
            #expect(site.logs.contains("back office refused: role missing"))

            let admin = site.browser()
            let inbox = try await admin.signInAsOperator("admin", "esempio-admin", site: site)
            #expect(inbox.contains("/backoffice/admin/maintenance"))
            let page = try await admin.get("/backoffice/admin/maintenance")
            #expect(page.status == 200)
            #expect(page.contains("Manutenzione programmata"))
        }
    }

    @Test(
        "a citizen trying any back-office URL is refused and logged", arguments: ["/backoffice", "/backoffice/admin/maintenance"])
    func citizenRefused(path: String) async throws {
        try await TestSite.run { site in
            let browser = site.browser()
            try await browser.signInAsCitizen()
            let page = try await browser.get(path)
            #expect(page.status == 403)
            #expect(page.contains("riservata al personale"))
            #expect(site.logs.contains("back office refused: citizen session"))
        }
    }

    @Test("an anonymous visitor is sent to the staff sign-in page")
    func anonymous() async throws {
        try await TestSite.run { site in
            let page = try await site.browser().get("/backoffice", follow: false)
            #expect(page.status == 303)
            #expect(page.location == "/backoffice/login")
        }
    }

    @Test("an operator with a fiscal code can sign in through the identity provider; a citizen cannot")
    func identityProviderSignIn() async throws {
        try await TestSite.run { site in
            let staff = site.browser()
            let inbox = try await staff.signInAsCitizen("RSSGLI87P70L219B", start: "/backoffice/login/spid")
            #expect(inbox.url.hasSuffix("/backoffice"))
            #expect(inbox.contains("Pratiche in arrivo"))
            let citizen = site.browser()
            let refused = try await citizen.signInAsCitizen("RSSMRA85T10A562S", start: "/backoffice/login/spid")
            #expect(refused.status == 403)
            #expect(site.logs.contains("not an operator of this tenant"))
        }
    }

    @Test("a form post without the CSRF token is refused and logged")
    func csrf() async throws {
        try await TestSite.run { site in
            let browser = site.browser()
            _ = try await browser.get("/backoffice/login")
            let page = try await browser.post("/backoffice/login", form: [("username", "admin"), ("password", "esempio-admin")])
            #expect(page.status == 403)
            #expect(page.contains("Il modulo è scaduto"))
            let forged = try await browser.post(
                "/backoffice/login", form: [("csrf_token", "forged"), ("username", "admin"), ("password", "esempio-admin")])
            #expect(forged.status == 403)
            #expect(site.logs.contains("CSRF token missing or wrong"))
        }
    }
}

@Suite("Planned maintenance banner")
struct MaintenanceTests {
    static func local(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Europe/Rome")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm"
        return formatter.string(from: date)
    }

    @Test("an outage less than six hours ahead is refused, keeping what was typed")
    func tooSoon() async throws {
        try await TestSite.run { site in
            let admin = site.browser()
            try await admin.signInAsOperator("admin", "esempio-admin", site: site)
            let form = try await admin.get("/backoffice/admin/maintenance")
            let start = Self.local(site.clock.now.addingTimeInterval(2 * 3600))
            let end = Self.local(site.clock.now.addingTimeInterval(3 * 3600))
            let page = try await admin.submit(
                "/backoffice/admin/maintenance", from: form,
                form: [("startsAt", start), ("endsAt", end), ("message", "Aggiornamento <b>")])
            #expect(page.status == 422)
            #expect(page.contains("almeno 6 ore di anticipo"))
            #expect(page.contains("value=\"\(start)\""))
            #expect(page.contains("Aggiornamento &lt;b&gt;"))
        }
    }

    @Test("an outage announced in time shows on every citizen page, in both languages, until cancelled")
    func banner() async throws {
        try await TestSite.run { site in
            let admin = site.browser()
            try await admin.signInAsOperator("admin", "esempio-admin", site: site)
            let form = try await admin.get("/backoffice/admin/maintenance")
            let saved = try await admin.submit(
                "/backoffice/admin/maintenance", from: form,
                form: [
                    ("startsAt", Self.local(site.clock.now.addingTimeInterval(7 * 3600))),
                    ("endsAt", Self.local(site.clock.now.addingTimeInterval(9 * 3600))),
                    ("message", "Aggiornamento del sistema."),
                ])
            #expect(saved.status == 200)
            #expect(saved.contains("Aggiornamento del sistema."))
            let citizen = site.browser()
            let home = try await citizen.get("/")
            #expect(home.contains("maintenance-banner"))
            #expect(home.contains("Manutenzione programmata"))
            #expect(try await citizen.get("/?lang=en").contains("Planned maintenance"))

            let deleteForm = try #require(saved.body.firstMatch(of: /action="(\/backoffice\/admin\/maintenance\/[^"]+\/delete)"/))
            _ = try await admin.submit(String(deleteForm.1), from: saved, form: [])
            #expect(!(try await citizen.get("/").contains("maintenance-banner")))
        }
    }
}

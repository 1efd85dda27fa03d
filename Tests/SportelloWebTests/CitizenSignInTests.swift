import Foundation
import SportelloCore
import SportelloStorage
import SportelloTestSupport
import Testing

@Suite("Citizen sign-in and personal area")
struct CitizenSignInTests {
    @Test("a citizen signs in through the test provider and sees the personal area", arguments: TestEngine.available)
    func signInShowsPersonalArea(engine: TestEngine) async throws {
        try await TestSite.run(engine: engine) { site in
            let browser = site.browser()
            let home = try await browser.get("/")
            #expect(home.contains("id=\"login-link\""))
            let page = try await browser.signInAsCitizen()
            #expect(page.status == 200)
            #expect(page.url.hasSuffix("/area-personale"))
            #expect(page.contains("<dd id=\"citizen-name\">Mario Rossi</dd>"))
            #expect(page.contains("<dd id=\"citizen-fiscal-code\">RSSMRA85T10A562S</dd>"))
            for section in ["filings", "drafts", "payments-due", "receipts", "messages"] {
                #expect(page.contains("<section id=\"\(section)\""), "section \(section) missing")
            }
            #expect(page.contains("<html lang=\"it\">"))
            #expect(page.contains("<meta name=\"robots\" content=\"noindex, nofollow\">"))
            #expect(site.logs.contains("citizen signed in"))
        }
    }

    @Test("the session cookie is HttpOnly and SameSite, and changes at sign-in")
    func cookieAttributes() async throws {
        try await TestSite.run { site in
            let browser = site.browser()
            let providerPage = try await browser.get("/auth/login?next=/area-personale", follow: false)
            #expect(providerPage.status == 303)
            let anonymous = try #require(browser.cookie("sportello_session"))
            let cookieHeader = try #require(providerPage.header("Set-Cookie"))
            #expect(cookieHeader.contains("HttpOnly"))
            #expect(cookieHeader.contains("SameSite=Lax"))
            #expect(!cookieHeader.contains("Secure"), "plain HTTP demo: Secure only behind TLS")
            try await browser.signInAsCitizen()
            #expect(browser.cookie("sportello_session") != anonymous, "sign-in must issue a new session token")
        }
    }

    @Test("the personal area switches to English and the choice sticks")
    func english() async throws {
        try await TestSite.run { site in
            let browser = site.browser()
            try await browser.signInAsCitizen()
            let english = try await browser.get("/area-personale?lang=en")
            #expect(english.contains("<html lang=\"en\">"))
            #expect(english.contains("Personal area"))
            #expect(english.contains("Payments due"))
            let again = try await browser.get("/area-personale")
            #expect(again.contains("<html lang=\"en\">"))
            let italian = try await browser.get("/area-personale?lang=it")
            #expect(italian.contains("Area personale"))
            #expect(italian.contains("Pagamenti da effettuare"))
        }
    }

    @Test("without a session the personal area sends the citizen to sign in and back")
    func anonymousRedirect() async throws {
        try await TestSite.run { site in
            let page = try await site.browser().get("/area-personale", follow: false)
            #expect(page.status == 303)
            #expect(page.location == "/auth/login?next=/area-personale")
        }
    }

    @Test("sign-in never sends the browser to another site after login")
    func openRedirect() async throws {
        try await TestSite.run { site in
            let browser = site.browser()
            let page = try await browser.signInAsCitizen(start: "/auth/login?next=//evil.example/")
            #expect(page.url.hasSuffix("/area-personale"))
        }
    }

    @Test("signing out ends the session: the old cookie no longer opens the personal area")
    func signOut() async throws {
        try await TestSite.run { site in
            let browser = site.browser()
            let area = try await browser.signInAsCitizen()
            let token = try #require(browser.cookie("sportello_session"))
            let after = try await browser.submit("/auth/logout", from: area, form: [])
            #expect(after.url.hasSuffix("/"))
            let replay = site.browser()
            replay.setCookie("sportello_session", token)
            let page = try await replay.get("/area-personale", follow: false)
            #expect(page.status == 303)
        }
    }

    @Test("a session cookie presented on another municipality's host is refused and logged")
    func cookieFromAnotherTenant() async throws {
        try await TestSite.run(seed: { storage in
            try await FluentTenantRepository(storage: storage).create(
                try TenantDraft(
                    slug: "altro", name: "Comune di Altro", fiscalCode: "97735020584", ipaCode: "c_altro", hosts: ["altro.test"]
                ).validated())
        }) { site in
            let browser = site.browser()
            try await browser.signInAsCitizen()
            let token = try #require(browser.cookie("sportello_session"))
            let other = site.browser(host: "altro.test")
            other.setCookie("sportello_session", token)
            let page = try await other.get("/area-personale", follow: false)
            #expect(page.status == 303, "the other municipality must not recognise the session")
            let home = try await other.get("/")
            #expect(home.contains("Comune di Altro"))
            #expect(!home.contains("Mario Rossi"))
            #expect(site.logs.contains("session cookie refused"))
        }
    }

    @Test("a session ends after the idle timeout")
    func idleTimeout() async throws {
        try await TestSite.run { site in
            let browser = site.browser()
            try await browser.signInAsCitizen()
            site.clock.advance(by: 29 * 60)
            #expect(try await browser.get("/area-personale", follow: false).status == 200)
            site.clock.advance(by: 31 * 60)
            #expect(try await browser.get("/area-personale", follow: false).status == 303)
            #expect(site.logs.contains("session expired"))
        }
    }

    @Test("a callback with the wrong state or without a pending sign-in is refused and logged")
    func forgedCallback() async throws {
        try await TestSite.run { site in
            let browser = site.browser()
            let noPending = try await browser.get("/auth/callback?code=abc&state=def")
            #expect(noPending.status == 403)
            #expect(noPending.contains("Accesso negato"))
            let providerPage = try await browser.get("/auth/login?next=/area-personale")
            #expect(providerPage.status == 200)
            let wrongState = try await browser.get("/auth/callback?code=abc&state=not-the-state")
            #expect(wrongState.status == 403)
            #expect(site.logs.contains("sign-in refused"))
            #expect(site.logs.contains("state parameter does not match"))
        }
    }

    @Test("a citizen who cancels at the provider gets a clear message")
    func cancelled() async throws {
        try await TestSite.run { site in
            let browser = site.browser()
            let providerPage = try await browser.get("/auth/login")
            let page = try await browser.post("/test-idp/authorize", form: providerPage.hiddenFields + [("cancel", "1")])
            #expect(page.status == 403)
            #expect(page.contains("L&#39;accesso è stato annullato."))
        }
    }
}

import Foundation
import SportelloCore
import SportelloStorage
import SportelloTestSupport
import Testing

@Suite("Operations endpoints, tenants and security headers")
struct OperationsAndSecurityTests {
    @Test("health, readiness and metrics answer without a tenant")
    func operations() async throws {
        try await TestSite.run { site in
            let browser = site.browser(host: "monitoring.internal")
            #expect(try await browser.get("/health").body == "ok\n")
            #expect(try await browser.get("/ready").status == 200)
            _ = try await site.browser().get("/")
            let metrics = try await browser.get("/metrics")
            #expect(metrics.contains("sportello_http_requests_total"))
            #expect(metrics.contains("route=\"/\""))
        }
    }

    @Test("an unknown host gets a clear 404 page and a log line")
    func unknownHost() async throws {
        try await TestSite.run { site in
            let page = try await site.browser(host: "nessuno.example").get("/")
            #expect(page.status == 404)
            #expect(page.contains("Comune non trovato"))
            #expect(page.contains("noindex"))
            #expect(site.logs.contains("request for unknown host"))
        }
    }

    @Test("the demo municipality answers on localhost and 127.0.0.1")
    func demoHosts() async throws {
        try await TestSite.run { site in
            for host in ["localhost", "127.0.0.1"] {
                let page = try await site.browser(host: host).get("/")
                #expect(page.status == 200)
                #expect(page.contains("Comune di Esempio"))
            }
        }
    }

    @Test("pages carry a strict CSP, nosniff, no framing and no HSTS on plain HTTP")
    func headers() async throws {
        try await TestSite.run { site in
            let page = try await site.browser().get("/")
            let csp = try #require(page.header("Content-Security-Policy"))
            #expect(csp.contains("default-src 'none'"))
            #expect(csp.contains("frame-ancestors 'none'"))
            #expect(!csp.contains("unsafe-inline"))
            #expect(page.header("X-Content-Type-Options") == "nosniff")
            #expect(page.header("X-Frame-Options") == "DENY")
            #expect(page.header("Strict-Transport-Security") == nil)
            #expect(page.header("X-Request-Id") != nil)
            #expect(page.header("Cache-Control") == "no-store")
        }
    }

    @Test("behind TLS the site sends HSTS and Secure cookies")
    func behindTLS() async throws {
        try await TestSite.run(settings: ["http.behindTLS": true]) { site in
            let page = try await site.browser().get("/backoffice/login")
            #expect(page.header("Strict-Transport-Security")?.contains("max-age=31536000") == true)
            #expect(page.header("Set-Cookie")?.contains("Secure") == true)
        }
    }

    @Test("a municipality may allow its own site to frame the pages and replace the page frame")
    func tenantFrame() async throws {
        try await TestSite.run(seed: { storage in
            var tenant = try TenantDraft(
                slug: "cornice", name: "Comune di Cornice", fiscalCode: "97735020584", ipaCode: "c_cornice",
                hosts: ["cornice.test"],
                primaryColor: "#1a5e20", frameAncestors: ["https://www.comune.cornice.it"]
            ).validated()
            tenant.frameTemplate =
                "<!DOCTYPE html><html lang=\"{{lang}}\"><head><title>{{title}}</title></head><body><div id=\"cornice\">{{tenant.name}}</div>{{{content}}}</body></html>"
            try await FluentTenantRepository(storage: storage).create(tenant)
        }) { site in
            let browser = site.browser(host: "cornice.test")
            let page = try await browser.get("/")
            #expect(page.contains("<div id=\"cornice\">Comune di Cornice</div>"))
            #expect(page.contains("Servizi online del Comune di Cornice"))
            #expect(page.header("Content-Security-Policy")?.contains("frame-ancestors https://www.comune.cornice.it") == true)
            #expect(page.header("X-Frame-Options") == nil)
            let css = try await browser.get("/static/tenant.css")
            #expect(css.contains("--sp-primary: #1a5e20"))
            #expect(!(try await site.browser().get("/").contains("id=\"cornice\"")), "the demo tenant keeps the default frame")
        }
    }

    @Test("a body over the limit is refused with 413 and the server keeps answering")
    func bodyLimit() async throws {
        try await TestSite.run(settings: ["http.maxRequestBodyBytes": 1024]) { site in
            let browser = site.browser()
            let form = try await browser.get("/backoffice/login")
            let page = try await browser.submit(
                "/backoffice/login", from: form, form: [("username", String(repeating: "x", count: 5000))])
            #expect(page.status == 413)
            #expect(try await browser.get("/health").status == 200)
        }
    }

    @Test("the shared stylesheet is served with a validator and answers 304 when unchanged")
    func stylesheet() async throws {
        try await TestSite.run { site in
            let browser = site.browser()
            let css = try await browser.get("/static/sportello.css")
            #expect(css.status == 200)
            #expect(css.header("Content-Type")?.hasPrefix("text/css") == true)
            #expect(css.header("ETag") != nil)
        }
    }
}

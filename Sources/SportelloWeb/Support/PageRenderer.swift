import Foundation
public import Hummingbird
import Mustache
public import SportelloCore
import Synchronization

/// A page's body plus what the frame needs to know about it.
public struct Page: Sendable {
    public var title: String
    public var body: HTMLNode
    public var status: HTTPResponse.Status
    /// Which main navigation entry is current.
    public var section: NavigationSection?

    public init(title: String, body: HTMLNode, status: HTTPResponse.Status = .ok, section: NavigationSection? = nil) {
        self.title = title
        self.body = body
        self.status = status
        self.section = section
    }
}

/// Entries of the main navigation.
public enum NavigationSection: Sendable {
    case home, personalArea, backOffice
}

/// Wraps page bodies in the tenant's Mustache frame (the default one, or the
/// municipality's own). Templates are parsed once per tenant and kept.
public final class PageRenderer: Sendable {
    private let defaultTemplate: MustacheTemplate
    private let tenantTemplates = Mutex<[Tenant.ID: (source: String, template: MustacheTemplate)]>([:])
    let localizer: Localizer

    public init(localizer: Localizer, defaultFrame: String) throws {
        self.localizer = localizer
        defaultTemplate = try MustacheTemplate(string: defaultFrame)
    }

    /// The default frame shipped with the module.
    public static func bundledFrame() throws -> String {
        guard let url = Bundle.module.url(forResource: "frame", withExtension: "mustache", subdirectory: "Resources/Templates")
        else {
            throw HTTPError(.internalServerError, message: "default frame missing from the bundle")
        }
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// The complete HTML response for a page.
    public func response(_ page: Page, request: Request, context: AppRequestContext, maintenance: MaintenanceWindow?) -> Response
    {
        let html = render(page, request: request, context: context, maintenance: maintenance)
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
        headers[.contentLanguage] = context.language.code
        return Response(status: page.status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    func render(_ page: Page, request: Request, context: AppRequestContext, maintenance: MaintenanceWindow?) -> String {
        let language = context.language
        let text = { (key: String) in self.localizer.text(key, language) }
        var frame: [String: Any] = [
            "lang": language.code,
            "title": page.title + (context.tenant.map { " – " + $0.name } ?? ""),
            "stylesheetURL": SiteRoute.stylesheet.path + "?v=" + AssetVersion.stylesheet,
            "homeURL": SiteRoute.home.path,
            "content": page.body.render(),
            "privacyURL": SiteRoute.privacy.path,
            "accessibilityURL": SiteRoute.accessibility.path,
            "legalNotesURL": SiteRoute.legalNotes.path,
            "strings": [
                "skipToContent": text("frame.skipToContent"), "mainNavigation": text("frame.mainNavigation"),
                "languageLabel": text("frame.language"), "signedInAs": text("frame.signedInAs"),
                "logout": text("frame.logout"), "privacy": text("frame.privacy"),
                "accessibility": text("frame.accessibility"), "legalNotes": text("frame.legalNotes"),
                "contacts": text("frame.contacts"), "fiscalCodeLabel": text("frame.fiscalCode"),
                "footerNote": text("frame.footerNote"), "email": text("frame.email"),
                "phone": text("frame.phone"), "pecTitle": text("frame.pecTitle"),
            ].filter { !$0.value.isEmpty },
            "languages": Language.allCases.map { candidate in
                [
                    "code": candidate.code, "label": candidate.nativeName,
                    "url": Self.languageURL(request: request, language: candidate),
                    "current": candidate == language,
                ] as [String: Any]
            },
        ]
        if let tenant = context.tenant {
            frame["tenantStylesheetURL"] = SiteRoute.tenantStylesheet.path + "?v=" + TenantStylesheet.version(of: tenant)
            // Mustache treats "" as present, so empty values are left out rather than sent empty.
            frame["tenant"] = [
                "name": tenant.name, "tagline": tenant.tagline, "logoURL": tenant.logoURL ?? "",
                "address": tenant.contacts.address, "email": tenant.contacts.email, "pec": tenant.contacts.pec,
                "phone": tenant.contacts.phone, "fiscalCode": tenant.fiscalCode.value,
            ].filter { !$0.value.isEmpty }
        }
        frame["navigation"] = navigation(for: context, current: page.section, text: text)
        if let maintenance {
            frame["maintenance"] = ["message": MaintenanceBanner.text(for: maintenance, language: language, localizer: localizer)]
        }
        if let session = context.session, let principal = session.state.principal {
            let name: String? =
                switch principal {
                case .citizen(let identity): identity.fullName
                case .operatorAccount: text("frame.staff")
                case .operatorAwaitingSecondFactor: nil
                }
            if let name {
                frame["user"] = [
                    "name": name,
                    "logoutURL": principal.citizen != nil ? SiteRoute.signOut.path : SiteRoute.backOfficeSignOut.path,
                    "csrfToken": session.state.csrfToken,
                ]
            }
        }
        return template(for: context.tenant).render(frame)
    }

    private func navigation(
        for context: AppRequestContext, current: NavigationSection?, text: (String) -> String
    ) -> [[String: Any]] {
        var items: [(NavigationSection, String, String)] = [(.home, text("nav.services"), SiteRoute.home.path)]
        switch context.session?.state.principal {
        case .operatorAccount: items.append((.backOffice, text("nav.backOffice"), SiteRoute.backOfficeInbox.path))
        default: items.append((.personalArea, text("nav.personalArea"), SiteRoute.personalArea.path))
        }
        return items.map { ["label": $0.1, "url": $0.2, "current": $0.0 == current] }
    }

    private func template(for tenant: Tenant?) -> MustacheTemplate {
        guard let tenant, let source = tenant.frameTemplate else { return defaultTemplate }
        if let cached = tenantTemplates.withLock({ $0[tenant.id] }), cached.source == source { return cached.template }
        // A broken custom frame must not take the site down: fall back to ours.
        guard let template = try? MustacheTemplate(string: source) else { return defaultTemplate }
        tenantTemplates.withLock { $0[tenant.id] = (source, template) }
        return template
    }

    /// The current URL with `lang` set, so switching language keeps the person on the same page.
    static func languageURL(request: Request, language: Language) -> String {
        var items = (URLComponents(string: request.uri.string)?.queryItems ?? []).filter { $0.name != "lang" }
        items.append(URLQueryItem(name: "lang", value: language.code))
        var components = URLComponents()
        components.path = request.uri.path
        components.queryItems = items
        return components.string ?? request.uri.path
    }
}

/// Cache-busting version of the shared stylesheet.
enum AssetVersion {
    static let stylesheet = "1"
}

/// How a planned outage is announced.
enum MaintenanceBanner {
    static func text(for window: MaintenanceWindow, language: Language, localizer: Localizer) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: language == .italian ? "it_IT" : "en_GB")
        formatter.timeZone = TimeZone(identifier: "Europe/Rome")
        formatter.dateStyle = .long
        formatter.timeStyle = .short
        let key = window.isUnderway(at: Date()) ? "maintenance.banner.underway" : "maintenance.banner.planned"
        return localizer.text(
            key, language,
            ["start": formatter.string(from: window.startsAt), "end": formatter.string(from: window.endsAt)])
            + " " + window.message
    }
}

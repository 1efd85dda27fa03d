import Crypto
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
    private let compiledFrames = Mutex<[FrameShape: (tenant: Tenant?, frame: CompiledFrame?)]>([:])
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
        return Response(status: page.status, headers: headers, body: .init(byteBuffer: html))
    }

    /// The page as UTF-8 bytes: the frame's constant parts, the request's values and the body rendered in place.
    func render(_ page: Page, request: Request, context: AppRequestContext, maintenance: MaintenanceWindow?) -> ByteBuffer {
        let language = context.language
        let text = { (key: String) in self.localizer.text(key, language) }
        var user: (kind: FrameShape.UserKind, name: String, csrfToken: String)?
        if let session = context.session {
            switch session.state.principal {
            case .citizen(let identity): user = (.citizen, identity.fullName, session.state.csrfToken)
            case .operatorAccount: user = (.staff, text("frame.staff"), session.state.csrfToken)
            case .operatorAwaitingSecondFactor, nil: user = nil
            }
        }
        let values = FrameValues(
            title: page.title + (context.tenant.map { " – " + $0.name } ?? ""), content: page.body,
            userName: user?.name, csrfToken: user?.csrfToken,
            maintenanceMessage: maintenance.map { MaintenanceBanner.text(for: $0, language: language, localizer: localizer) },
            languageURLs: Language.allCases.map { Self.languageURL(request: request, language: $0) })
        let shape = FrameShape(
            tenantID: context.tenant?.id, language: language, section: page.section, user: user?.kind,
            staffNavigation: context.session?.state.principal?.operatorID != nil, hasMaintenance: maintenance != nil)
        if let compiled = compiledFrame(for: shape, tenant: context.tenant) {
            return compiled.assemble(values)
        }
        return ByteBuffer(
            string: template(for: context.tenant).render(
                mustacheContext(shape: shape, tenant: context.tenant, values: values.slotValues)))
    }

    /// The frame for `shape`, rendered once with sentinels in the per-request slots and cut into
    /// constant segments; nil when the tenant's template does something that defeats this
    /// (it is then rendered in full on each request).
    private func compiledFrame(for shape: FrameShape, tenant: Tenant?) -> CompiledFrame? {
        if let cached = compiledFrames.withLock({ $0[shape] }), cached.tenant == tenant { return cached.frame }
        let sentinels = FrameSlot.allCases.map(\.sentinel)
        let output = template(for: tenant).render(mustacheContext(shape: shape, tenant: tenant, values: sentinels))
        let frame = CompiledFrame(parsing: output)
        compiledFrames.withLock { frames in
            if frames.count > 2_000 { frames.removeAll() }
            frames[shape] = (tenant, frame)
        }
        return frame
    }

    /// The Mustache context; `values` fills the per-request slots in `FrameSlot` order.
    func mustacheContext(shape: FrameShape, tenant: Tenant?, values: [String?]) -> [String: Any] {
        let language = shape.language
        let text = { (key: String) in self.localizer.text(key, language) }
        func slot(_ slot: FrameSlot) -> String? { values[slot.rawValue] }
        var frame: [String: Any] = [
            "lang": language.code,
            "title": slot(.title) ?? "",
            "stylesheetURL": SiteRoute.stylesheet.path + "?v=" + AssetVersion.stylesheet,
            "homeURL": SiteRoute.home.path,
            "content": slot(.content) ?? "",
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
            "languages": Language.allCases.enumerated().map { index, candidate in
                [
                    "code": candidate.code, "label": candidate.nativeName,
                    "url": values[FrameSlot.firstLanguageURL.rawValue + index] ?? "",
                    "current": candidate == language,
                ] as [String: Any]
            },
            "navigation": navigation(staff: shape.staffNavigation, current: shape.section, text: text),
        ]
        if let tenant {
            frame["tenantStylesheetURL"] = SiteRoute.tenantStylesheet.path + "?v=" + TenantStylesheet.version(of: tenant)
            // Mustache treats "" as present, so empty values are left out rather than sent empty.
            frame["tenant"] = [
                "name": tenant.name, "tagline": tenant.tagline, "logoURL": tenant.logoURL ?? "",
                "address": tenant.contacts.address, "email": tenant.contacts.email, "pec": tenant.contacts.pec,
                "phone": tenant.contacts.phone, "fiscalCode": tenant.fiscalCode.value,
            ].filter { !$0.value.isEmpty }
        }
        if shape.hasMaintenance, let message = slot(.maintenanceMessage) {
            frame["maintenance"] = ["message": message]
        }
        if let kind = shape.user, let name = slot(.userName), let token = slot(.csrfToken) {
            frame["user"] = [
                "name": name, "logoutURL": kind == .citizen ? SiteRoute.signOut.path : SiteRoute.backOfficeSignOut.path,
                "csrfToken": token,
            ]
        }
        return frame
    }

    private func navigation(staff: Bool, current: NavigationSection?, text: (String) -> String) -> [[String: Any]] {
        var items: [(NavigationSection, String, String)] = [(.home, text("nav.services"), SiteRoute.home.path)]
        if staff {
            items.append((.backOffice, text("nav.backOffice"), SiteRoute.backOfficeInbox.path))
        } else {
            items.append((.personalArea, text("nav.personalArea"), SiteRoute.personalArea.path))
        }
        return items.map { ["label": $0.1, "url": $0.2, "current": $0.0 == current] }
    }

    func template(for tenant: Tenant?) -> MustacheTemplate {
        guard let tenant, let source = tenant.frameTemplate else { return defaultTemplate }
        if let cached = tenantTemplates.withLock({ $0[tenant.id] }), cached.source == source { return cached.template }
        // A broken custom frame must not take the site down: fall back to ours.
        guard let template = try? MustacheTemplate(string: source) else { return defaultTemplate }
        tenantTemplates.withLock { $0[tenant.id] = (source, template) }
        return template
    }

    /// The current URL with `lang` set, so switching language keeps the person on the same page.
    static func languageURL(request: Request, language: Language) -> String {
        languageURL(path: request.uri.path, query: request.uri.query, language: language)
    }

    /// `path?query` with any `lang` parameter replaced by `language`; the other parameters keep their order and
    /// their encoding as they came.
    static func languageURL(path: String, query: String?, language: Language) -> String {
        var url = path + "?"
        for parameter in (query ?? "").split(separator: "&") where parameter != "lang" && !parameter.hasPrefix("lang=") {
            url += parameter
            url += "&"
        }
        return url + "lang=" + language.code
    }
}

/// What decides the constant parts of a frame.
struct FrameShape: Hashable {
    enum UserKind: Hashable { case citizen, staff }
    var tenantID: Tenant.ID?
    var language: Language
    var section: NavigationSection?
    var user: UserKind?
    var staffNavigation: Bool
    var hasMaintenance: Bool
}

/// The parts of a frame that change with every request.
struct FrameValues {
    var title: String
    var content: HTMLNode
    var userName: String?
    var csrfToken: String?
    var maintenanceMessage: String?
    /// One per language, in `Language.allCases` order.
    var languageURLs: [String]

    /// The values in `FrameSlot` order.
    var slotValues: [String?] {
        [title, content.render(), userName, csrfToken, maintenanceMessage] + languageURLs
    }
}

/// The per-request places of a frame; language URLs take one slot per language from `firstLanguageURL` on.
enum FrameSlot: Int, CaseIterable {
    case title, content, userName, csrfToken, maintenanceMessage, firstLanguageURL, secondLanguageURL

    /// Marker put in the slot when the frame is compiled; private-use characters pass Mustache escaping unchanged.
    var sentinel: String { "\u{E000}\(rawValue)\u{E001}" }
}

/// A frame cut at its slots: constant segments with slot numbers between them.
struct CompiledFrame {
    let segments: [String]
    let slots: [Int]

    /// Splits a frame rendered with sentinels; nil if a sentinel was altered (a template transform, say).
    init?(parsing output: String) {
        var segments: [String] = []
        var slots: [Int] = []
        var rest = Substring(output)
        while let start = rest.firstIndex(of: "\u{E000}") {
            segments.append(String(rest[..<start]))
            let afterStart = rest.index(after: start)
            guard let end = rest[afterStart...].firstIndex(of: "\u{E001}"), let slot = Int(rest[afterStart..<end]),
                FrameSlot(rawValue: slot) != nil
            else { return nil }
            slots.append(slot)
            rest = rest[rest.index(after: end)...]
        }
        if rest.contains("\u{E001}") { return nil }
        segments.append(String(rest))
        self.segments = segments
        self.slots = slots
    }

    /// The page: constant segments with the request's values, escaped, and the body rendered in its place.
    func assemble(_ values: FrameValues) -> ByteBuffer {
        var output = HTMLOutput(capacity: segments.reduce(8_192) { $0 + $1.utf8.count })
        for (index, slot) in slots.enumerated() {
            output.append(segments[index])
            switch FrameSlot(rawValue: slot) {
            case .content: values.content.render(into: &output)
            case .title: output.appendEscaped(values.title)
            case .userName: values.userName.map { output.appendEscaped($0) }
            case .csrfToken: values.csrfToken.map { output.appendEscaped($0) }
            case .maintenanceMessage: values.maintenanceMessage.map { output.appendEscaped($0) }
            case .firstLanguageURL, .secondLanguageURL, nil:
                let language = slot - FrameSlot.firstLanguageURL.rawValue
                if values.languageURLs.indices.contains(language) { output.appendEscaped(values.languageURLs[language]) }
            }
        }
        output.append(segments[segments.count - 1])
        return ByteBuffer(bytes: output.bytes)
    }
}

/// Cache-busting version of the shared stylesheet: the start of its SHA-256, so it changes with every edit.
enum AssetVersion {
    static let stylesheet: String = {
        guard let url = Bundle.module.url(forResource: "sportello", withExtension: "css", subdirectory: "Resources/Public"),
            let data = try? Data(contentsOf: url)
        else { return "0" }
        return Hex.encode(SHA256.hash(data: data).prefix(6))
    }()
}

/// How a planned outage is announced.
enum MaintenanceBanner {
    static func text(for window: MaintenanceWindow, language: Language, localizer: Localizer) -> String {
        let formatter = DateDisplay.shared(language, dateStyle: .long)
        let key = window.isUnderway(at: Date()) ? "maintenance.banner.underway" : "maintenance.banner.planned"
        return localizer.text(
            key, language,
            ["start": formatter.string(from: window.startsAt), "end": formatter.string(from: window.endsAt)])
            + " " + window.message
    }
}

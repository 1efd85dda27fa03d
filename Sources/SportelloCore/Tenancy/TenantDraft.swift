public import Foundation

/// What an administrator types to register a municipality, before it is checked.
public struct TenantDraft: Sendable {
    public var slug: String
    public var name: String
    public var tagline: String
    public var fiscalCode: String
    public var ipaCode: String
    public var aooCode: String
    public var registerCode: String
    public var hosts: [String]
    public var logoURL: String?
    public var primaryColor: String?
    public var primaryDarkColor: String?
    public var contacts: TenantContacts
    public var frameAncestors: [String]

    public init(
        slug: String, name: String, tagline: String = "", fiscalCode: String, ipaCode: String, aooCode: String = "AOO01",
        registerCode: String = "PG", hosts: [String],
        logoURL: String? = nil, primaryColor: String? = nil, primaryDarkColor: String? = nil,
        contacts: TenantContacts = .init(), frameAncestors: [String] = []
    ) {
        self.slug = slug
        self.name = name
        self.tagline = tagline
        self.fiscalCode = fiscalCode
        self.ipaCode = ipaCode
        self.aooCode = aooCode
        self.registerCode = registerCode
        self.hosts = hosts
        self.logoURL = logoURL
        self.primaryColor = primaryColor
        self.primaryDarkColor = primaryDarkColor
        self.contacts = contacts
        self.frameAncestors = frameAncestors
    }

    /// Checks every field and returns a tenant, or all the problems found.
    public func validated(id: Tenant.ID = UUID()) throws(ValidationFailure) -> Tenant {
        var errors: [FieldError] = []
        let slug = slug.trimmingCharacters(in: .whitespaces).lowercased()
        if !Self.isValidSlug(slug) { errors.append(.init(field: "slug", messageKey: "error.tenant.slug")) }
        let name = name.trimmingCharacters(in: .whitespaces)
        if name.isEmpty { errors.append(.init(field: "name", messageKey: "error.required")) }
        var fiscalCode: PartitaIVA?
        do { fiscalCode = try PartitaIVA(validating: self.fiscalCode) } catch {
            errors.append(.init(field: "fiscalCode", messageKey: error.messageKey))
        }
        let ipaCode = ipaCode.trimmingCharacters(in: .whitespaces).lowercased()
        if !Self.isValidIPACode(ipaCode) { errors.append(.init(field: "ipaCode", messageKey: "error.tenant.ipaCode")) }
        let aooCode = aooCode.trimmingCharacters(in: .whitespaces)
        if !Self.isValidRegisterCode(aooCode) { errors.append(.init(field: "aooCode", messageKey: "error.tenant.registerCode")) }
        let registerCode = registerCode.trimmingCharacters(in: .whitespaces)
        if !Self.isValidRegisterCode(registerCode) {
            errors.append(.init(field: "registerCode", messageKey: "error.tenant.registerCode"))
        }
        let hosts = hosts.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if hosts.isEmpty || !hosts.allSatisfy(Self.isValidHost) {
            errors.append(.init(field: "hosts", messageKey: "error.tenant.hosts"))
        }
        var colors = TenantColors.default
        if let raw = primaryColor {
            if let color = HexColor(raw), color.contrastRatio(with: HexColor("#ffffff")!) >= 4.5 {
                colors.primary = color
            } else {
                errors.append(.init(field: "primaryColor", messageKey: "error.tenant.color"))
            }
        }
        if let raw = primaryDarkColor {
            if let color = HexColor(raw), color.contrastRatio(with: HexColor("#ffffff")!) >= 4.5 {
                colors.primaryDark = color
            } else {
                errors.append(.init(field: "primaryDarkColor", messageKey: "error.tenant.color"))
            }
        }
        if !frameAncestors.allSatisfy(Self.isValidOrigin) {
            errors.append(.init(field: "frameAncestors", messageKey: "error.tenant.frameAncestors"))
        }
        guard errors.isEmpty, let fiscalCode else { throw ValidationFailure(errors) }
        return Tenant(
            id: id, slug: slug, name: name, tagline: tagline, fiscalCode: fiscalCode, ipaCode: ipaCode,
            aooCode: aooCode, registerCode: registerCode, hosts: hosts, logoURL: logoURL, colors: colors, contacts: contacts,
            frameAncestors: frameAncestors)
    }

    static func isValidSlug(_ slug: String) -> Bool {
        (1...40).contains(slug.count)
            && slug.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" }
            && slug.first?.isLetter == true
    }

    /// IPA codes are short lowercase identifiers such as "c_h501" or "comune_esempio".
    static func isValidIPACode(_ code: String) -> Bool {
        (2...30).contains(code.count) && code.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "_" }
    }

    /// AOO and register codes: 1 to 16 letters, digits, "_" or "-" (they go into the segnatura XML).
    static func isValidRegisterCode(_ code: String) -> Bool {
        (1...16).contains(code.count)
            && code.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "_" || $0 == "-" }
    }

    static func isValidHost(_ host: String) -> Bool {
        guard (1...253).contains(host.count) else { return false }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            (1...63).contains(label.count) && label.first != "-" && label.last != "-"
                && label.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" }
        }
    }

    /// A CSP source for frame-ancestors: an https origin, optionally with a leading wildcard label.
    static func isValidOrigin(_ origin: String) -> Bool {
        guard origin.hasPrefix("https://") else { return false }
        var host = String(origin.dropFirst("https://".count))
        if host.hasPrefix("*.") { host.removeFirst(2) }
        if let colon = host.lastIndex(of: ":"), Int(host[host.index(after: colon)...]) != nil {
            host = String(host[..<colon])
        }
        return isValidHost(host)
    }
}

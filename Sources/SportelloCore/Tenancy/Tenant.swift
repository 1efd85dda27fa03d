public import Foundation

/// A municipality served by this install (ente).
public struct Tenant: Identifiable, Equatable, Sendable, Codable {
    public typealias ID = UUID

    public var id: ID
    /// Short stable name used in configuration keys and URLs, e.g. "esempio".
    public var slug: String
    public var name: String
    public var tagline: String
    /// The municipality's 11-digit fiscal code (codice fiscale numerico).
    public var fiscalCode: PartitaIVA
    /// Code in the Indice delle Pubbliche Amministrazioni, e.g. "c_h501".
    public var ipaCode: String
    /// The protocol register filings are registered in: the AOO (area organizzativa omogenea) code in the
    /// IPA index and the register's code within it, e.g. "PG" (protocollo generale).
    public var aooCode: String
    public var registerCode: String
    /// Host names the municipality answers on (lowercase, no port).
    public var hosts: [String]
    public var logoURL: String?
    public var colors: TenantColors
    public var contacts: TenantContacts
    /// Mustache page frame that replaces the default one; nil uses the default.
    public var frameTemplate: String?
    /// Origins allowed to embed our pages in a frame (CSP frame-ancestors); empty forbids framing.
    public var frameAncestors: [String]

    public init(
        id: ID = UUID(), slug: String, name: String, tagline: String = "", fiscalCode: PartitaIVA,
        ipaCode: String, aooCode: String = "AOO01", registerCode: String = "PG", hosts: [String], logoURL: String? = nil,
        colors: TenantColors = .default,
        contacts: TenantContacts = .init(), frameTemplate: String? = nil, frameAncestors: [String] = []
    ) {
        self.id = id
        self.slug = slug
        self.name = name
        self.tagline = tagline
        self.fiscalCode = fiscalCode
        self.ipaCode = ipaCode
        self.aooCode = aooCode
        self.registerCode = registerCode
        self.hosts = hosts
        self.logoURL = logoURL
        self.colors = colors
        self.contacts = contacts
        self.frameTemplate = frameTemplate
        self.frameAncestors = frameAncestors
    }
}

extension Tenant {
    /// The register incoming filings and outgoing acts of this municipality are registered in.
    public var protocolRegister: ProtocolRegisterIdentity {
        ProtocolRegisterIdentity(
            administrationName: name, administrationCode: ipaCode, aooCode: aooCode, registerCode: registerCode)
    }
}

/// The municipality's brand colours, applied through CSS custom properties.
public struct TenantColors: Equatable, Sendable, Codable {
    public var primary: HexColor
    public var primaryDark: HexColor

    public init(primary: HexColor, primaryDark: HexColor) {
        self.primary = primary
        self.primaryDark = primaryDark
    }

    /// The public-administration blue of the Italian design system.
    public static let `default` = TenantColors(primary: HexColor("#0066cc")!, primaryDark: HexColor("#004d99")!)
}

/// How citizens reach the municipality; shown in every page footer.
public struct TenantContacts: Equatable, Sendable, Codable {
    public var address: String
    public var email: String
    public var pec: String
    public var phone: String

    public init(address: String = "", email: String = "", pec: String = "", phone: String = "") {
        self.address = address
        self.email = email
        self.pec = pec
        self.phone = phone
    }
}

/// A colour written as #rrggbb; anything else is refused so it can go into CSS safely.
public struct HexColor: Equatable, Sendable, Codable, CustomStringConvertible {
    public let value: String

    public init?(_ raw: String) {
        let lower = raw.lowercased()
        guard lower.count == 7, lower.first == "#",
            lower.dropFirst().allSatisfy({ $0.isHexDigit })
        else { return nil }
        value = lower
    }

    public var description: String { value }

    /// WCAG relative luminance, to check text contrast on the brand colour.
    public var relativeLuminance: Double {
        let digits = Array(value.dropFirst())
        func channel(_ offset: Int) -> Double {
            let byte = Double(Int(String(digits[offset..<offset + 2]), radix: 16)!) / 255
            return byte <= 0.03928 ? byte / 12.92 : pow((byte + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
    }

    /// WCAG contrast ratio between two colours (1...21).
    public func contrastRatio(with other: HexColor) -> Double {
        let (a, b) = (relativeLuminance, other.relativeLuminance)
        return (max(a, b) + 0.05) / (min(a, b) + 0.05)
    }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let color = HexColor(raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a #rrggbb colour"))
        }
        self = color
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

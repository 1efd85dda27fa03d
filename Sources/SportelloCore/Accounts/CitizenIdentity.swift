/// Who a citizen is, as asserted by the identity provider at sign-in (SPID, CIE, CNS).
public struct CitizenIdentity: Equatable, Sendable, Codable {
    public var fiscalCode: CodiceFiscale
    public var givenName: String
    public var familyName: String
    public var email: String?
    /// The assurance level the provider vouched for.
    public var assuranceLevel: AssuranceLevel
    /// Which scheme was used ("spid", "cie", "cns" or "test"), for statistics on strong sign-in.
    public var method: String

    public init(
        fiscalCode: CodiceFiscale, givenName: String, familyName: String, email: String? = nil,
        assuranceLevel: AssuranceLevel, method: String
    ) {
        self.fiscalCode = fiscalCode
        self.givenName = givenName
        self.familyName = familyName
        self.email = email
        self.assuranceLevel = assuranceLevel
        self.method = method
    }

    public var fullName: String { "\(givenName) \(familyName)" }
}

/// SPID assurance levels; filing needs level 2 or more.
public enum AssuranceLevel: Int, Comparable, Sendable, Codable {
    case low = 1, substantial = 2, high = 3

    public init?(acr: String) {
        switch acr {
        case "https://www.spid.gov.it/SpidL1": self = .low
        case "https://www.spid.gov.it/SpidL2": self = .substantial
        case "https://www.spid.gov.it/SpidL3": self = .high
        default: return nil
        }
    }

    public var acr: String { "https://www.spid.gov.it/SpidL\(rawValue)" }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

public import Foundation
public import JWTKit
public import SportelloCore

/// Where a tenant's OpenID Connect provider is and how we are registered with it.
public struct OIDCProviderSettings: Sendable, Equatable {
    public var issuer: String
    public var clientID: String
    public var clientSecret: String
    public var scopes: [String]
    /// Minimum assurance level to accept; requested through acr_values.
    public var minimumLevel: AssuranceLevel

    public init(
        issuer: String, clientID: String, clientSecret: String, scopes: [String] = ["openid", "profile", "email"],
        minimumLevel: AssuranceLevel = .substantial
    ) {
        self.issuer = issuer
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.scopes = scopes
        self.minimumLevel = minimumLevel
    }
}

/// The provider metadata we use from `/.well-known/openid-configuration`.
public struct OIDCDiscoveryDocument: Codable, Sendable, Equatable {
    public var issuer: String
    public var authorizationEndpoint: String
    public var tokenEndpoint: String
    public var jwksURI: String
    public var endSessionEndpoint: String?
    public var responseTypesSupported: [String]
    public var subjectTypesSupported: [String]
    public var idTokenSigningAlgValuesSupported: [String]
    public var codeChallengeMethodsSupported: [String]?
    public var tokenEndpointAuthMethodsSupported: [String]?
    public var claimsSupported: [String]?
    public var acrValuesSupported: [String]?

    enum CodingKeys: String, CodingKey {
        case issuer
        case authorizationEndpoint = "authorization_endpoint"
        case tokenEndpoint = "token_endpoint"
        case jwksURI = "jwks_uri"
        case endSessionEndpoint = "end_session_endpoint"
        case responseTypesSupported = "response_types_supported"
        case subjectTypesSupported = "subject_types_supported"
        case idTokenSigningAlgValuesSupported = "id_token_signing_alg_values_supported"
        case codeChallengeMethodsSupported = "code_challenge_methods_supported"
        case tokenEndpointAuthMethodsSupported = "token_endpoint_auth_methods_supported"
        case claimsSupported = "claims_supported"
        case acrValuesSupported = "acr_values_supported"
    }

    public init(
        issuer: String, authorizationEndpoint: String, tokenEndpoint: String, jwksURI: String, endSessionEndpoint: String? = nil
    ) {
        self.issuer = issuer
        self.authorizationEndpoint = authorizationEndpoint
        self.tokenEndpoint = tokenEndpoint
        self.jwksURI = jwksURI
        self.endSessionEndpoint = endSessionEndpoint
        responseTypesSupported = ["code"]
        subjectTypesSupported = ["public"]
        idTokenSigningAlgValuesSupported = ["RS256"]
        codeChallengeMethodsSupported = ["S256"]
        tokenEndpointAuthMethodsSupported = ["client_secret_post", "client_secret_basic"]
        claimsSupported = [
            "sub", "given_name", "family_name", "email", "acr", "nonce", IDTokenClaims.fiscalNumberClaim,
        ]
        acrValuesSupported = AssuranceLevel.allLevels.map(\.acr)
    }
}

extension AssuranceLevel {
    static let allLevels: [AssuranceLevel] = [.low, .substantial, .high]
}

/// The token endpoint's answer.
struct TokenResponse: Codable {
    var idToken: String
    var accessToken: String?
    var tokenType: String?
    var expiresIn: Int?

    enum CodingKeys: String, CodingKey {
        case idToken = "id_token"
        case accessToken = "access_token"
        case tokenType = "token_type"
        case expiresIn = "expires_in"
    }
}

/// The claims of an id token issued by a SPID/CIE OpenID Connect gateway.
public struct IDTokenClaims: JWTPayload, Equatable {
    public static let fiscalNumberClaim = "https://attributes.eid.gov.it/fiscal_number"

    public var iss: IssuerClaim
    public var sub: SubjectClaim
    public var aud: AudienceClaim
    public var exp: ExpirationClaim
    public var iat: IssuedAtClaim
    public var nonce: String?
    public var acr: String?
    public var givenName: String?
    public var familyName: String?
    public var email: String?
    /// `TINIT-<codice fiscale>`.
    public var fiscalNumber: String?
    /// Authentication methods (RFC 8176); SPID/CIE gateways name the scheme here ("spid", "cie", "cns").
    public var amr: [String]?

    enum CodingKeys: String, CodingKey {
        case iss, sub, aud, exp, iat, nonce, acr, email, amr
        case givenName = "given_name"
        case familyName = "family_name"
        case fiscalNumber = "https://attributes.eid.gov.it/fiscal_number"
    }

    public init(
        issuer: String, subject: String, audience: String, expiresAt: Date, issuedAt: Date, nonce: String?, acr: String?,
        givenName: String?, familyName: String?, email: String?, fiscalNumber: String?
    ) {
        iss = .init(value: issuer)
        sub = .init(value: subject)
        aud = .init(value: [audience])
        exp = .init(value: expiresAt)
        iat = .init(value: issuedAt)
        self.nonce = nonce
        self.acr = acr
        self.givenName = givenName
        self.familyName = familyName
        self.email = email
        self.fiscalNumber = fiscalNumber
    }

    /// Issuer, audience, expiry and nonce are checked by the relying party, which knows what to expect.
    public func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// Why a sign-in with the identity provider was refused. The message key is shown; the detail is logged.
public enum OIDCSignInError: LocalizedDomainError, Equatable {
    case providerUnavailable(String)
    case stateMismatch
    case signInExpired
    case providerRefused(String)
    case invalidToken(String)
    case wrongIssuer
    case wrongAudience
    case tokenExpired
    case nonceMismatch
    case missingFiscalCode
    case invalidFiscalCode(CodiceFiscaleError)
    case insufficientLevel

    public var messageKey: String {
        switch self {
        case .providerUnavailable: "error.signIn.providerUnavailable"
        case .providerRefused: "error.signIn.providerRefused"
        case .stateMismatch, .signInExpired: "error.signIn.expired"
        case .invalidToken, .wrongIssuer, .wrongAudience, .tokenExpired, .nonceMismatch: "error.signIn.invalidToken"
        case .missingFiscalCode, .invalidFiscalCode: "error.signIn.invalidFiscalCode"
        case .insufficientLevel: "error.signIn.insufficientLevel"
        }
    }

    /// One line for the log.
    public var logDetail: String {
        switch self {
        case .providerUnavailable(let detail): "identity provider unavailable: \(detail)"
        case .stateMismatch: "state parameter does not match the pending sign-in"
        case .signInExpired: "sign-in started too long ago or never started"
        case .providerRefused(let detail): "identity provider refused: \(detail)"
        case .invalidToken(let detail): "id token rejected: \(detail)"
        case .wrongIssuer: "id token issuer does not match"
        case .wrongAudience: "id token audience does not include our client id"
        case .tokenExpired: "id token expired"
        case .nonceMismatch: "id token nonce does not match"
        case .missingFiscalCode: "id token has no fiscal_number claim"
        case .invalidFiscalCode(let error): "fiscal code in id token invalid: \(error)"
        case .insufficientLevel: "assurance level below the minimum"
        }
    }
}

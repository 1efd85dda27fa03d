public import Foundation

/// A server-side browser session of one tenant. The cookie carries only `token`.
public struct Session: Equatable, Sendable {
    /// The random secret sent in the cookie; storage keeps only its hash.
    public var token: String
    public var tenantID: Tenant.ID
    public var state: SessionState
    public var createdAt: Date
    public var lastSeenAt: Date

    public init(token: String, tenantID: Tenant.ID, state: SessionState, createdAt: Date, lastSeenAt: Date) {
        self.token = token
        self.tenantID = tenantID
        self.state = state
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
    }

    /// A fresh session with a new token and CSRF token.
    public static func make(tenantID: Tenant.ID, principal: Principal? = nil, now: Date) -> Session {
        Session(
            token: RandomToken.make(), tenantID: tenantID,
            state: SessionState(principal: principal, csrfToken: RandomToken.make()),
            createdAt: now, lastSeenAt: now)
    }
}

/// What a session knows; stored as one JSON document.
public struct SessionState: Equatable, Sendable, Codable {
    public var principal: Principal?
    public var csrfToken: String
    /// Sign-in in progress with an identity provider.
    public var pendingSignIn: PendingSignIn?
    /// Wrong one-time codes given in this session; too many end the sign-in.
    public var failedSecondFactorAttempts: Int
    /// A filing whose documents were opened with its mailed access code, without signing in.
    public var documentAccess: DocumentAccessGrant?

    public init(
        principal: Principal? = nil, csrfToken: String, pendingSignIn: PendingSignIn? = nil, failedSecondFactorAttempts: Int = 0
    ) {
        self.principal = principal
        self.csrfToken = csrfToken
        self.pendingSignIn = pendingSignIn
        self.failedSecondFactorAttempts = failedSecondFactorAttempts
    }
}

/// The right, for a short time, to download one filing's documents, earned with its access code.
public struct DocumentAccessGrant: Equatable, Sendable, Codable {
    public var filingID: Filing.ID
    public var owner: CodiceFiscale
    public var expiresAt: Date

    public init(filingID: Filing.ID, owner: CodiceFiscale, expiresAt: Date) {
        self.filingID = filingID
        self.owner = owner
        self.expiresAt = expiresAt
    }
}

/// Who is signed in.
public enum Principal: Equatable, Sendable, Codable {
    case citizen(CitizenIdentity)
    /// An operator who gave the right password but not yet the second factor.
    case operatorAwaitingSecondFactor(Operator.ID)
    case operatorAccount(Operator.ID)

    public var citizen: CitizenIdentity? {
        if case .citizen(let identity) = self { identity } else { nil }
    }

    public var operatorID: Operator.ID? {
        if case .operatorAccount(let id) = self { id } else { nil }
    }
}

/// The values an OpenID Connect sign-in must find again when the provider sends the browser back.
public struct PendingSignIn: Equatable, Sendable, Codable {
    public enum Audience: String, Sendable, Codable { case citizen, `operator` }

    public var state: String
    public var nonce: String
    public var codeVerifier: String
    /// Local path to land on after sign-in; always a path of our own site.
    public var returnPath: String
    public var audience: Audience
    public var startedAt: Date

    public init(state: String, nonce: String, codeVerifier: String, returnPath: String, audience: Audience, startedAt: Date) {
        self.state = state
        self.nonce = nonce
        self.codeVerifier = codeVerifier
        self.returnPath = returnPath
        self.audience = audience
        self.startedAt = startedAt
    }
}

/// How long sessions live.
public struct SessionPolicy: Sendable, Equatable {
    /// Inactivity after which the session ends.
    public var idleTimeout: TimeInterval
    /// Lifetime after which the session ends even if active.
    public var absoluteTimeout: TimeInterval
    /// A sign-in started but not finished within this time is refused.
    public var signInTimeout: TimeInterval

    public init(
        idleTimeout: TimeInterval = 30 * 60, absoluteTimeout: TimeInterval = 8 * 3600, signInTimeout: TimeInterval = 10 * 60
    ) {
        self.idleTimeout = idleTimeout
        self.absoluteTimeout = absoluteTimeout
        self.signInTimeout = signInTimeout
    }

    public func isExpired(_ session: Session, now: Date) -> Bool {
        now.timeIntervalSince(session.lastSeenAt) > idleTimeout
            || now.timeIntervalSince(session.createdAt) > absoluteTimeout
    }

    /// The moment after which a session is expired whatever happens next.
    public func expiry(of session: Session) -> Date {
        min(session.lastSeenAt.addingTimeInterval(idleTimeout), session.createdAt.addingTimeInterval(absoluteTimeout))
    }
}

/// Where sessions are kept. Lookups are always by token and tenant, so a cookie
/// presented on another municipality's host finds nothing.
public protocol SessionRepository: Sendable {
    func find(token: String, tenantID: Tenant.ID) async throws -> Session?
    func save(_ session: Session, expiresAt: Date) async throws
    func touch(token: String, tenantID: Tenant.ID, lastSeenAt: Date, expiresAt: Date) async throws
    func delete(token: String, tenantID: Tenant.ID) async throws
    /// Removes sessions whose expiry has passed; returns how many.
    func deleteExpired(before: Date) async throws -> Int
}

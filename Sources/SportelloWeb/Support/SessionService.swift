import Foundation
import Hummingbird
import Logging
public import SportelloCore

/// Starts, renews and ends sessions, and writes the cookie that names them.
public struct SessionService: Sendable {
    public static let cookieName = "sportello_session"
    /// Last-seen times are written at most this often, so reading a page does not mean a write.
    static let touchInterval: TimeInterval = 60

    let repository: any SessionRepository
    let policy: SessionPolicy
    let secureCookies: Bool
    let clock: any Clock

    public init(repository: any SessionRepository, policy: SessionPolicy, secureCookies: Bool, clock: any Clock) {
        self.repository = repository
        self.policy = policy
        self.secureCookies = secureCookies
        self.clock = clock
    }

    /// The valid session named by the request's cookie for this tenant, if any.
    func load(request: Request, tenant: Tenant, logger: Logger) async throws -> Session? {
        guard let token = request.cookieValue(Self.cookieName), !token.isEmpty else { return nil }
        guard let session = try await repository.find(token: token, tenantID: tenant.id) else {
            logger.notice("session cookie refused: unknown for this tenant", metadata: ["tenant": "\(tenant.slug)"])
            return nil
        }
        let now = clock.now
        if policy.isExpired(session, now: now) {
            logger.info("session expired", metadata: ["tenant": "\(tenant.slug)"])
            try await repository.delete(token: token, tenantID: tenant.id)
            return nil
        }
        if now.timeIntervalSince(session.lastSeenAt) > Self.touchInterval {
            var touched = session
            touched.lastSeenAt = now
            try await repository.touch(token: token, tenantID: tenant.id, lastSeenAt: now, expiresAt: policy.expiry(of: touched))
            return touched
        }
        return session
    }

    /// The existing session, or a new anonymous one (forms need a CSRF token before sign-in).
    func current(_ context: AppRequestContext) async throws -> (session: Session, isNew: Bool) {
        if let session = context.session { return (session, false) }
        let session = Session.make(tenantID: try context.requireTenant().id, now: clock.now)
        try await repository.save(session, expiresAt: policy.expiry(of: session))
        return (session, true)
    }

    func save(_ session: Session) async throws {
        try await repository.save(session, expiresAt: policy.expiry(of: session))
    }

    /// Replaces the session by a new one holding `principal`, so a token seen before sign-in is worthless after.
    func signIn(_ principal: Principal, replacing old: Session?, tenantID: Tenant.ID) async throws -> Session {
        if let old { try await repository.delete(token: old.token, tenantID: tenantID) }
        let session = Session.make(tenantID: tenantID, principal: principal, now: clock.now)
        try await repository.save(session, expiresAt: policy.expiry(of: session))
        return session
    }

    /// Replaces the session by a new one with `state` (same principal): a right earned in it (an access code)
    /// never belongs to a token that existed before.
    func rotate(_ old: Session, state: SessionState) async throws -> Session {
        try await repository.delete(token: old.token, tenantID: old.tenantID)
        var session = Session.make(tenantID: old.tenantID, principal: state.principal, now: clock.now)
        let csrfToken = session.state.csrfToken
        session.state = state
        session.state.csrfToken = csrfToken
        try await repository.save(session, expiresAt: policy.expiry(of: session))
        return session
    }

    func end(_ session: Session) async throws {
        try await repository.delete(token: session.token, tenantID: session.tenantID)
    }

    func cookie(for session: Session) -> Cookie {
        Cookie(
            name: Self.cookieName, value: session.token, maxAge: Int(policy.absoluteTimeout), path: "/",
            secure: secureCookies, httpOnly: true, sameSite: .lax)
    }

    func expiredCookie() -> Cookie {
        Cookie(name: Self.cookieName, value: "", maxAge: 0, path: "/", secure: secureCookies, httpOnly: true, sameSite: .lax)
    }
}

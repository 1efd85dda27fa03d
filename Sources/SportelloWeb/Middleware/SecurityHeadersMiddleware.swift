import HTTPTypes
public import Hummingbird

/// Security headers on every response. Pages need no script and no inline style, so the
/// policy is strict; frame-ancestors comes from the tenant (who may embed us in its site).
public struct SecurityHeadersMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let behindTLS: Bool

    public init(behindTLS: Bool) {
        self.behindTLS = behindTLS
    }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response = try await next(request, context)
        // Inner layers (the tenant middleware, the test provider) may have set a more specific policy.
        // Every policy comes from `contentSecurityPolicy`, which ends with its frame-ancestors directive.
        if let policy = response.headers[.contentSecurityPolicy] {
            if policy.hasSuffix("frame-ancestors 'none'") { response.headers.append(Self.denyFraming) }
        } else {
            response.headers.append(contentsOf: Self.defaultPolicyHeaders)
        }
        // Only this middleware sets these, so they are appended rather than looked for first.
        response.headers.append(contentsOf: behindTLS ? Self.fixedHeadersWithTLS : Self.fixedHeaders)
        return response
    }

    /// The policy of pages no municipality may frame, written once.
    static let defaultPolicy = contentSecurityPolicy(frameAncestors: [])
    static let denyFraming = HTTPField(name: .xFrameOptions, value: "DENY")
    static let defaultPolicyHeaders = [HTTPField(name: .contentSecurityPolicy, value: defaultPolicy), denyFraming]
    static let fixedHeaders = [
        HTTPField(name: .xContentTypeOptions, value: "nosniff"), HTTPField(name: .referrerPolicy, value: "same-origin"),
        HTTPField(name: .permissionsPolicy, value: "camera=(), microphone=(), geolocation=(), payment=()"),
        HTTPField(name: .crossOriginOpenerPolicy, value: "same-origin"),
    ]
    static let fixedHeadersWithTLS =
        fixedHeaders + [HTTPField(name: .strictTransportSecurity, value: "max-age=31536000; includeSubDomains")]

    static func contentSecurityPolicy(frameAncestors: [String], formAction: [String] = []) -> String {
        let ancestors = frameAncestors.isEmpty ? "'none'" : frameAncestors.joined(separator: " ")
        let forms = (["'self'"] + formAction).joined(separator: " ")
        return
            "default-src 'none'; style-src 'self'; img-src 'self' data: https:; form-action \(forms); base-uri 'none'; frame-ancestors \(ancestors)"
    }
}

extension HTTPField.Name {
    static let xFrameOptions = Self("X-Frame-Options")!
    static let xContentTypeOptions = Self("X-Content-Type-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
    static let permissionsPolicy = Self("Permissions-Policy")!
    static let crossOriginOpenerPolicy = Self("Cross-Origin-Opener-Policy")!
}

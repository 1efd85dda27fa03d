import Foundation
import Hummingbird
import SportelloAdapters
import SportelloCore

/// HTTP face of the built-in test identity provider (demo mode only).
struct TestProviderController {
    let provider: TestIdentityProvider
    let localizer: Localizer
    let clock: any Clock

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(RouterPath(stringLiteral: SiteRoute.testProviderDiscovery.pattern)) { _, _ in
            try Self.json(JSONEncoder().encode(provider.discoveryDocument))
        }
        router.get(RouterPath(stringLiteral: SiteRoute.testProviderKeys.pattern)) { _, _ in
            Self.json(provider.jwks)
        }
        router.get(RouterPath(stringLiteral: SiteRoute.testProviderAuthorize.pattern)) { request, context in
            let query = Dictionary(
                request.uri.queryParameters.map { (String($0.key), String($0.value)) }, uniquingKeysWith: { a, _ in a })
            return page(for: query, context: context)
        }
        router.post(RouterPath(stringLiteral: SiteRoute.testProviderAuthorize.pattern)) { request, context in
            let fields = try await formFields(request, context).dictionary
            let authorization: TestAuthorizationRequest
            do { authorization = try provider.validate(authorization: fields) } catch {
                return page(for: fields, context: context)
            }
            let target: String
            if fields["cancel"] != nil {
                target = provider.deny(authorization)
            } else {
                do { target = try provider.approve(authorization, fiscalCode: fields["citizen"] ?? "", now: clock.now) } catch {
                    return page(for: fields, context: context)
                }
            }
            return Response(status: .seeOther, headers: [.location: target, .cacheControl: "no-store"])
        }
        router.post(RouterPath(stringLiteral: SiteRoute.testProviderToken.pattern)) { request, context in
            let fields = try await formFields(request, context).dictionary
            let answer = await provider.token(form: fields, basicCredentials: Self.basicCredentials(request), now: clock.now)
            return Self.json(answer.body, status: .init(code: answer.status))
        }
    }

    private func page(for query: [String: String], context: AppRequestContext) -> Response {
        let t = Texts(localizer: localizer, language: context.language)
        var model = TestProviderView.Model(
            citizens: provider.citizens, hiddenFields: [], actionURL: SiteRoute.testProviderAuthorize.path)
        var formTargets: [String] = []
        do {
            let authorization = try provider.validate(authorization: query)
            model.hiddenFields = authorization.formFields
            if let url = URL(string: authorization.redirectURI), let scheme = url.scheme, let host = url.host {
                formTargets.append("\(scheme)://\(host)" + (url.port.map { ":\($0)" } ?? ""))
            }
        } catch {
            context.logger.warning("test provider refused an authorization request", metadata: ["reason": "\(error)"])
            model.error = t("testProvider.badRequest") + " (\(error.description))"
        }
        let html = TestProviderView.document(model, t: t, stylesheetURL: SiteRoute.stylesheet.path)
        return Response(
            status: model.error == nil ? .ok : .badRequest,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                // The form's answer redirects to the relying party, which CSP form-action must allow.
                .contentSecurityPolicy: SecurityHeadersMiddleware.contentSecurityPolicy(
                    frameAncestors: [], formAction: formTargets),
            ],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    static func json(_ data: Data, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func basicCredentials(_ request: Request) -> (String, String)? {
        guard let header = request.headers[.authorization], header.hasPrefix("Basic "),
            let decoded = Data(base64Encoded: String(header.dropFirst(6))).map({ String(decoding: $0, as: UTF8.self) }),
            let colon = decoded.firstIndex(of: ":")
        else { return nil }
        let id = String(decoded[..<colon]).removingPercentEncoding ?? ""
        let secret = String(decoded[decoded.index(after: colon)...]).removingPercentEncoding ?? ""
        return (id, secret)
    }
}

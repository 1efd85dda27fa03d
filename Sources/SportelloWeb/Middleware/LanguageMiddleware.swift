public import Hummingbird

/// Chooses the page language: `?lang=` (remembered in a cookie), then the cookie, then the browser's preference.
public struct LanguageMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    static let cookieName = "sportello_lang"
    let secureCookies: Bool

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        if let chosen = request.uri.queryParameters["lang"].flatMap({ Language(rawValue: String($0)) }) {
            context.language = chosen
            context.languageChosen = true
        } else if let remembered = request.cookieValue(Self.cookieName).flatMap(Language.init(rawValue:)) {
            context.language = remembered
        } else {
            context.language = Language.preferred(acceptLanguage: request.headers[.acceptLanguage])
        }
        var response = try await next(request, context)
        if context.languageChosen {
            response.setCookie(
                Cookie(
                    name: Self.cookieName, value: context.language.code, maxAge: 365 * 24 * 3600, path: "/",
                    secure: secureCookies, httpOnly: true, sameSite: .lax))
        }
        return response
    }
}

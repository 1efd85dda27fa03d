import Crypto
import Foundation
import Hummingbird
import SportelloCore

/// The stylesheets: the shared one from the bundle (kept in memory), and each tenant's colours.
struct AssetsController {
    let stylesheet: ByteBuffer
    let stylesheetETag: String

    init() throws {
        guard let url = Bundle.module.url(forResource: "sportello", withExtension: "css", subdirectory: "Resources/Public") else {
            throw HTTPError(.internalServerError, message: "stylesheet missing from the bundle")
        }
        let data = try Data(contentsOf: url)
        stylesheet = ByteBuffer(bytes: data)
        stylesheetETag = "\"" + Hex.encode(SHA256.hash(data: data).prefix(8)) + "\""
    }

    func addSharedRoutes(to router: Router<AppRequestContext>) {
        router.get(RouterPath(stringLiteral: SiteRoute.stylesheet.pattern)) { request, _ in
            if request.headers[.ifNoneMatch] == stylesheetETag {
                return Response(status: .notModified, headers: [.eTag: stylesheetETag])
            }
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=86400", .eTag: stylesheetETag,
                ],
                body: .init(byteBuffer: stylesheet))
        }
    }

    func addTenantRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get(RouterPath(stringLiteral: SiteRoute.tenantStylesheet.pattern)) { _, context in
            let tenant = try context.requireTenant()
            return Response(
                status: .ok,
                headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=31536000, immutable"],
                body: .init(byteBuffer: ByteBuffer(string: TenantStylesheet.css(for: tenant))))
        }
    }
}

import Foundation
import Hummingbird
import SportelloCore

/// Renders pages in the tenant frame with the banner, and the common error pages.
public struct Pages: Sendable {
    let renderer: PageRenderer
    let localizer: Localizer
    let maintenance: MaintenanceNotices

    func texts(_ context: AppRequestContext) -> Texts {
        Texts(localizer: localizer, language: context.language)
    }

    func render(_ page: Page, request: Request, context: AppRequestContext) async -> Response {
        let banner: MaintenanceWindow? =
            if let tenant = context.tenant { await maintenance.banner(for: tenant) } else { nil }
        return renderer.response(page, request: request, context: context, maintenance: banner)
    }

    /// An error page in the frame (no banner lookup: errors may come from a database outage).
    func error(_ status: HTTPResponse.Status, messageKey: String, request: Request, context: AppRequestContext) -> Response {
        let t = texts(context)
        guard context.tenant != nil else { return unknownHost(request: request, context: context) }
        let model = ErrorPageView.Model(
            status: status.code, title: t("error.title.\(status.code)"), message: t(messageKey), homeURL: SiteRoute.home.path,
            homeLabel: t("error.backHome"))
        var response = renderer.response(
            Page(title: model.title, body: ErrorPageView.body(model), status: status), request: request, context: context,
            maintenance: nil)
        if status == .serviceUnavailable { response.headers[.retryAfter] = "30" }
        return response
    }

    /// The page for a host no municipality answers on.
    func unknownHost(request: Request, context: AppRequestContext) -> Response {
        let language = Language.preferred(acceptLanguage: request.headers[.acceptLanguage])
        let model = ErrorPageView.Model(
            status: 404, title: localizer.text("error.unknownHost.title", language),
            message: localizer.text("error.unknownHost.message", language), homeURL: "/", homeLabel: "")
        let html = ErrorPageView.standalone(model, language: language, stylesheetURL: SiteRoute.stylesheet.path)
        return Response(
            status: .notFound, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    static func redirect(to path: String) -> Response {
        Response(status: .seeOther, headers: [.location: path, .cacheControl: "no-store"])
    }

    /// A CSV file to save (its bytes as `CSVWriter` writes them).
    static func csv(_ data: Data, fileName: String) -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8",
                .contentDisposition: AttachmentController.contentDisposition(fileName: fileName),
                .cacheControl: "private, no-store",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A private document to save (never cached, never run as a page).
    static func download(fileName: String, mimeType: String, bytes: [UInt8]) -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: mimeType,
                .contentDisposition: AttachmentController.contentDisposition(fileName: fileName),
                .cacheControl: "private, no-store",
                .contentSecurityPolicy: "default-src 'none'; sandbox",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

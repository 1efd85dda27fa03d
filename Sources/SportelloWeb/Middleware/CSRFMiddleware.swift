import Foundation
public import Hummingbird
import SportelloCore

/// Refuses any form post whose `csrf_token` does not match the session's (synchronizer token).
/// URL-encoded bodies are read here once and their fields handed on in the context.
/// Multipart bodies (forms with files) are read here as they stream in: the token must be their
/// first part, checked before anything else is read; files go to temporary files that are removed
/// when the request ends, unless a controller moved them into the attachment store.
public struct CSRFMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let pages: Pages
    let uploadDirectory: URL

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard request.method == .post else { return try await next(request, context) }
        let expected = context.session?.state.csrfToken
        func accepts(_ given: String?) -> Bool {
            guard let expected, let given else { return false }
            return ConstantTime.equals(given, expected)
        }
        if let boundary = Self.multipartBoundary(request) {
            let reader = MultipartFormReader(directory: uploadDirectory, maximumBytes: context.maxBodySize)
            let upload: UploadedForm
            do {
                upload = try await reader.read(request.body, boundary: boundary) { name, value in
                    name == "csrf_token" && accepts(value)
                }
            } catch UploadFailure.forbidden {
                return refuse(request, context)
            } catch UploadFailure.tooLarge {
                context.logger.notice("upload refused: too large", metadata: ["path": "\(request.uri.path)"])
                return pages.error(.contentTooLarge, messageKey: "error.upload.tooLarge", request: request, context: context)
            } catch UploadFailure.malformed(let reason) {
                context.logger.notice("upload refused: malformed", metadata: ["reason": "\(reason)"])
                return pages.error(.badRequest, messageKey: "error.upload.malformed", request: request, context: context)
            }
            defer { upload.removeTemporaryFiles() }
            var context = context
            context.upload = upload
            context.postedFields = upload.fields
            return try await next(request, context)
        }
        var request = request
        let fields = FormFields(buffer: try await request.collectBody(upTo: context.maxBodySize))
        guard accepts(fields["csrf_token"]) else { return refuse(request, context) }
        var context = context
        context.postedFields = fields
        return try await next(request, context)
    }

    private func refuse(_ request: Request, _ context: Context) -> Response {
        context.logger.warning(
            "form post refused: CSRF token missing or wrong",
            metadata: ["path": "\(request.uri.path)", "has_session": "\(context.session != nil)"])
        return pages.error(.forbidden, messageKey: "error.csrf", request: request, context: context)
    }

    /// The boundary of a `multipart/form-data` body, or nil for any other body.
    static func multipartBoundary(_ request: Request) -> String? {
        guard let header = request.headers[.contentType],
            header.utf8.first == UInt8(ascii: "m") || header.utf8.first == UInt8(ascii: "M")
        else { return nil }
        let parsed = HeaderParameters.parse(header)
        guard parsed.value.lowercased() == "multipart/form-data", let boundary = parsed["boundary"],
            (1...70).contains(boundary.count)
        else { return nil }
        return boundary
    }
}

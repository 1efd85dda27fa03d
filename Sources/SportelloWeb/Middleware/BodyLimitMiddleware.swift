public import Hummingbird

/// Refuses bodies announced larger than the limit before reading them (413). Forms with files
/// (`multipart/form-data`) have their own, larger limit; bodies without a length are counted as they stream.
public struct BodyLimitMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let limit: Int
    let uploadLimit: Int

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let limit = CSRFMiddleware.multipartBoundary(request) == nil ? limit : uploadLimit
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            context.logger.notice("request body too large", metadata: ["content_length": "\(length)"])
            return Response(
                status: .contentTooLarge, headers: [.contentType: "text/plain; charset=utf-8", .connection: "close"],
                body: .init(byteBuffer: ByteBuffer(string: "Request body too large\n")))
        }
        var context = context
        context.maxBodySize = limit
        return try await next(request, context)
    }
}

public import Hummingbird

/// Refuses bodies announced larger than the limit before reading them (413).
public struct BodyLimitMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let limit: Int

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
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

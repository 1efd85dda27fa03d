import Foundation
import Hummingbird
import SportelloCore

/// Downloads of attached documents: only by the citizen whose filing refers to them.
struct AttachmentController {
    let filings: any FilingRepository
    let attachments: Attachments

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get(RouterPath(stringLiteral: SiteRoute.filingAttachment(id: UUID(), sha256: "").pattern)) { request, context in
            try await download(request, context)
        }
    }

    private func download(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let citizen = context.session?.state.principal?.citizen else {
            return Pages.redirect(to: SiteRoute.signIn(returnPath: request.uri.path).path)
        }
        let tenant = try context.requireTenant()
        let id = try context.parameters.require("id", as: UUID.self)
        let sha256 = try context.parameters.require("sha256")
        // Another citizen's filing, a document the filing does not refer to and a missing file
        // all look the same from outside: not found.
        guard SHA256Digest.isValid(sha256),
            let filing = try await filings.find(id: id, owner: citizen.fiscalCode, tenantID: tenant.id),
            let reference = filing.answers.attachment(sha256: sha256),
            let location = attachments.store.location(sha256: sha256, tenantID: tenant.id)
        else {
            context.logger.notice("document not found for this citizen", metadata: ["filing": "\(id)"])
            throw HTTPError(.notFound)
        }
        let body = try await FileIO().loadFile(path: location.path, context: context)
        return Response(
            status: .ok,
            headers: [
                .contentType: reference.contentType,
                .contentLength: String(reference.size),
                .contentDisposition: Self.contentDisposition(fileName: reference.fileName),
                .cacheControl: "private, no-store",
                .contentSecurityPolicy: "default-src 'none'; sandbox",
            ],
            body: body)
    }

    /// `attachment` with an ASCII fallback name and the real name in UTF-8 (RFC 6266 / 8187).
    static func contentDisposition(fileName: String) -> String {
        let fallback = String(
            fileName.unicodeScalars.map { scalar in
                scalar.isASCII && scalar.value >= 0x20 && scalar != "\"" && scalar != "\\" ? Character(scalar) : "_"
            })
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let encoded = fileName.addingPercentEncoding(withAllowedCharacters: allowed) ?? fallback
        return "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)"
    }
}

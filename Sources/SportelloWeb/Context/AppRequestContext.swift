public import Hummingbird
public import SportelloCore

/// What a request carries through middleware to controllers.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The municipality the request host belongs to; nil only on tenant-less routes.
    public var tenant: Tenant?
    /// The server-side session named by the cookie, if valid for this tenant.
    public var session: Session?
    /// The signed-in operator, set by the back-office guard.
    public var signedInOperator: Operator?
    public var language: Language
    /// Whether the language was chosen explicitly in this request (the cookie is then set).
    public var languageChosen: Bool
    /// Upper bound for request bodies; larger bodies are refused with 413.
    public var maxBodySize: Int
    /// The fields of a posted form (url-encoded or multipart), read once by the CSRF middleware.
    var postedFields: FormFields?
    /// The files of a posted multipart form, written to temporary files by the CSRF middleware.
    var upload: UploadedForm?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        tenant = nil
        session = nil
        signedInOperator = nil
        language = .italian
        languageChosen = false
        maxBodySize = 1 << 20
        upload = nil
        postedFields = nil
    }

    /// The tenant, which tenant middleware guarantees on every tenant route.
    public func requireTenant() throws -> Tenant {
        guard let tenant else { throw HTTPError(.notFound) }
        return tenant
    }
}

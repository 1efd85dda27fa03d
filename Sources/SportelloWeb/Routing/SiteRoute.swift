public import Foundation

/// Every URL of the site. Routes are registered from `pattern` and every link and
/// redirect is built from `path`, so the two cannot drift apart.
public enum SiteRoute: Equatable, Sendable {
    case home
    case health, ready, metrics
    case stylesheet, tenantStylesheet
    case privacy, accessibility, legalNotes
    case signIn(returnPath: String?)
    case signInCallback
    case signOut
    case personalArea
    case backOfficeSignIn
    case backOfficeSecondFactor
    case backOfficeIdentityProviderSignIn
    case backOfficeSignOut
    case backOfficeInbox
    case backOfficeMaintenance
    case backOfficeMaintenanceDelete(id: UUID)
    case backOfficeOutbox
    case backOfficeOutboxRetry(id: UUID)
    case backOfficeMailbox
    case testProviderDiscovery, testProviderKeys, testProviderAuthorize, testProviderToken
    case protocolSimulatorRegistrations
    case service(code: String)
    case startFiling(code: String)
    case filing(id: UUID)
    case filingConsent(id: UUID)
    case filingPage(id: UUID, page: String)
    case filingSummary(id: UUID)
    case filingConfirm(id: UUID)
    case filingDelete(id: UUID)
    case filingAttachment(id: UUID, sha256: String)
    case filingPreview(id: UUID)
    case filingOutcome(id: UUID)
    case filingDocument(id: UUID, document: String)
    case filingRating(id: UUID)
    case documentAccess
    case documentAccessFile(document: String)
    case backOfficeExport
    case backOfficeCase(id: UUID)
    case backOfficeCaseAction(id: UUID, action: String)
    case backOfficeCaseDocument(id: UUID, document: String)
    case backOfficeCaseAttachment(id: UUID, sha256: String)
    case backOfficeOffices
    case message(id: UUID)
    case messageDocument(id: UUID)
    case messageAttachment(id: UUID, sha256: String)
    case filingSupplement(id: UUID)
    case filingWithdraw(id: UUID)
    case backOfficeCommunications
    case backOfficePayments
    case backOfficeReconciliation
    case backOfficePaymentNew
    case backOfficePaymentInvalidate(iupd: String)
    case paymentNotice(notice: String)
    case paymentPay(notice: String)
    case paymentReceipt(id: String)
    case pagopaCheckout
    case appIOSimulator
    case backOfficeStatistics
    case backOfficeStatisticsCSV
    case transparency
    case transparencyCSV

    /// The path to link to, query included.
    public var path: String {
        switch self {
        case .signIn(let returnPath?):
            return pattern + "?next=" + (returnPath.addingPercentEncoding(withAllowedCharacters: Self.queryValueCharacters) ?? "")
        case .backOfficeMaintenanceDelete(let id):
            return "/backoffice/admin/maintenance/\(id.uuidString.lowercased())/delete"
        case .backOfficeOutboxRetry(let id):
            return "/backoffice/admin/outbox/\(id.uuidString.lowercased())/retry"
        case .service(let code): return "/servizi/" + code
        case .startFiling(let code): return "/servizi/" + code + "/avvia"
        case .filing(let id): return "/pratiche/" + id.uuidString.lowercased()
        case .filingConsent(let id): return "/pratiche/" + id.uuidString.lowercased() + "/privacy"
        case .filingPage(let id, let page): return "/pratiche/" + id.uuidString.lowercased() + "/pagine/" + page
        case .filingSummary(let id): return "/pratiche/" + id.uuidString.lowercased() + "/riepilogo"
        case .filingConfirm(let id): return "/pratiche/" + id.uuidString.lowercased() + "/conferma"
        case .filingDelete(let id): return "/pratiche/" + id.uuidString.lowercased() + "/elimina"
        case .filingAttachment(let id, let sha256): return "/pratiche/" + id.uuidString.lowercased() + "/allegati/" + sha256
        case .filingPreview(let id): return "/pratiche/" + id.uuidString.lowercased() + "/anteprima.pdf"
        case .filingOutcome(let id): return "/pratiche/" + id.uuidString.lowercased() + "/esito"
        case .filingDocument(let id, let document): return "/pratiche/" + id.uuidString.lowercased() + "/documenti/" + document
        case .filingRating(let id): return "/pratiche/" + id.uuidString.lowercased() + "/valutazione"
        case .documentAccessFile(let document): return "/accesso-documenti/documenti/" + document
        case .backOfficeCase(let id): return "/backoffice/pratiche/" + id.uuidString.lowercased()
        case .backOfficeCaseAction(let id, let action):
            return "/backoffice/pratiche/" + id.uuidString.lowercased() + "/azioni/" + action
        case .backOfficeCaseDocument(let id, let document):
            return "/backoffice/pratiche/" + id.uuidString.lowercased() + "/documenti/" + document
        case .backOfficeCaseAttachment(let id, let sha256):
            return "/backoffice/pratiche/" + id.uuidString.lowercased() + "/allegati/" + sha256
        case .message(let id): return "/area-personale/messaggi/" + id.uuidString.lowercased()
        case .messageDocument(let id): return "/area-personale/messaggi/" + id.uuidString.lowercased() + "/documento.pdf"
        case .messageAttachment(let id, let sha256):
            return "/area-personale/messaggi/" + id.uuidString.lowercased() + "/allegati/" + sha256
        case .filingSupplement(let id): return "/pratiche/" + id.uuidString.lowercased() + "/integrazione"
        case .filingWithdraw(let id): return "/pratiche/" + id.uuidString.lowercased() + "/rinuncia"
        case .paymentNotice(let notice): return "/pagamenti/" + notice + "/avviso.pdf"
        case .backOfficePaymentInvalidate(let iupd):
            return "/backoffice/pagamenti/posizioni/" + (iupd.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
                + "/annulla"
        case .paymentPay(let notice): return "/pagamenti/" + notice + "/paga"
        case .paymentReceipt(let id):
            return "/pagamenti/ricevute/" + (id.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        default:
            return pattern
        }
    }

    /// The pattern the router matches (`:name` for parameters).
    public var pattern: String {
        switch self {
        case .home: "/"
        case .health: "/health"
        case .ready: "/ready"
        case .metrics: "/metrics"
        case .stylesheet: "/static/sportello.css"
        case .tenantStylesheet: "/static/tenant.css"
        case .privacy: "/privacy"
        case .accessibility: "/dichiarazione-accessibilita"
        case .legalNotes: "/note-legali"
        case .signIn: "/auth/login"
        case .signInCallback: "/auth/callback"
        case .signOut: "/auth/logout"
        case .personalArea: "/area-personale"
        case .backOfficeSignIn: "/backoffice/login"
        case .backOfficeSecondFactor: "/backoffice/login/otp"
        case .backOfficeIdentityProviderSignIn: "/backoffice/login/spid"
        case .backOfficeSignOut: "/backoffice/logout"
        case .backOfficeInbox: "/backoffice"
        case .backOfficeMaintenance: "/backoffice/admin/maintenance"
        case .backOfficeMaintenanceDelete: "/backoffice/admin/maintenance/:id/delete"
        case .backOfficeOutbox: "/backoffice/admin/outbox"
        case .backOfficeOutboxRetry: "/backoffice/admin/outbox/:id/retry"
        case .backOfficeMailbox: "/backoffice/admin/mailbox"
        case .testProviderDiscovery: "/test-idp/.well-known/openid-configuration"
        case .testProviderKeys: "/test-idp/jwks"
        case .testProviderAuthorize: "/test-idp/authorize"
        case .testProviderToken: "/test-idp/token"
        case .protocolSimulatorRegistrations: "/simulatori/protocollo/registrazioni"
        case .service: "/servizi/:code"
        case .startFiling: "/servizi/:code/avvia"
        case .filing: "/pratiche/:id"
        case .filingConsent: "/pratiche/:id/privacy"
        case .filingPage: "/pratiche/:id/pagine/:page"
        case .filingSummary: "/pratiche/:id/riepilogo"
        case .filingConfirm: "/pratiche/:id/conferma"
        case .filingDelete: "/pratiche/:id/elimina"
        case .filingAttachment: "/pratiche/:id/allegati/:sha256"
        case .filingPreview: "/pratiche/:id/anteprima.pdf"
        case .filingOutcome: "/pratiche/:id/esito"
        case .filingDocument: "/pratiche/:id/documenti/:document"
        case .filingRating: "/pratiche/:id/valutazione"
        case .documentAccess: "/accesso-documenti"
        case .documentAccessFile: "/accesso-documenti/documenti/:document"
        case .backOfficeExport: "/backoffice/pratiche.csv"
        case .backOfficeCase: "/backoffice/pratiche/:id"
        case .backOfficeCaseAction: "/backoffice/pratiche/:id/azioni/:action"
        case .backOfficeCaseDocument: "/backoffice/pratiche/:id/documenti/:document"
        case .backOfficeCaseAttachment: "/backoffice/pratiche/:id/allegati/:sha256"
        case .backOfficeOffices: "/backoffice/admin/uffici"
        case .message: "/area-personale/messaggi/:id"
        case .messageDocument: "/area-personale/messaggi/:id/documento.pdf"
        case .messageAttachment: "/area-personale/messaggi/:id/allegati/:sha256"
        case .filingSupplement: "/pratiche/:id/integrazione"
        case .filingWithdraw: "/pratiche/:id/rinuncia"
        case .backOfficeCommunications: "/backoffice/comunicazioni"
        case .backOfficePayments: "/backoffice/pagamenti"
        case .backOfficeReconciliation: "/backoffice/pagamenti/riconciliazione"
        case .backOfficePaymentNew: "/backoffice/pagamenti/nuova"
        case .backOfficePaymentInvalidate: "/backoffice/pagamenti/posizioni/:iupd/annulla"
        case .paymentNotice: "/pagamenti/:notice/avviso.pdf"
        case .paymentPay: "/pagamenti/:notice/paga"
        case .paymentReceipt: "/pagamenti/ricevute/:receipt"
        case .pagopaCheckout: "/simulatori/pagopa/checkout"
        case .appIOSimulator: "/simulatori/io"
        case .backOfficeStatistics: "/backoffice/statistiche"
        case .backOfficeStatisticsCSV: "/backoffice/statistiche.csv"
        case .transparency: "/trasparenza"
        case .transparencyCSV: "/trasparenza.csv"
        }
    }

    /// Characters left as they are in a query value (unreserved characters and "/").
    static let queryValueCharacters: CharacterSet = {
        var set = CharacterSet.alphanumerics
        set.insert(charactersIn: "-._~/")
        return set
    }()

    /// Base URL path of the demo's protocol simulator (a municipality's own protocol system).
    public static let protocolSimulatorPrefix = "/simulatori/protocollo"

    /// Path prefix of the test identity provider; its issuer is the server's base URL plus this.
    public static let testProviderPrefix = "/test-idp"

    /// Whether `path` is a safe place to land after sign-in: a local absolute path, never another site.
    public static func isSafeReturnPath(_ path: String) -> Bool {
        path.hasPrefix("/") && !path.hasPrefix("//") && !path.contains("\\") && !path.contains("\r") && !path.contains("\n")
    }
}

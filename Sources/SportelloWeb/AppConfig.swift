public import Configuration
public import Foundation
public import SportelloAdapters
public import SportelloCore
public import SportelloStorage

/// Every setting of the install, read once at start from command line > environment
/// (SPORTELLO_*) > config file > defaults. See docs/configuration.md.
public struct AppConfig: Sendable {
    public var demo: Bool
    public var hostname: String
    public var port: Int
    /// Set when a TLS-terminating proxy is in front: cookies become Secure and HSTS is sent.
    public var behindTLS: Bool
    public var dataDirectory: String
    public var databaseURL: String
    /// PostgreSQL connections each process opens at start and keeps open (`database.connections`).
    public var databaseConnections: Int
    /// SQLite only: `normal` (synced at checkpoints) or `full` (synced at every commit).
    public var sqliteSynchronous: SQLiteSynchronous
    public var sessionPolicy: SessionPolicy
    public var sessionCacheSeconds: TimeInterval
    /// How long a draft stays in this process's memory after its last use; 0 reads every page from the
    /// database. On by default on SQLite (one process by construction), off on PostgreSQL unless every
    /// citizen reaches the same instance.
    public var filingCacheSeconds: TimeInterval
    public var logLevel: String
    public var logFormat: LogFormat
    public var maxRequestBodyBytes: Int
    /// Upper bound of a form post with files (`multipart/form-data`), all files included.
    public var maxUploadBytes: Int
    /// Where attached documents are kept; never inside anything the web server serves.
    public var attachmentsDirectory: String
    /// Runs the background jobs (session cleanup, and later the outbox) inside `serve`.
    public var runWorkerInProcess: Bool
    /// When the daily cleanup deletes drafts (`drafts.retentionDays`, `drafts.closedCallGraceDays`).
    public var draftRetention: DraftRetention
    /// How long the access code mailed after submission opens the filing's documents (`documents.accessCodeDays`).
    public var accessCodeDays: Int
    public var testProvider: TestProviderSettings
    /// Identity provider used by tenants without their own (`oidc.*`).
    public var defaultIdentityProvider: OIDCProviderSettings?
    /// Identity providers per tenant slug (`tenants.<slug>.oidc.*`).
    public var identityProviders: [String: OIDCProviderSettings]
    /// Municipalities (by slug) that register filings in their own protocol system
    /// (`tenants.<slug>.protocol.remoteURL`, `.remoteToken`; the URL `simulator` is the demo's built-in one).
    public var remoteProtocols: [String: RemoteProtocolSettings]
    /// PNG or JPEG files with each municipality's logo for its documents (`tenants.<slug>.documentLogo`).
    public var documentLogos: [String: String]
    /// The bearer token the demo's protocol simulator expects (`protocolSimulator.token`).
    public var protocolSimulatorToken: String
    /// Outgoing e-mail (`mail.*`, see docs/email.md).
    public var mail: MailSettings
    /// Slugs of tenants whose settings are read (`tenants.slugs`), for per-tenant keys.
    public var configuredTenantSlugs: [String]
    /// pagoPA settings per tenant slug (`tenants.<slug>.pagopa.segregationCode`, `.iban`, `.category`); the demo
    /// municipality has its own.
    public var payments: [String: PaymentSettings]
    /// Municipalities with a PEC mailbox (`tenants.<slug>.pec.*`): the office's registered letters also go by PEC to
    /// the citizens who gave their PEC address (domicilio digitale).
    public var pec: [String: MailSettings]
    /// The subscription key the demo's pagoPA simulator expects (`pagopaSimulator.key`).
    public var gpdSimulatorKey: String
    /// The key the pagoPA node (or the API gateway in front of it) sends with each receipt (`pagopa.nodeKey`); without
    /// it the receipts endpoint is closed.
    public var pagopaNodeKey: String?
    /// App IO per tenant slug (`tenants.<slug>.appio.baseURL`, `.filingsKey`, `.paymentsKey`).
    public var appIO: [String: AppIOSettings]
    /// The keys of the demo's IO simulator for its two services.
    public var appIOSimulatorKeys: (filings: String, payments: String)

    public struct AppIOSettings: Sendable, Equatable {
        public var baseURL: String
        public var filingsKey: String
        public var paymentsKey: String
    }

    public enum LogFormat: String, Sendable { case text, json }

    /// Outgoing e-mail. Without an SMTP host, mail stays in an in-memory mailbox (the demo shows it to admins).
    /// The SMTP account and sender of `mail.*`, or of a municipality's PEC mailbox (`tenants.<slug>.pec.*`, same keys).
    static func mailSettings(_ reader: ConfigReader, defaultFrom: String, defaultSecurity: String) -> MailSettings {
        MailSettings(
            host: reader.string(forKey: "smtp.host"), port: reader.int(forKey: "smtp.port"),
            security: reader.string(forKey: "smtp.security", default: defaultSecurity),
            username: reader.string(forKey: "smtp.username"),
            password: reader.string(forKey: "smtp.password", isSecret: true),
            caFile: reader.string(forKey: "smtp.caFile"),
            from: reader.string(forKey: "from", default: defaultFrom),
            fromName: reader.string(forKey: "fromName", default: ""),
            connections: reader.int(forKey: "connections", default: 4))
    }

    public struct MailSettings: Sendable, Equatable {
        public var host: String?
        public var port: Int?
        public var security: String
        public var username: String?
        public var password: String?
        public var caFile: String?
        public var from: String
        public var fromName: String
        public var connections: Int
    }

    /// A municipality's own protocol system.
    public struct RemoteProtocolSettings: Sendable, Equatable {
        public var url: String
        public var token: String
    }

    /// The built-in test identity provider (demo mode only).
    public struct TestProviderSettings: Sendable {
        public var enabled: Bool
        /// "http" calls the provider over the network like any provider; "inProcess" skips
        /// the socket for the back channel (router tests, where no port is open).
        public var backChannel: String
        public var clientSecret: String
        /// How many numbered synthetic residents the provider and the demo registry know (load tests), 0 for none.
        public var syntheticCitizens: Int
    }

    public init(reader: ConfigReader) {
        demo = reader.bool(forKey: "demo", default: false)
        hostname = reader.string(forKey: "http.hostname", default: "127.0.0.1")
        port = reader.int(forKey: "http.port", default: 8080)
        behindTLS = reader.bool(forKey: "http.behindTLS", default: false)
        maxRequestBodyBytes = reader.int(forKey: "http.maxRequestBodyBytes", default: 1 << 20)
        maxUploadBytes = reader.int(forKey: "http.maxUploadBytes", default: 60 << 20)
        dataDirectory = reader.string(forKey: "data.directory", default: "./data")
        attachmentsDirectory = reader.string(
            forKey: "attachments.directory", default: (dataDirectory as NSString).appendingPathComponent("attachments"))
        databaseURL = reader.string(
            forKey: "database.url", default: "sqlite:" + (dataDirectory as NSString).appendingPathComponent("sportello.sqlite"))
        sessionPolicy = SessionPolicy(
            idleTimeout: reader.double(forKey: "session.idleTimeoutSeconds", default: 1800),
            absoluteTimeout: reader.double(forKey: "session.absoluteTimeoutSeconds", default: 8 * 3600),
            signInTimeout: reader.double(forKey: "session.signInTimeoutSeconds", default: 600))
        sessionCacheSeconds = reader.double(forKey: "session.cacheSeconds", default: 5)
        databaseConnections = reader.int(forKey: "database.connections", default: 20)
        sqliteSynchronous =
            SQLiteSynchronous(rawValue: reader.string(forKey: "database.sqliteSynchronous", default: "normal").uppercased())
            ?? .normal
        filingCacheSeconds = reader.double(
            forKey: "filings.cacheSeconds", default: databaseURL.hasPrefix("sqlite:") ? 600 : 0)
        logLevel = reader.string(forKey: "log.level", default: "info")
        logFormat = LogFormat(rawValue: reader.string(forKey: "log.format", default: "text")) ?? .text
        runWorkerInProcess = reader.bool(forKey: "worker.inProcess", default: true)
        draftRetention = DraftRetention(
            startedDays: reader.int(forKey: "drafts.retentionDays", default: 180),
            closedGraceDays: reader.int(forKey: "drafts.closedCallGraceDays", default: 7))
        accessCodeDays = reader.int(forKey: "documents.accessCodeDays", default: 90)
        testProvider = TestProviderSettings(
            enabled: demo && reader.bool(forKey: "testProvider.enabled", default: true),
            backChannel: reader.string(forKey: "testProvider.backChannel", default: "http"),
            clientSecret: reader.string(forKey: "testProvider.clientSecret", isSecret: true, default: RandomToken.make()),
            syntheticCitizens: demo ? reader.int(forKey: "testProvider.syntheticCitizens", default: 0) : 0)
        defaultIdentityProvider = Self.identityProvider(reader.scoped(to: "oidc"))
        configuredTenantSlugs = reader.stringArray(forKey: "tenants.slugs", default: [])
        var providers: [String: OIDCProviderSettings] = [:]
        for slug in configuredTenantSlugs {
            providers[slug] = Self.identityProvider(reader.scoped(to: ConfigKey(["tenants", slug, "oidc"])))
        }
        identityProviders = providers
        mail = Self.mailSettings(reader.scoped(to: "mail"), defaultFrom: "noreply@localhost", defaultSecurity: "starttls")
        var pec: [String: MailSettings] = [:]
        for slug in configuredTenantSlugs {
            let scoped = reader.scoped(to: ConfigKey(["tenants", slug, "pec"]))
            guard scoped.string(forKey: "smtp.host") != nil, let from = scoped.string(forKey: "from") else { continue }
            pec[slug] = Self.mailSettings(scoped, defaultFrom: from, defaultSecurity: "tls")
        }
        self.pec = pec
        protocolSimulatorToken = reader.string(forKey: "protocolSimulator.token", isSecret: true, default: RandomToken.make())
        var logos: [String: String] = [:]
        for slug in configuredTenantSlugs {
            if let path = reader.string(forKey: ConfigKey(["tenants", slug, "documentLogo"])) { logos[slug] = path }
        }
        documentLogos = logos
        var remote: [String: RemoteProtocolSettings] = [:]
        for slug in configuredTenantSlugs {
            let scoped = reader.scoped(to: ConfigKey(["tenants", slug, "protocol"]))
            if let url = scoped.string(forKey: "remoteURL") {
                remote[slug] = RemoteProtocolSettings(
                    url: url, token: scoped.string(forKey: "remoteToken", isSecret: true, default: protocolSimulatorToken))
            }
        }
        remoteProtocols = remote
        gpdSimulatorKey = reader.string(forKey: "pagopaSimulator.key", isSecret: true, default: RandomToken.make())
        pagopaNodeKey = reader.string(forKey: "pagopa.nodeKey", isSecret: true)
        var payments: [String: PaymentSettings] = [:]
        if demo {
            payments["esempio"] = PaymentSettings(
                segregationCode: 1, defaultIBAN: "IT60X0542811101000000123456", defaultCategory: "9/0101100IM/",
                gpdURL: "simulator")
        }
        for slug in configuredTenantSlugs {
            let scoped = reader.scoped(to: ConfigKey(["tenants", slug, "pagopa"]))
            guard let code = scoped.int(forKey: "segregationCode") else { continue }
            payments[slug] = PaymentSettings(
                segregationCode: code, defaultIBAN: scoped.string(forKey: "iban"),
                defaultCategory: scoped.string(forKey: "category"), gpdURL: scoped.string(forKey: "gpdURL"),
                gpdKey: scoped.string(forKey: "gpdKey", isSecret: true))
        }
        self.payments = payments
        appIOSimulatorKeys = (RandomToken.make(), RandomToken.make())
        var appIO: [String: AppIOSettings] = [:]
        if demo { appIO["esempio"] = AppIOSettings(baseURL: "simulator", filingsKey: "", paymentsKey: "") }
        for slug in configuredTenantSlugs {
            let scoped = reader.scoped(to: ConfigKey(["tenants", slug, "appio"]))
            guard let url = scoped.string(forKey: "baseURL") else { continue }
            appIO[slug] = AppIOSettings(
                baseURL: url, filingsKey: scoped.string(forKey: "filingsKey", isSecret: true, default: ""),
                paymentsKey: scoped.string(forKey: "paymentsKey", isSecret: true, default: ""))
        }
        self.appIO = appIO
    }

    static func identityProvider(_ reader: ConfigReader) -> OIDCProviderSettings? {
        guard let issuer = reader.string(forKey: "issuer"), let clientID = reader.string(forKey: "clientId") else { return nil }
        return OIDCProviderSettings(
            issuer: issuer, clientID: clientID,
            clientSecret: reader.string(forKey: "clientSecret", isSecret: true, default: ""),
            scopes: reader.stringArray(forKey: "scopes", default: ["openid", "profile", "email"]),
            minimumLevel: AssuranceLevel(rawValue: reader.int(forKey: "minimumLevel", default: 2)) ?? .substantial)
    }

    /// The address the server's own back channel reaches it on.
    public var loopbackBaseURL: String {
        let host = hostname == "0.0.0.0" || hostname == "::" ? "127.0.0.1" : hostname
        return "http://\(host):\(port)"
    }

    public var databaseLocation: DatabaseLocation {
        get throws { try DatabaseLocation(url: databaseURL) }
    }
}

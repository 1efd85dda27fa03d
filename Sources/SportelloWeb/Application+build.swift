import AsyncHTTPClient
import Foundation
public import Hummingbird
public import Logging
import Prometheus
public import ServiceLifecycle
import SportelloAdapters
public import SportelloCore
import SportelloDocuments
import SportelloMail
public import SportelloStorage

/// Builds the whole application from its configuration: storage, services, router.
/// `@main` and the tests both come through here.
public func buildApplication(
    config: AppConfig, logger: Logger, clock: any Clock = SystemClock()
) async throws -> some ApplicationProtocol {
    let storage = try Storage(
        location: config.databaseLocation, logger: logger, sqliteSynchronous: config.sqliteSynchronous,
        postgresConnections: config.databaseConnections)
    let parts = try await ApplicationParts.make(config: config, storage: storage, logger: logger, clock: clock)
    var app = Application(
        router: parts.router,
        configuration: .init(address: .hostname(config.hostname, port: config.port), serverName: nil),
        services: parts.services,
        logger: logger)
    let tenants = parts.tenants
    app.beforeServerStarts {
        try await storage.migrate()
        try await tenants.reload()
        if config.demo { try await DemoData.install(storage: storage, config: config, logger: logger, clock: clock) }
        try await tenants.reload()
        logger.info(
            "Sportello ready",
            metadata: [
                "url": "\(config.loopbackBaseURL)", "database": "\(storage.location.redactedDescription)",
                "demo": "\(config.demo)", "tenants": "\(tenants.all.map(\.slug).sorted())",
            ])
    }
    return app
}

/// The pieces of the application, made once.
struct ApplicationParts {
    let router: Router<AppRequestContext>
    let services: [any Service]
    let tenants: TenantRegistry

    static func make(config: AppConfig, storage: Storage, logger: Logger, clock: any Clock) async throws -> ApplicationParts {
        let localizer = try Localizer.bundled()
        let metrics = PrometheusCollectorRegistry()
        let tenants = TenantRegistry(repository: FluentTenantRepository(storage: storage))
        let sessionRepository = CachedSessionRepository(
            backing: FluentSessionRepository(storage: storage), timeToLive: config.sessionCacheSeconds)
        let sessions = SessionService(
            repository: sessionRepository, policy: config.sessionPolicy, secureCookies: config.behindTLS, clock: clock)
        let operators = FluentOperatorRepository(storage: storage)
        let notices = MaintenanceNotices(repository: FluentMaintenanceRepository(storage: storage), clock: clock)
        let pages = Pages(
            renderer: try PageRenderer(localizer: localizer, defaultFrame: try PageRenderer.bundledFrame()),
            localizer: localizer, maintenance: notices)
        let passwords = BcryptPasswordHasher()
        let operatorSignIn = OperatorSignIn(
            operators: operators, passwords: passwords, codes: TOTPVerifier(),
            decoyHash: passwords.hash(RandomToken.make()))

        var services: [any Service] = storage.services
        let mail = try Mailers.make(config.mail, demo: config.demo, logger: logger)
        services += mail.services
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
        services.append(HTTPClientCloser(client: httpClient))
        let transport: any HTTPTransport = AsyncHTTPTransport(client: httpClient)

        // Identity providers: per tenant from configuration, else the default, else (demo) the test provider.
        var testProvider: TestIdentityProvider?
        let population =
            config.testProvider.syntheticCitizens > 0 ? SyntheticPopulation(count: config.testProvider.syntheticCitizens) : nil
        var fallbackSettings = config.defaultIdentityProvider
        var fallbackTransport = transport
        if config.testProvider.enabled {
            let provider = try await TestIdentityProvider(
                issuer: config.loopbackBaseURL + SiteRoute.testProviderPrefix, population: population,
                clients: [
                    TestClientRegistration(
                        clientID: DemoData.clientID, clientSecret: config.testProvider.clientSecret,
                        allowsRedirect: { uri in
                            // Only our own callback, on a host some tenant answers on.
                            guard let url = URL(string: uri), url.path == SiteRoute.signInCallback.path else { return false }
                            return tenants.tenant(forHost: url.host) != nil
                        })
                ])
            testProvider = provider
            if fallbackSettings == nil {
                fallbackSettings = OIDCProviderSettings(
                    issuer: provider.issuer, clientID: DemoData.clientID, clientSecret: config.testProvider.clientSecret)
                if config.testProvider.backChannel == "inProcess" { fallbackTransport = provider.loopbackTransport { clock.now } }
            }
        }
        let providers = IdentityProviders(
            byTenantSlug: config.identityProviders.mapValues {
                OIDCRelyingParty(settings: $0, transport: transport, logger: logger)
            },
            fallback: fallbackSettings.map { OIDCRelyingParty(settings: $0, transport: fallbackTransport, logger: logger) })
        let catalog = ProcedureCatalog(repository: FluentProcedureRepository(storage: storage))
        let filings: any FilingRepository =
            config.filingCacheSeconds > 0
            ? CachedFilingRepository(backing: FluentFilingRepository(storage: storage), idleTime: config.filingCacheSeconds)
            : FluentFilingRepository(storage: storage)
        let attachmentStore = try FileAttachmentStore(root: URL(fileURLWithPath: config.attachmentsDirectory))
        let attachments = Attachments(
            store: attachmentStore, register: SQLAttachmentRegister(storage: storage),
            defaultLimitMB: CompiledProcedure.defaultAttachmentMB)
        // Every page of a filing evaluates the form with the registry's data: the cache asks once per citizen.
        let registry: any PopulationRegistry = CachedPopulationRegistry(
            backing: LocalPopulationRegistry.demo(population: population))
        let identitySignIn = IdentitySignIn(
            providers: providers, sessions: sessions, operators: operators, pages: pages, behindTLS: config.behindTLS,
            policy: config.sessionPolicy, clock: clock)

        let protocolSimulator =
            config.demo
            ? ProtocolSimulator(token: config.protocolSimulatorToken, timeZone: DateDisplay.timeZone) { clock.now } : nil
        let gpdSimulator = config.demo ? GPDSimulator(subscriptionKey: config.gpdSimulatorKey) { clock.now } : nil
        let gpdEndpoints = GPDEndpoint.make(config: config, transport: transport, simulator: gpdSimulator)
        let ioSimulator = config.demo ? AppIOSimulator.demo(keys: config.appIOSimulatorKeys) : nil
        let ioEndpoints = AppIOEndpoint.make(config: config, transport: transport, simulator: ioSimulator)
        // Router: tenant-less routes first, then everything a municipality serves.
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: AccessLogMiddleware())
        router.add(middleware: RequestMetricsMiddleware(registry: metrics))
        router.add(middleware: SecurityHeadersMiddleware(behindTLS: config.behindTLS))
        router.add(middleware: BodyLimitMiddleware(limit: config.maxRequestBodyBytes, uploadLimit: config.maxUploadBytes))
        OperationsController(storage: storage, metrics: metrics).addRoutes(to: router)
        let assets = try AssetsController()
        assets.addSharedRoutes(to: router)
        router.add(middleware: LanguageMiddleware(secureCookies: config.behindTLS))
        if let testProvider {
            TestProviderController(provider: testProvider, localizer: localizer, clock: clock).addRoutes(to: router)
        }
        if let protocolSimulator { ProtocolSimulatorController(simulator: protocolSimulator).addRoutes(to: router) }
        if let ioSimulator { AppIOSimulatorController(simulator: ioSimulator, localizer: localizer).addRoutes(to: router) }
        if let gpdSimulator {
            PagoPASimulatorController(
                simulator: gpdSimulator,
                receipts: PagoPAReceipts(
                    store: SQLPaymentReceipts(storage: storage), tenants: FluentTenantRepository(storage: storage), clock: clock),
                localizer: localizer
            ).addRoutes(to: router)
        }
        if let key = config.pagopaNodeKey {
            PagoPANodeController(
                receipts: PagoPAReceipts(
                    store: SQLPaymentReceipts(storage: storage), tenants: FluentTenantRepository(storage: storage), clock: clock),
                key: key
            ).addRoutes(to: router)
        }
        router.add(middleware: TenantMiddleware(registry: tenants, pages: pages))
        router.add(middleware: ErrorPageMiddleware(pages: pages))
        router.add(middleware: SessionMiddleware(sessions: sessions))
        router.add(middleware: CSRFMiddleware(pages: pages, uploadDirectory: attachmentStore.incoming))

        let site = router.group()
        assets.addTenantRoutes(to: site)
        HomeController(pages: pages, catalog: catalog).addRoutes(to: site)
        CitizenAuthController(signIn: identitySignIn, sessions: sessions, pages: pages).addRoutes(to: site)
        let renderer = DocumentRenderer(fonts: try FontLibrary.bundled())
        let logos = DocumentLogos.load(config: config, logger: logger)
        let casework = SQLCasework(storage: storage, timeZone: DateDisplay.timeZone, clock: clock)
        let citizenMessages = SQLCitizenMessages(storage: storage)
        let ownership = SQLProcedureOwnership(storage: storage)
        let handling = CaseHandling(
            store: casework, filings: filings, renderer: renderer, logos: logos, localizer: localizer, clock: clock,
            ioTenants: Set(ioEndpoints.keys), pecTenants: Set(config.pec.keys))
        let caseFiles = CaseFiles(
            attachments: attachments, store: casework, messages: citizenMessages, filings: filings, clock: clock)
        let debtPositions = SQLDebtPositions(storage: storage)
        let simulatedCheckout = Set(config.payments.filter { $0.value.gpdURL == "simulator" && config.demo }.keys)
        PersonalAreaController(
            pages: pages, filings: filings, catalog: catalog, messages: citizenMessages, payments: debtPositions,
            receipts: SQLPaymentReceipts(storage: storage), payOnline: simulatedCheckout
        ).addRoutes(to: site)
        CitizenPaymentsController(
            store: debtPositions, receipts: SQLPaymentReceipts(storage: storage), renderer: renderer, logos: logos,
            localizer: localizer, clock: clock,
            simulatedCheckout: simulatedCheckout
        ).addRoutes(to: site)
        let remoteProtocols = RemoteProtocols.make(config: config, transport: transport, simulator: protocolSimulator)
        let submissions = Submissions(
            store: SQLSubmissionStore(storage: storage, timeZone: DateDisplay.timeZone, clock: clock), filings: filings,
            renderer: renderer, clock: clock, accessCodeLifetime: Double(config.accessCodeDays) * 86_400,
            remoteProtocols: remoteProtocols, logos: logos,
            fees: FilingFees(
                positions: debtPositions, settings: config.payments, publishing: Set(gpdEndpoints.keys), clock: clock),
            ioTenants: Set(ioEndpoints.keys))
        FilingController(
            catalog: catalog, filings: filings, attachments: attachments, registry: registry, pages: pages,
            clock: clock, documents: renderer, submissions: submissions
        ).addRoutes(to: site)
        let filingDocuments = FilingDocuments(
            documents: SQLFilingDocuments(storage: storage),
            register: SQLProtocolRegister(storage: storage, timeZone: DateDisplay.timeZone), catalog: catalog,
            renderer: renderer, localizer: localizer, logos: logos)
        SubmissionController(
            filings: filings, catalog: catalog, documents: filingDocuments,
            accessCodes: AccessCodes(repository: SQLAccessCodes(storage: storage), clock: clock),
            ratings: SQLRatings(storage: storage), sessions: sessions, pages: pages, clock: clock, positions: debtPositions,
            payOnline: simulatedCheckout
        ).addRoutes(to: site)
        AttachmentController(filings: filings, attachments: attachments).addRoutes(to: site)
        CitizenCaseController(
            store: casework, messages: citizenMessages, catalog: catalog, files: caseFiles, handling: handling,
            pages: pages, clock: clock
        ).addRoutes(to: site)
        BackOfficeAuthController(
            signIn: operatorSignIn, identitySignIn: identitySignIn, sessions: sessions, pages: pages, clock: clock,
            throttle: SignInThrottle(clock: clock)
        ).addRoutes(to: site)
        let staff = router.group().add(middleware: BackOfficeGuard(operators: operators, pages: pages, requiredRole: nil))
        CaseController(
            store: casework, messages: citizenMessages, ownership: ownership, operators: operators, catalog: catalog,
            filings: filings, documents: filingDocuments, files: caseFiles, handling: handling, pages: pages,
            clock: clock, hasMailbox: mail.mailbox != nil
        ).addRoutes(to: staff)
        CommunicationsController(
            store: SQLCommunications(storage: storage, timeZone: DateDisplay.timeZone, clock: clock), ownership: ownership,
            catalog: catalog, renderer: renderer, logos: logos, localizer: localizer, pages: pages, clock: clock
        ).addRoutes(to: staff)
        PaymentsController(
            imports: PaymentImports(
                store: debtPositions, settings: config.payments, publishing: Set(gpdEndpoints.keys),
                notifyingOnIO: Set(ioEndpoints.keys), localizer: localizer, clock: clock),
            pages: pages
        ).addRoutes(to: staff)
        ReconciliationController(receipts: SQLPaymentReceipts(storage: storage), pages: pages).addRoutes(to: staff)
        let statistics = StatisticsController(
            store: SQLStatistics(storage: storage), ownership: ownership, catalog: catalog, pages: pages, clock: clock)
        statistics.addBackOfficeRoutes(to: staff)
        statistics.addPublicRoutes(to: site)
        let admins = router.group().add(middleware: BackOfficeGuard(operators: operators, pages: pages, requiredRole: .admin))
        MaintenanceController(notices: notices, pages: pages, clock: clock).addRoutes(to: admins)
        OfficesController(ownership: ownership, operators: operators, catalog: catalog, pages: pages).addRoutes(to: admins)
        OutboxController(outbox: SQLOutbox(storage: storage), mailbox: mail.mailbox, pages: pages, clock: clock)
            .addRoutes(to: admins)

        services.append(
            PeriodicJob(name: "tenant-registry-refresh", interval: .seconds(30), logger: logger) { try await tenants.reload() })
        if config.runWorkerInProcess {
            services.append(
                contentsOf: try WorkerJobs.make(
                    // The worker reads filings from the database: the draft cache is for the pages of this process.
                    storage: storage, config: config, clock: clock, logger: logger,
                    filings: FluentFilingRepository(storage: storage),
                    remoteProtocols: remoteProtocols, gpdEndpoints: gpdEndpoints, ioEndpoints: ioEndpoints,
                    mailer: mail.mailer, localizer: localizer,
                    renderer: renderer,
                    logos: logos))
        }
        return ApplicationParts(router: router, services: services, tenants: tenants)
    }
}

/// The background work of the install; run inside `serve` or alone by `sportello worker`.
public enum WorkerJobs {
    /// The jobs of a worker process of its own (`sportello worker`), with its own HTTP client.
    public static func make(storage: Storage, config: AppConfig, clock: any Clock, logger: Logger) throws -> [any Service] {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let mail = try Mailers.make(config.mail, demo: config.demo, logger: logger)
        return try make(
            storage: storage, config: config, clock: clock, logger: logger, filings: FluentFilingRepository(storage: storage),
            remoteProtocols: RemoteProtocols.make(config: config, transport: AsyncHTTPTransport(client: client), simulator: nil),
            gpdEndpoints: GPDEndpoint.make(config: config, transport: AsyncHTTPTransport(client: client), simulator: nil),
            ioEndpoints: AppIOEndpoint.make(config: config, transport: AsyncHTTPTransport(client: client), simulator: nil),
            mailer: mail.mailer, localizer: try Localizer.bundled(), renderer: DocumentRenderer(fonts: try FontLibrary.bundled()),
            logos: DocumentLogos.load(config: config, logger: logger))
            + [HTTPClientCloser(client: client)] + mail.services
    }

    static func make(
        storage: Storage, config: AppConfig, clock: any Clock, logger: Logger, filings: any FilingRepository,
        remoteProtocols: [String: any RemoteProtocolService], gpdEndpoints: [String: GPDEndpoint],
        ioEndpoints: [String: AppIOEndpoint], mailer: any Mailer,
        localizer: Localizer,
        renderer: DocumentRenderer, logos: DocumentLogos
    ) throws -> [any Service] {
        let sessions = FluentSessionRepository(storage: storage)
        // Every e-mail and App IO job reads its municipality.
        let tenants = CachedTenantRepository(backing: FluentTenantRepository(storage: storage))
        let catalog = ProcedureCatalog(repository: FluentProcedureRepository(storage: storage))
        let emails = FilingEmails(
            mailer: mailer, sender: FilingEmails.MailSender(address: config.mail.from, name: config.mail.fromName),
            tenants: tenants, filings: filings,
            documents: FilingDocuments(
                documents: SQLFilingDocuments(storage: storage),
                register: SQLProtocolRegister(storage: storage, timeZone: DateDisplay.timeZone), catalog: catalog,
                renderer: renderer, localizer: localizer, logos: logos),
            localizer: localizer, accessCodeLifetimeDays: config.accessCodeDays)
        let submissions = Submissions(
            store: SQLSubmissionStore(storage: storage, timeZone: DateDisplay.timeZone, clock: clock), filings: filings,
            renderer: renderer, clock: clock, accessCodeLifetime: Double(config.accessCodeDays) * 86_400,
            remoteProtocols: remoteProtocols, logos: logos,
            fees: FilingFees(
                positions: SQLDebtPositions(storage: storage), settings: config.payments, publishing: Set(gpdEndpoints.keys),
                clock: clock),
            ioTenants: Set(ioEndpoints.keys))
        // Each municipality's PEC mailbox is an SMTP account of its own at its PEC provider.
        var pecAccounts: [String: (mailer: any Mailer, sender: FilingEmails.MailSender)] = [:]
        var pecClosers: [any Service] = []
        for (slug, settings) in config.pec {
            let pec = try Mailers.make(settings, demo: false, logger: logger)
            pecAccounts[slug] = (pec.mailer, FilingEmails.MailSender(address: settings.from, name: settings.fromName))
            pecClosers += pec.services
        }
        let gpdPublication = GPDPublication(
            endpoints: gpdEndpoints, store: SQLDebtPositions(storage: storage), tenants: tenants)
        let outbox = OutboxWorker(
            outbox: SQLOutbox(storage: storage),
            handlers: [
                PaidFilingRegistration.kind: PaidFilingRegistration(
                    submissions: submissions, filings: filings, tenants: tenants,
                    catalog: catalog, receipts: SQLPaymentReceipts(storage: storage), renderer: renderer,
                    localizer: localizer, logos: logos),
                Submissions.remoteRegistrationKind: RemoteRegistrationHandler(
                    services: remoteProtocols,
                    store: SQLSubmissionStore(storage: storage, timeZone: DateDisplay.timeZone, clock: clock), filings: filings,
                    documents: SQLFilingDocuments(storage: storage), clock: clock,
                    accessCodeLifetime: Double(config.accessCodeDays) * 86_400),
                Submissions.filingCopyKind: emails,
                Submissions.accessCodeKind: emails,
                AppIONotifications.kind: AppIONotifications(
                    endpoints: ioEndpoints, outbox: SQLOutbox(storage: storage), clock: clock),
                FilingReceiptIO.kind: FilingReceiptIO(
                    endpoints: ioEndpoints, filings: filings, tenants: tenants,
                    outbox: SQLOutbox(storage: storage), localizer: localizer, clock: clock),
                AppIOStatusPoll.kind: AppIOStatusPoll(endpoints: ioEndpoints),
                GPDPublication.kind: gpdPublication,
                GPDPublication.invalidateKind: gpdPublication,
                CaseHandling.messageEmailKind: CaseMessageEmails(
                    mailer: mailer, sender: FilingEmails.MailSender(address: config.mail.from, name: config.mail.fromName),
                    tenants: tenants, messages: SQLCitizenMessages(storage: storage),
                    store: SQLCasework(storage: storage, timeZone: DateDisplay.timeZone, clock: clock), localizer: localizer),
                CaseHandling.messagePECKind: CaseMessagePEC(
                    accounts: pecAccounts, tenants: tenants,
                    messages: SQLCitizenMessages(storage: storage),
                    store: SQLCasework(storage: storage, timeZone: DateDisplay.timeZone, clock: clock), localizer: localizer),
            ],
            clock: clock, logger: logger)
        let store = try FileAttachmentStore(root: URL(fileURLWithPath: config.attachmentsDirectory))
        let register = SQLAttachmentRegister(storage: storage)
        let dailyRegisters = DailyRegisters(
            register: SQLProtocolRegister(storage: storage, timeZone: DateDisplay.timeZone),
            repository: SQLDailyRegisters(storage: storage), renderer: renderer, timeZone: DateDisplay.timeZone, logos: logos)
        let drafts = DraftCleanup(
            filings: filings, procedures: FluentProcedureRepository(storage: storage), retention: config.draftRetention)
        return [
            outbox,
            PeriodicJob(name: "stale-draft-cleanup", interval: .seconds(24 * 3600), logger: logger) {
                let removed = try await drafts.run(now: clock.now)
                logger.info(
                    "stale drafts removed",
                    metadata: [
                        "count": "\(removed)", "started_days": "\(config.draftRetention.startedDays)",
                        "closed_call_grace_days": "\(config.draftRetention.closedGraceDays)",
                    ])
                let files = try await AttachmentCleanup(store: store, register: register).run(now: clock.now)
                logger.info("unreferenced documents removed", metadata: ["count": "\(files)"])
            },
            // Yesterday's register of each municipality, as soon as the day is over (checked every hour).
            PeriodicJob(name: "daily-protocol-register", interval: .seconds(3600), logger: logger) {
                let produced = try await dailyRegisters.produceMissing(tenants: try await tenants.all(), now: clock.now)
                if produced > 0 { logger.info("daily protocol registers produced", metadata: ["count": "\(produced)"]) }
            },
            PeriodicJob(name: "expired-session-cleanup", interval: .seconds(600), logger: logger) {
                let removed = try await sessions.deleteExpired(before: clock.now)
                if removed > 0 { logger.info("expired sessions removed", metadata: ["count": "\(removed)"]) }
            },
        ] + pecClosers
    }
}

/// The protocol systems of the municipalities that keep their own.
enum RemoteProtocols {
    static func make(
        config: AppConfig, transport: any HTTPTransport, simulator: ProtocolSimulator?
    )
        -> [String: any RemoteProtocolService]
    {
        var services: [String: any RemoteProtocolService] = [:]
        for (slug, settings) in config.remoteProtocols {
            if settings.url == "simulator" {
                guard let simulator else { continue }
                services[slug] = HTTPRemoteProtocol(
                    transport: simulator.loopbackTransport(), baseURL: SiteRoute.protocolSimulatorPrefix, token: settings.token)
            } else {
                services[slug] = HTTPRemoteProtocol(transport: transport, baseURL: settings.url, token: settings.token)
            }
        }
        return services
    }
}

/// Closes the outgoing HTTP client at shutdown.
struct HTTPClientCloser: Service, CustomStringConvertible {
    public var description: String { "HTTPClientCloser" }

    let client: HTTPClient
    func run() async throws {
        try? await gracefulShutdown()
        try await client.shutdown()
    }
}

/// ServiceLifecycle names every service with `"\(service)"`. Without a description of its own, the application (and
/// everything its router holds: fonts, procedures, caches) was spelled out by reflection at start into a string of
/// tens of megabytes kept for the life of the process.
extension Application: @retroactive CustomStringConvertible {
    public var description: String { "Sportello HTTP application" }
}

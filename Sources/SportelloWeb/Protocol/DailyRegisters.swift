import Crypto
public import Foundation
public import Logging
public import SportelloCore
import SportelloDocuments
public import SportelloStorage

/// Produces and stores the daily register of a municipality's protocol: the day's entries (with their
/// documents' SHA-256) and annulments, as a PDF/A and as JSON. The same day's data always give the same
/// bytes, so a register made again can be compared with the one kept.
public struct DailyRegisters: Sendable {
    let register: any ProtocolRegister
    let repository: any DailyRegisterRepository
    let renderer: DocumentRenderer
    let timeZone: TimeZone
    let logos: DocumentLogos

    init(
        register: any ProtocolRegister, repository: any DailyRegisterRepository, renderer: DocumentRenderer, timeZone: TimeZone,
        logos: DocumentLogos = DocumentLogos(bySlug: [:])
    ) {
        self.register = register
        self.repository = repository
        self.renderer = renderer
        self.timeZone = timeZone
        self.logos = logos
    }

    /// The registers of the install's database, in Italian time, with the municipalities' logos.
    public init(storage: Storage, renderer: DocumentRendererHandle, config: AppConfig, logger: Logger) {
        self.init(
            register: SQLProtocolRegister(storage: storage, timeZone: DateDisplay.timeZone),
            repository: SQLDailyRegisters(storage: storage), renderer: renderer.renderer, timeZone: DateDisplay.timeZone,
            logos: DocumentLogos.load(config: config, logger: logger))
    }

    /// The machine-readable register.
    struct Content: Codable {
        struct Entry: Codable {
            var year: Int
            var number: String
            var registeredAt: String
            var direction: String
            var subject: String
            var correspondents: [ProtocolParty]
            var documents: [ProtocolDocument]
            var annulled: Annulment?
        }
        struct Annulment: Codable {
            var entryID: String
            var reason: String
            var annulledBy: String
            var annulledAt: String
        }
        var administrationName: String
        var administrationCode: String
        var aooCode: String
        var registerCode: String
        var day: String
        var entries: [Entry]
        var annulments: [Annulment]
    }

    /// Produces, stores and returns the register of `day`, replacing one kept before.
    @discardableResult
    public func produce(tenant: Tenant, day: LocalDate, now: Date) async throws -> DailyRegisterRecord {
        let (start, end) = bounds(of: day)
        let identity = tenant.protocolRegister
        let (entries, annulments) = try await register.activity(in: identity, tenantID: tenant.id, from: start, to: end)
        let iso = ISO8601DateFormatter()
        iso.timeZone = timeZone
        iso.formatOptions = [.withInternetDateTime]
        func annulment(_ annulment: ProtocolAnnulment) -> Content.Annulment {
            Content.Annulment(
                entryID: annulment.entryID.uuidString.lowercased(), reason: annulment.reason, annulledBy: annulment.annulledBy,
                annulledAt: iso.string(from: annulment.annulledAt))
        }
        let content = Content(
            administrationName: identity.administrationName, administrationCode: identity.administrationCode,
            aooCode: identity.aooCode, registerCode: identity.registerCode, day: day.iso,
            entries: entries.map { entry in
                Content.Entry(
                    year: entry.year, number: entry.formattedNumber, registeredAt: iso.string(from: entry.registeredAt),
                    direction: entry.registration.direction.rawValue, subject: entry.registration.subject,
                    correspondents: entry.registration.correspondents, documents: entry.registration.documents,
                    annulled: entry.annulment.map(annulment))
            },
            annulments: annulments.map(annulment))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = [UInt8](try encoder.encode(content))
        let dataDigest = Hex.encode(SHA256.hash(data: data))
        let pdf = try renderer.render(
            document(
                content, entries: entries, annulments: annulments, dataDigest: dataDigest, createdAt: end,
                logo: logos.logo(for: tenant.slug)),
            conformance: .pdfA1b)
        let record = DailyRegisterRecord(
            tenantID: tenant.id, registerCode: identity.registerCode, day: day.iso, entries: entries.count,
            annulments: annulments.count, pdf: pdf, data: data, pdfSHA256: Hex.encode(SHA256.hash(data: pdf)),
            dataSHA256: dataDigest, createdAt: now)
        try await repository.store(record)
        return record
    }

    /// Produces yesterday's register for each municipality that has none yet (the daily job).
    public func produceMissing(tenants: [Tenant], now: Date) async throws -> Int {
        guard let yesterday = LocalDate(now, in: timeZone).adding(days: -1) else { return 0 }
        var produced = 0
        for tenant in tenants
        where try await repository.find(tenantID: tenant.id, registerCode: tenant.registerCode, day: yesterday.iso) == nil {
            try await produce(tenant: tenant, day: yesterday, now: now)
            produced += 1
        }
        return produced
    }

    /// Midnight to midnight in the municipality's time zone.
    func bounds(of day: LocalDate) -> (Date, Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let start = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day)) ?? Date()
        return (start, calendar.date(byAdding: .day, value: 1, to: start) ?? start)
    }

    func document(
        _ content: Content, entries: [ProtocolEntry], annulments: [ProtocolAnnulment], dataDigest: String, createdAt: Date,
        logo: DocumentImage?
    ) -> Document {
        let numbers = Dictionary(entries.map { ($0.id, $0.reference) }, uniquingKeysWith: { a, _ in a })
        var blocks: [DocumentBlock] = [
            .heading("Registro giornaliero di protocollo – \(content.day)", level: 1),
            .fields([
                DocumentField(label: "Amministrazione", value: "\(content.administrationName) (\(content.administrationCode))"),
                DocumentField(label: "Area organizzativa omogenea", value: content.aooCode),
                DocumentField(label: "Registro", value: content.registerCode),
                DocumentField(label: "Giorno", value: content.day),
                DocumentField(label: "Registrazioni", value: String(entries.count)),
                DocumentField(label: "Annullamenti", value: String(annulments.count)),
                DocumentField(label: "Impronta SHA-256 del file JSON", value: dataDigest),
            ]),
            .heading("Registrazioni", level: 2),
        ]
        if entries.isEmpty { blocks.append(.paragraph("Nessuna registrazione in questo giorno.")) }
        for entry in entries {
            var lines = [entry.registration.subject]
            let role = entry.registration.direction == .incoming ? "Mittente" : "Destinatari"
            lines.append(
                role + ": "
                    + entry.registration.correspondents.map { party in party.name + (party.fiscalCode.map { " (\($0))" } ?? "") }
                    .joined(separator: "; "))
            for document in entry.registration.documents {
                lines.append("\(document.fileName) – SHA-256 \(document.sha256)")
            }
            if let annulled = entry.annulment {
                lines.append("ANNULLATA il \(StampFormat.dateTime(annulled.annulledAt)): \(annulled.reason)")
            }
            blocks.append(
                .fields([
                    DocumentField(
                        label: "\(entry.reference) · \(StampFormat.dateTime(entry.registeredAt)) · "
                            + (entry.registration.direction == .incoming ? "in entrata" : "in uscita"),
                        value: lines.joined(separator: "\n"))
                ]))
        }
        blocks.append(.heading("Annullamenti", level: 2))
        if annulments.isEmpty { blocks.append(.paragraph("Nessun annullamento in questo giorno.")) }
        for annulled in annulments {
            blocks.append(
                .fields([
                    DocumentField(
                        label: "\(numbers[annulled.entryID] ?? annulled.entryID.uuidString.lowercased()) · "
                            + StampFormat.dateTime(annulled.annulledAt),
                        value: "\(annulled.reason)\nDisposto da: \(annulled.annulledBy)")
                ]))
        }
        return Document(
            metadata: DocumentMetadata(
                title: "Registro giornaliero di protocollo \(content.day)", author: content.administrationName,
                subject: "Registro \(content.registerCode) – AOO \(content.aooCode)",
                keywords: [content.administrationCode, content.aooCode, content.registerCode, content.day], creator: "Sportello",
                producer: "Sportello", creationDate: createdAt, timeZone: timeZone, language: "it-IT"),
            layout: DocumentLayout(
                header: RunningHeader(
                    leading: content.administrationName, trailing: "Registro giornaliero \(content.day)", logo: logo),
                footerTemplate: "Pagina {page} di {pages}"),
            blocks: blocks)
    }
}

/// The document renderer with the bundled fonts, made once per process and shared.
public struct DocumentRendererHandle: Sendable {
    let renderer: DocumentRenderer

    public static func bundled() throws -> DocumentRendererHandle {
        DocumentRendererHandle(renderer: DocumentRenderer(fonts: try FontLibrary.bundled()))
    }
}

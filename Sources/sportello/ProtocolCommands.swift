import ArgumentParser
import Foundation
import SportelloCore
import SportelloStorage
import SportelloWeb

struct ProtocolCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "protocol", abstract: "The protocol register.", subcommands: [DailyRegisterCommand.self])

    struct DailyRegisterCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "daily-register",
            abstract: "Produce (again) the daily register of a day: PDF/A and JSON, stored, and optionally written to files.")
        @OptionGroup var common: CommonOptions
        @Option(help: "The municipality's slug.") var tenant: String
        @Option(help: "The day, yyyy-mm-dd (Italian time); yesterday if omitted.") var date: String?
        @Option(help: "A folder to write the PDF and the JSON to.") var output: String?

        func run() async throws {
            let config = AppConfig(reader: try await common.makeReader())
            let rome = TimeZone(identifier: "Europe/Rome")!
            guard let day = date.map({ LocalDate(iso: $0) }) ?? LocalDate.today(in: rome).adding(days: -1) else {
                throw ValidationError("--date must be a day written yyyy-mm-dd")
            }
            let (slug, output) = (tenant, output)
            let logger = Logging.make(config: config, label: "sportello-admin")
            try await withStorage(config: config, logger: logger) { storage in
                try await storage.migrate()
                guard let tenant = try await FluentTenantRepository(storage: storage).find(slug: slug) else {
                    throw ValidationError("no municipality with slug \(slug)")
                }
                let record = try await DailyRegisters(
                    storage: storage, renderer: try DocumentRendererHandle.bundled(), config: config, logger: logger
                )
                .produce(tenant: tenant, day: day, now: Date())
                print(
                    "Daily register \(record.registerCode) \(record.day) of \(tenant.name): \(record.entries) entries, "
                        + "\(record.annulments) annulments; PDF/A SHA-256 \(record.pdfSHA256), JSON SHA-256 \(record.dataSHA256)")
                if let output {
                    let folder = URL(fileURLWithPath: output)
                    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                    let name = "registro-giornaliero-\(tenant.slug)-\(record.registerCode)-\(record.day)"
                    try Data(record.pdf).write(to: folder.appendingPathComponent(name + ".pdf"))
                    try Data(record.data).write(to: folder.appendingPathComponent(name + ".json"))
                    print("Written to \(folder.path)/\(name).pdf and .json")
                }
            }
        }
    }
}

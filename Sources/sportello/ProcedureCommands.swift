import ArgumentParser
import Foundation
import SportelloCore
import SportelloStorage
import SportelloWeb

struct ProcedureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "procedure", abstract: "Check, publish and list procedures (see docs/forms.md).",
        subcommands: [Check.self, Publish.self, List.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check procedure files without publishing them.")
        @Argument(help: "Procedure files (YAML).") var files: [String]

        func run() async throws {
            var failed = false
            for file in files {
                do {
                    let procedure = try ProcedureFile.load(yaml: String(contentsOfFile: file, encoding: .utf8))
                    print("✓ \(file): \(procedure.definition.code), \(procedure.definition.form.pages.count) pages")
                } catch let error as FormDefinitionError {
                    failed = true
                    print("✗ \(file):")
                    for problem in error.problems { print("  - \(problem)") }
                }
            }
            if failed { throw ExitCode.failure }
        }
    }

    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Publish procedure files as new frozen versions for a municipality (unchanged files publish nothing).")
        @OptionGroup var common: CommonOptions
        @Option(help: "Municipality slug.") var tenant: String
        @Argument(help: "Procedure files (YAML).") var files: [String]

        func run() async throws {
            let config = AppConfig(reader: try await common.makeReader())
            var procedures: [CompiledProcedure] = []
            for file in files {
                do { procedures.append(try ProcedureFile.load(yaml: String(contentsOfFile: file, encoding: .utf8))) } catch let
                    error
                    as FormDefinitionError
                {
                    throw ValidationError("\(file):\n" + error.problems.map { "  - " + $0 }.joined(separator: "\n"))
                }
            }
            let (slug, checked) = (tenant, procedures)
            try await withStorage(config: config, logger: Logging.make(config: config, label: "sportello-admin")) { storage in
                try await storage.migrate()
                guard let tenant = try await FluentTenantRepository(storage: storage).find(slug: slug) else {
                    throw ValidationError("no municipality with slug \(slug)")
                }
                let repository = FluentProcedureRepository(storage: storage)
                for procedure in checked {
                    let version = try await repository.publish(procedure.definition, tenantID: tenant.id, at: Date())
                    print("\(version.code): version \(version.version) (published \(version.publishedAt.formatted(.iso8601)))")
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a municipality's procedures and their latest versions.")
        @OptionGroup var common: CommonOptions
        @Option(help: "Municipality slug.") var tenant: String

        func run() async throws {
            let config = AppConfig(reader: try await common.makeReader())
            let slug = tenant
            try await withStorage(config: config, logger: Logging.make(config: config, label: "sportello-admin")) { storage in
                guard let tenant = try await FluentTenantRepository(storage: storage).find(slug: slug) else {
                    throw ValidationError("no municipality with slug \(slug)")
                }
                for version in try await FluentProcedureRepository(storage: storage).catalog(tenantID: tenant.id) {
                    print("\(version.code)\tv\(version.version)\t\(version.definition.title.italian)")
                }
            }
        }
    }
}

import ArgumentParser
import Foundation
import SportelloCore
import SportelloStorage
import SportelloWeb

struct TenantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenant", abstract: "Manage municipalities.", subcommands: [Add.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a municipality.")
        @OptionGroup var common: CommonOptions
        @Option(help: "Short name used in configuration keys, e.g. esempio.") var slug: String
        @Option(help: "Name shown to citizens, e.g. \"Comune di Esempio\".") var name: String
        @Option(help: "The municipality's 11-digit fiscal code.") var fiscalCode: String
        @Option(help: "IPA code, e.g. c_h501.") var ipaCode: String
        @Option(help: "Code of the AOO (area organizzativa omogenea) that registers filings.") var aooCode: String = "AOO01"
        @Option(help: "Code of the protocol register within the AOO.") var registerCode: String = "PG"
        @Option(help: "Host name it answers on (repeat for several).") var host: [String]
        @Option(help: "Tagline under the name.") var tagline: String = ""
        @Option(help: "Logo URL (https).") var logoURL: String?
        @Option(help: "Primary colour #rrggbb.") var primaryColor: String?
        @Option(help: "Dark primary colour #rrggbb.") var primaryDarkColor: String?
        @Option(help: "Postal address.") var address: String = ""
        @Option(help: "Email.") var email: String = ""
        @Option(help: "PEC address.") var pec: String = ""
        @Option(help: "Phone.") var phone: String = ""
        @Option(help: "Origin allowed to embed the pages in a frame (repeat for several).") var frameAncestor: [String] = []
        @Option(help: "Mustache file replacing the default page frame.") var frameTemplate: String?

        func run() async throws {
            let config = AppConfig(reader: try await common.makeReader())
            let draft = TenantDraft(
                slug: slug, name: name, tagline: tagline, fiscalCode: fiscalCode, ipaCode: ipaCode, aooCode: aooCode,
                registerCode: registerCode, hosts: host, logoURL: logoURL,
                primaryColor: primaryColor, primaryDarkColor: primaryDarkColor,
                contacts: TenantContacts(address: address, email: email, pec: pec, phone: phone), frameAncestors: frameAncestor)
            var tenant: Tenant
            do { tenant = try draft.validated() } catch { throw CommandMessages.validation(error) }
            if let frameTemplate { tenant.frameTemplate = try String(contentsOfFile: frameTemplate, encoding: .utf8) }
            let created = tenant
            try await CommandMessages.reporting {
                try await withStorage(config: config, logger: Logging.make(config: config, label: "sportello-admin")) { storage in
                    try await storage.migrate()
                    try await FluentTenantRepository(storage: storage).create(created)
                    print("Municipality \(created.name) registered on \(created.hosts.joined(separator: ", ")).")
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List municipalities.")
        @OptionGroup var common: CommonOptions

        func run() async throws {
            let config = AppConfig(reader: try await common.makeReader())
            try await withStorage(config: config, logger: Logging.make(config: config, label: "sportello-admin")) { storage in
                for tenant in try await FluentTenantRepository(storage: storage).all() {
                    print("\(tenant.slug)\t\(tenant.name)\t\(tenant.fiscalCode)\t\(tenant.hosts.joined(separator: ","))")
                }
            }
        }
    }
}

struct OperatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "operator", abstract: "Manage back-office accounts.", subcommands: [CreateAdmin.self])

    struct CreateAdmin: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create-admin", abstract: "Create an administrator (the first one of a municipality, or another).")
        @OptionGroup var common: CommonOptions
        @Option(help: "Municipality slug.") var tenant: String
        @Option(help: "Username.") var username: String
        @Option(help: "Full name.") var name: String
        @Option(help: "Email.") var email: String
        @Option(help: "Office to create or reuse for the administrator.") var office: String = "Amministrazione"
        @Option(help: "Fiscal code, to also allow SPID/CIE sign-in.") var fiscalCode: String?

        func run() async throws {
            let config = AppConfig(reader: try await common.makeReader())
            var fiscal: CodiceFiscale?
            if let fiscalCode {
                do { fiscal = try CodiceFiscale(validating: fiscalCode) } catch {
                    throw ValidationError(CommandMessages.text(error.messageKey))
                }
            }
            let password = RandomToken.make(byteCount: 12)
            let secret = TOTPVerifier.makeSecret()
            let (tenantSlug, username, name, email, officeName, fiscalCode) = (
                tenant, username.lowercased(), name, email, office, fiscal
            )
            try await CommandMessages.reporting {
                try await withStorage(config: config, logger: Logging.make(config: config, label: "sportello-admin")) { storage in
                    try await storage.migrate()
                    guard let tenant = try await FluentTenantRepository(storage: storage).find(slug: tenantSlug) else {
                        throw ValidationError("no municipality with slug \(tenantSlug)")
                    }
                    let operators = FluentOperatorRepository(storage: storage)
                    let existing = try await operators.offices(tenantID: tenant.id).first { $0.name == officeName }
                    let office = existing ?? Office(tenantID: tenant.id, name: officeName)
                    if existing == nil { try await operators.createOffice(office) }
                    try await operators.create(
                        Operator(
                            tenantID: tenant.id, username: username, displayName: name, email: email, fiscalCode: fiscalCode,
                            passwordHash: BcryptPasswordHasher().hash(password), totpSecret: secret,
                            memberships: [OfficeMembership(officeID: office.id, role: .admin)]))
                    print(
                        """
                        Administrator \(username) created for \(tenant.name).
                          Password (shown only now; hand it over privately): \(password)
                          Authenticator app: \(TOTPVerifier.enrolmentURL(secret: secret, account: username, issuer: "Sportello \(tenant.name)"))
                        """)
                }
            }
        }
    }
}

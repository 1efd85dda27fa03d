import Foundation
import Logging
import ServiceLifecycle
import SportelloMail

/// The install's way out for e-mail: SMTP when `mail.smtp.host` is set, else an in-memory mailbox.
struct Mailers {
    let mailer: any Mailer
    /// Set when mail stays in memory (the demo's mailbox page shows it).
    let mailbox: InMemoryMailbox?
    let services: [any Service]

    static func make(_ settings: AppConfig.MailSettings, demo: Bool, logger: Logger) throws -> Mailers {
        guard let host = settings.host else {
            if !demo {
                logger.warning("mail.smtp.host is not set: e-mail to citizens stays in an in-memory mailbox and is not sent")
            }
            let mailbox = InMemoryMailbox()
            return Mailers(mailer: mailbox, mailbox: mailbox, services: [])
        }
        let security = SMTPConfiguration.Security(rawValue: settings.security) ?? .startTLS
        let mailer = try SMTPMailer(
            configuration: SMTPConfiguration(
                host: host, port: settings.port, security: security, username: settings.username, password: settings.password,
                caFile: settings.caFile, maximumConnections: settings.connections),
            logger: logger)
        return Mailers(mailer: mailer, mailbox: nil, services: [MailerCloser(mailer: mailer)])
    }
}

/// Closes the SMTP connections at shutdown.
struct MailerCloser: Service, CustomStringConvertible {
    public var description: String { "MailerCloser" }

    let mailer: SMTPMailer
    func run() async throws {
        try? await gracefulShutdown()
        await mailer.shutdown()
    }
}

import Foundation
import Hummingbird
import SportelloCore
import SportelloMail

/// Admins see what the outbox could not deliver and send it again; in the demo, the mailbox of sent e-mail.
struct OutboxController {
    let outbox: any OutboxStore
    let mailbox: InMemoryMailbox?
    let pages: Pages
    let clock: any Clock

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get(RouterPath(stringLiteral: SiteRoute.backOfficeOutbox.pattern)) { request, context in
            let tenant = try context.requireTenant()
            let t = pages.texts(context)
            let formatter = DateDisplay.shared(context.language, dateStyle: .medium)
            let counts = try await outbox.counts(tenantID: tenant.id)
            let dead = try await outbox.jobs(in: .dead, tenantID: tenant.id, limit: 200).map { job in
                OutboxView.Model.Job(
                    kind: t("outbox.kind.\(job.kind)"), key: job.key, attempts: job.attempts, lastError: job.lastError ?? "",
                    updatedAt: formatter.string(from: job.nextAttemptAt),
                    retryURL: job.payload == "{}" ? nil : SiteRoute.backOfficeOutboxRetry(id: job.id).path)
            }
            let model = OutboxView.Model(
                counts: OutboxJobState.allCases.map { (t("outbox.state.\($0.rawValue)"), counts[$0] ?? 0) }, dead: dead,
                csrfToken: context.session?.state.csrfToken ?? "",
                notice: request.uri.queryParameters["retried"] != nil ? t("backOffice.outbox.retried") : nil)
            return await pages.render(
                Page(title: t("backOffice.outbox.title"), body: OutboxView.body(model, t: t), section: .backOffice),
                request: request, context: context)
        }
        router.post(RouterPath(stringLiteral: SiteRoute.backOfficeOutboxRetry(id: UUID()).pattern)) { _, context in
            let tenant = try context.requireTenant()
            let id = try context.parameters.require("id", as: UUID.self)
            let retried = try await outbox.retry(id, tenantID: tenant.id, at: clock.now)
            context.logger.info("outbox job sent again", metadata: ["job": "\(id)", "retried": "\(retried)"])
            return Pages.redirect(to: SiteRoute.backOfficeOutbox.path + (retried ? "?retried=1" : ""))
        }
        if let mailbox {
            router.get(RouterPath(stringLiteral: SiteRoute.backOfficeMailbox.pattern)) { request, context in
                let tenant = try context.requireTenant()
                let t = pages.texts(context)
                let formatter = DateDisplay.shared(context.language, dateStyle: .medium)
                // Only this municipality's mail: every message names its municipality in a header.
                let messages = mailbox.deliveries.reversed().filter { delivery in
                    delivery.message.headers.contains { $0.name == FilingEmails.tenantHeader && $0.value == tenant.slug }
                }.map { delivery in
                    MailboxView.Model.Message(
                        date: formatter.string(from: delivery.receivedAt),
                        to: delivery.message.to.map(\.description).joined(separator: ", "), subject: delivery.message.subject,
                        body: delivery.message.textBody, attachments: delivery.message.attachments.map(\.fileName))
                }
                return await pages.render(
                    Page(
                        title: t("backOffice.mailbox.title"), body: MailboxView.body(.init(messages: messages), t: t),
                        section: .backOffice),
                    request: request, context: context)
            }
        }
    }
}

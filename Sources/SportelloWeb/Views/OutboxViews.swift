/// What the outbox holds for the municipality: counts by state, and the messages given up (dead letters), each
/// with its last error and a button to send it again.
enum OutboxView {
    struct Model {
        struct Job {
            var kind: String
            var key: String
            var attempts: Int
            var lastError: String
            var updatedAt: String
            var retryURL: String?
        }

        var counts: [(label: String, count: Int)]
        var dead: [Job]
        var csrfToken: String
        var notice: String?
    }

    static func body(_ model: Model, t: Texts) -> HTMLNode {
        .group([
            h1(.class("page-title")) { t("backOffice.outbox.title") },
            p(.class("lead")) { t("backOffice.outbox.lead") },
            model.notice.map { notice in div(.class("alert alert--success"), .init("role", "status")) { p { notice } } }
                ?? .empty,
            element("dl", [.class("definition-list"), .id("outbox-counts")]) {
                for entry in model.counts {
                    element("dt") { entry.label }
                    element("dd") { String(entry.count) }
                }
            },
            section(.aria("labelledby", "dead-title")) {
                h2(.class("section-heading"), .id("dead-title")) { t("backOffice.outbox.dead") }
                if model.dead.isEmpty {
                    p(.class("empty-state")) { t("backOffice.outbox.noDead") }
                } else {
                    ul(.class("item-list"), .id("dead-letters")) {
                        for job in model.dead {
                            li(.class("card")) {
                                h3(.class("card__title")) { job.kind }
                                p(.class("card__body")) {
                                    t(
                                        "backOffice.outbox.job",
                                        ["key": job.key, "attempts": String(job.attempts), "date": job.updatedAt])
                                }
                                p(.class("card__body")) { job.lastError }
                                if let retryURL = job.retryURL {
                                    form(.method("post"), .action(retryURL), .class("inline-form")) {
                                        Fragments.csrfField(model.csrfToken)
                                        button(.type("submit"), .class("btn btn--secondary")) { t("backOffice.outbox.retry") }
                                    }
                                }
                            }
                        }
                    }
                }
            },
        ])
    }
}

/// The demo's mailbox: what the municipality would have sent by e-mail, newest first.
enum MailboxView {
    struct Model {
        struct Message {
            var date: String
            var to: String
            var subject: String
            var body: String
            var attachments: [String]
        }

        var messages: [Message]
    }

    static func body(_ model: Model, t: Texts) -> HTMLNode {
        .group([
            h1(.class("page-title")) { t("backOffice.mailbox.title") },
            p(.class("lead")) { t("backOffice.mailbox.lead") },
            model.messages.isEmpty
                ? p(.class("empty-state")) { t("backOffice.mailbox.empty") }
                : ul(.class("item-list"), .id("mailbox")) {
                    for message in model.messages {
                        li(.class("card")) {
                            h2(.class("card__title")) { message.subject }
                            p(.class("card__body")) { t("backOffice.mailbox.meta", ["to": message.to, "date": message.date]) }
                            if !message.attachments.isEmpty {
                                p(.class("card__body")) {
                                    t("backOffice.mailbox.attachments", ["names": message.attachments.joined(separator: ", ")])
                                }
                            }
                            element("details") {
                                element("summary") { t("backOffice.mailbox.text") }
                                element("pre", [.class("mail-text")]) { message.body }
                            }
                        }
                    }
                },
        ])
    }
}

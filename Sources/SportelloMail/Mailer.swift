/// Something that sends e-mail: the SMTP server in production, an in-memory mailbox in the demo and tests.
public protocol Mailer: Sendable {
    /// Sends the message to all its recipients. Failures are ``MailError``s, whose `isTransient` tells the outbox
    /// whether to try again later (a cancelled task throws `CancellationError`).
    func send(_ message: MailMessage) async throws
}

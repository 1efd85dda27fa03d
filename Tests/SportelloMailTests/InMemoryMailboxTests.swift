import Testing

@testable import SportelloMail

@Suite("In-memory mailbox")
struct InMemoryMailboxTests {
    private func message(_ number: Int) -> MailMessage {
        MailMessage(from: Fixtures.sender, to: [MailAddress("a@example.org")], subject: "Messaggio \(number)", textBody: "t")
    }

    @Test func keepsMessagesOldestFirst() async throws {
        let mailbox = InMemoryMailbox()
        for number in 1...3 { try await mailbox.send(message(number)) }
        #expect(mailbox.messages.map(\.subject) == ["Messaggio 1", "Messaggio 2", "Messaggio 3"])
        mailbox.removeAll()
        #expect(mailbox.messages.isEmpty)
    }

    @Test func keepsOnlyTheLastMessagesUpToItsCapacity() async throws {
        let mailbox = InMemoryMailbox(capacity: 5)
        for number in 1...12 { try await mailbox.send(message(number)) }
        #expect(mailbox.messages.map(\.subject) == (8...12).map { "Messaggio \($0)" })
        #expect(InMemoryMailbox().capacity == 500)
    }

    @Test func keepsAttachmentBytesOfTheNewestMessagesOnly() async throws {
        let mailbox = InMemoryMailbox(capacity: 6, attachmentsKept: 2)
        for number in 1...9 {
            var message = message(number)
            message.attachments = [
                MailAttachment(fileName: "copia-\(number).pdf", contentType: "application/pdf", content: [1, 2, 3])
            ]
            try await mailbox.send(message)
        }
        let kept = mailbox.messages
        #expect(kept.map(\.subject) == (4...9).map { "Messaggio \($0)" })
        #expect(kept.map { $0.attachments[0].fileName } == (4...9).map { "copia-\($0).pdf" }, "names stay")
        #expect(kept.map { $0.attachments[0].content.count } == [0, 0, 0, 0, 3, 3])
        #expect(InMemoryMailbox().attachmentsKept == 50)
    }

    @Test func refusesWhatSMTPWouldRefuse() async {
        let mailbox = InMemoryMailbox()
        await #expect(throws: MailError.self) {
            try await mailbox.send(
                MailMessage(from: Fixtures.sender, to: [MailAddress("not an address")], subject: "s", textBody: "t"))
        }
        #expect(mailbox.messages.isEmpty)
    }
}

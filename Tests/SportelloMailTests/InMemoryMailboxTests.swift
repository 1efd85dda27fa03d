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

    @Test func refusesWhatSMTPWouldRefuse() async {
        let mailbox = InMemoryMailbox()
        await #expect(throws: MailError.self) {
            try await mailbox.send(
                MailMessage(from: Fixtures.sender, to: [MailAddress("not an address")], subject: "s", textBody: "t"))
        }
        #expect(mailbox.messages.isEmpty)
    }
}

import Foundation
import Logging
import SportelloCore
import SportelloStorage
import SportelloTestSupport
import Testing

@testable import SportelloWeb

@Suite("Daily protocol register")
struct DailyRegisterTests {
    @Test(
        "a day's register lists that day's entries and annulments in PDF/A and JSON, the same bytes when made again",
        arguments: TestEngine.available)
    func dailyRegister(engine: TestEngine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let tenant = try await storeTestTenant(storage)
            let rome = TimeZone(identifier: "Europe/Rome")!
            let register = SQLProtocolRegister(storage: storage, timeZone: rome)
            let registration = ProtocolRegistration(
                direction: .incoming, subject: "Contributo affitto – Mario Rossi",
                correspondents: [ProtocolParty(name: "Mario Rossi", fiscalCode: "RSSMRA85T10A562S")],
                documents: [
                    ProtocolDocument(
                        fileName: "domanda.pdf", mimeType: "application/pdf", sha256: String(repeating: "c", count: 64))
                ])
            // 23 November 23:50 and 24 November 00:10 in Rome (22:50 and 23:10 UTC).
            let lateOn23 = try Date("2026-11-23T22:50:00Z", strategy: .iso8601)
            let earlyOn24 = try Date("2026-11-23T23:10:00Z", strategy: .iso8601)
            let a = try await register.register(registration, in: tenant.protocolRegister, tenantID: tenant.id, at: lateOn23)
            _ = try await register.register(registration, in: tenant.protocolRegister, tenantID: tenant.id, at: earlyOn24)
            _ = try await register.annul(a.id, tenantID: tenant.id, reason: "Domanda doppia", by: "mrossi", at: earlyOn24)

            let registers = DailyRegisters(
                register: register, repository: SQLDailyRegisters(storage: storage),
                renderer: try DocumentRendererHandle.bundled().renderer, timeZone: rome)
            let day23 = try await registers.produce(
                tenant: tenant, day: LocalDate(year: 2026, month: 11, day: 23)!, now: earlyOn24)
            #expect((day23.entries, day23.annulments) == (1, 0))
            let day24 = try await registers.produce(
                tenant: tenant, day: LocalDate(year: 2026, month: 11, day: 24)!, now: earlyOn24)
            #expect((day24.entries, day24.annulments) == (1, 1))
            let json = try JSONSerialization.jsonObject(with: Data(day23.data)) as? [String: Any]
            let entries = json?["entries"] as? [[String: Any]]
            #expect(entries?.first?["number"] as? String == "0000001")
            #expect((entries?.first?["registeredAt"] as? String)?.hasPrefix("2026-11-23T23:50:00") == true)
            if let text = try DraftPreviewTests.text(of: day24.pdf) {
                #expect(text.contains("Registro giornaliero di protocollo – 2026-11-24"))
                #expect(text.contains("2026/0000002"))
                #expect(text.contains("Domanda doppia"))
                #expect(text.filter { !$0.isWhitespace }.contains(day24.dataSHA256), "the JSON file's fingerprint is printed")
            }
            let again = try await registers.produce(
                tenant: tenant, day: LocalDate(year: 2026, month: 11, day: 24)!, now: earlyOn24.addingTimeInterval(3600))
            #expect(again.pdf == day24.pdf && again.data == day24.data, "made again from the same data, the same bytes")
            let stored = try await SQLDailyRegisters(storage: storage).find(
                tenantID: tenant.id, registerCode: "PG", day: "2026-11-24")
            #expect(stored?.pdfSHA256 == day24.pdfSHA256)
            // The daily job makes yesterday's register only when it is missing.
            let nextMorning = try Date("2026-11-25T06:00:00Z", strategy: .iso8601)
            #expect(try await registers.produceMissing(tenants: [tenant], now: nextMorning) == 0)
            let dayAfter = nextMorning.addingTimeInterval(86_400)
            #expect(try await registers.produceMissing(tenants: [tenant], now: dayAfter) == 1)
        }
    }
}

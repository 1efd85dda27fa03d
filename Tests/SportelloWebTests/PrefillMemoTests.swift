import SportelloAdapters
import SportelloCore
import Testing

@testable import SportelloWeb

@Suite("Prefilled values kept per citizen")
struct PrefillMemoTests {
    let mario = CitizenIdentity(
        fiscalCode: try! CodiceFiscale(validating: "RSSMRA85T10A562S"), givenName: "Mario", familyName: "Rossi",
        email: "mario@example.it", assuranceLevel: .substantial, method: "spid")

    @Test("the same values while identity and registry answer are unchanged; rebuilt when either changes")
    func rebuiltOnChange() async throws {
        let registry = LocalPopulationRegistry.demo()
        let record = try #require(try await registry.resident(mario.fiscalCode))
        let memo = PrefillMemo()
        var builds = 0
        func prefill(_ citizen: CitizenIdentity, _ record: ResidentRecord?) -> [String: Value] {
            memo.prefill(for: citizen, record: record) {
                builds += 1
                return ["identity": .string(citizen.email ?? ""), "members": .string(String(record?.household.count ?? 0))]
            }
        }
        let first = prefill(mario, record)
        #expect(prefill(mario, record) == first)
        #expect(builds == 1)

        var moved = record
        moved.household.removeLast()
        #expect(prefill(mario, moved)["members"] == .string(String(record.household.count - 1)))
        #expect(builds == 2)

        var newEmail = mario
        newEmail.email = "nuovo@example.it"
        #expect(prefill(newEmail, moved)["identity"] == .string("nuovo@example.it"))
        #expect(builds == 3)
        #expect(prefill(mario, nil)["members"] == .string("0"))
        #expect(builds == 4)
    }
}

import Foundation
import SportelloCore
import Synchronization
import Testing

@testable import SportelloAdapters

@Suite("A numbered crowd of residents for load tests")
struct SyntheticPopulationTests {
    @Test("every code is valid, distinct and reads back as its own number")
    func roundTrip() throws {
        let population = SyntheticPopulation(count: 300_000)
        var seen = Set<String>()
        for index in Array(0..<2_000) + [9_260, 194_480, 299_999] {
            let code = population.fiscalCode(of: index)
            #expect(CodiceFiscale.isValid(code.value), "\(code.value)")
            #expect(population.index(of: code) == index)
            seen.insert(code.value)
        }
        #expect(seen.count == 2_003)
        // Birth date and sex follow the number: female codes carry the day + 40.
        let female = population.fiscalCode(of: 1).value
        #expect(Int(female.dropFirst(9).prefix(2))! > 40)
    }

    @Test("codes outside the crowd are not its citizens")
    func strangers() throws {
        let small = SyntheticPopulation(count: 10)
        let large = SyntheticPopulation(count: 1_000)
        #expect(small.index(of: large.fiscalCode(of: 10)) == nil, "beyond the count")
        for citizen in TestCitizen.demo {
            #expect(large.citizen(citizen.fiscalCode) == nil, "\(citizen.fiscalCode)")
        }
        // All six name letters consonants, but another birth date: not one of ours.
        #expect(large.citizen("KHLHMD78E05Z330U") == nil)
        #expect(large.citizen("not a code") == nil)
        // Household members are born elsewhere and never read back as citizens.
        let record = try #require(large.resident(large.fiscalCode(of: 5), municipality: "Esempio", municipalityCode: "099999"))
        #expect(record.household.count == 3)
        for member in record.household.dropFirst() {
            #expect(large.index(of: member.fiscalCode) == nil)
        }
    }

    @Test("the demo registry answers for the crowd, living in the municipality, and for its own residents")
    func registry() async throws {
        let population = SyntheticPopulation(count: 50)
        let registry = LocalPopulationRegistry.demo(municipality: "Esempio", code: "099999", population: population)
        let record = try #require(try await registry.resident(population.fiscalCode(of: 4)))
        #expect(record.residence.municipality == "Esempio")
        #expect(record.household.first?.fiscalCode == population.fiscalCode(of: 4))
        #expect(record.household.map(\.relation) == ["intestatario", "figlio"])
        #expect(try await registry.resident(CodiceFiscale(validating: "RSSMRA85T10A562S"))?.givenName == "Mario")
        #expect(try await LocalPopulationRegistry.demo().resident(population.fiscalCode(of: 4)) == nil)
    }

    @Test("the test provider signs in a citizen of the crowd with the code's identity")
    func signIn() async throws {
        let redirect = "https://comune.test/auth/callback"
        let population = SyntheticPopulation(count: 100)
        let provider = try await TestIdentityProvider(
            issuer: "http://idp.test/test-idp", population: population,
            clients: [TestClientRegistration(clientID: "rp", clientSecret: "s3cret", allowsRedirect: { $0 == redirect })])
        let party = OIDCRelyingParty(
            settings: OIDCProviderSettings(issuer: "http://idp.test/test-idp", clientID: "rp", clientSecret: "s3cret"),
            transport: provider.loopbackTransport(), logger: .init(label: "test"))
        let request = try await party.makeAuthorizationRequest(redirectURI: redirect)
        let query = Dictionary(
            URLComponents(string: request.url)!.queryItems!.map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { a, _ in a })
        let authorization = try provider.validate(authorization: query)
        let code = population.fiscalCode(of: 42)
        let callback = try provider.approve(authorization, fiscalCode: code.value, now: Date())
        let grant = URLComponents(string: callback)!.queryItems!.first { $0.name == "code" }!.value!
        let pending = PendingSignIn(
            state: request.state, nonce: request.nonce, codeVerifier: request.codeVerifier, returnPath: "/", audience: .citizen,
            startedAt: Date())
        let identity = try await party.completeSignIn(
            code: grant, returnedState: request.state, pending: pending, redirectURI: redirect, now: Date())
        #expect(identity.fiscalCode == code)
        #expect(identity.email == "cittadino.42@example.org")
        #expect(throws: TestIdentityProviderError.self) {
            try provider.approve(authorization, fiscalCode: population.fiscalCode(of: 42).value.lowercased() + "X", now: Date())
        }
        let withoutCrowd = try await TestIdentityProvider(issuer: "http://idp.test/test-idp", clients: [])
        #expect(throws: TestIdentityProviderError.self) {
            try withoutCrowd.approve(authorization, fiscalCode: code.value, now: Date())
        }
    }
}

@Suite("The registry's answers kept per citizen for a while")
struct CachedPopulationRegistryTests {
    /// A registry that counts the questions it gets.
    final class Counting: PopulationRegistry {
        let inner = LocalPopulationRegistry.demo(population: SyntheticPopulation(count: 100))
        let asked = Mutex(0)
        func resident(_ fiscalCode: CodiceFiscale) async throws -> ResidentRecord? {
            asked.withLock { $0 += 1 }
            return try await inner.resident(fiscalCode)
        }
    }

    @Test("the same citizen is asked once, a stranger's 'not resident' is kept too, and answers expire")
    func keepsAndExpires() async throws {
        let counting = Counting()
        let cached = CachedPopulationRegistry(backing: counting, lifetime: .milliseconds(200))
        let mario = try CodiceFiscale(validating: "RSSMRA85T10A562S")
        let stranger = try CodiceFiscale(validating: "BNCLCU18A01H501F")
        for _ in 0..<5 {
            #expect(try await cached.resident(mario)?.givenName == "Mario")
            #expect(try await cached.resident(stranger) == nil)
        }
        #expect(counting.asked.withLock { $0 } == 2)
        try await Task.sleep(for: .milliseconds(250))
        #expect(try await cached.resident(mario)?.givenName == "Mario")
        #expect(counting.asked.withLock { $0 } == 3)
    }

    @Test("past its capacity the oldest answers go, and every answer stays right")
    func bounded() async throws {
        let counting = Counting()
        let cached = CachedPopulationRegistry(backing: counting, capacity: 10)
        let population = SyntheticPopulation(count: 100)
        for index in 0..<40 {
            #expect(try await cached.resident(population.fiscalCode(of: index))?.fiscalCode == population.fiscalCode(of: index))
        }
        #expect(counting.asked.withLock { $0 } == 40)
        // The latest few are still kept; the first ones were let go.
        _ = try await cached.resident(population.fiscalCode(of: 39))
        #expect(counting.asked.withLock { $0 } == 40)
        _ = try await cached.resident(population.fiscalCode(of: 0))
        #expect(counting.asked.withLock { $0 } == 41)
    }
}

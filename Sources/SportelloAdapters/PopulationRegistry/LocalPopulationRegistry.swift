import Foundation
public import SportelloCore

/// The demo municipality's own small registry: the test citizens and their families, so forms
/// show real "once only" prefill with no outside system. Answers like the ANPR e-service would.
public struct LocalPopulationRegistry: PopulationRegistry {
    let records: [String: ResidentRecord]
    let crowd: (population: SyntheticPopulation, municipality: String, code: String)?

    public init(records: [ResidentRecord]) {
        self.init(records: records, crowd: nil)
    }

    private init(records: [ResidentRecord], crowd: (population: SyntheticPopulation, municipality: String, code: String)?) {
        self.records = Dictionary(records.map { ($0.fiscalCode.canonical.value, $0) }, uniquingKeysWith: { first, _ in first })
        self.crowd = crowd
    }

    public func resident(_ fiscalCode: CodiceFiscale) async throws -> ResidentRecord? {
        // Most codes are not omocodes: try them as given before working out the canonical form.
        if let record = records[fiscalCode.value] ?? records[fiscalCode.canonical.value] { return record }
        guard let crowd else { return nil }
        return crowd.population.resident(fiscalCode, municipality: crowd.municipality, municipalityCode: crowd.code)
    }

    /// Comune di Esempio: Mario Rossi's family of four, Anna Bianchi living alone with her son, and others;
    /// with a `population`, also that numbered crowd of residents (load tests).
    public static func demo(
        municipality: String = "Esempio", code: String = "099999", population: SyntheticPopulation? = nil
    ) -> LocalPopulationRegistry {
        func cf(_ text: String) -> CodiceFiscale { try! CodiceFiscale(validating: text) }
        func day(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }
        func member(_ code: String, _ given: String, _ family: String, _ birth: String, _ relation: String) -> HouseholdMember {
            HouseholdMember(fiscalCode: cf(code), givenName: given, familyName: family, birthDate: day(birth), relation: relation)
        }
        let rossi = [
            member("RSSMRA85T10A562S", "Mario", "Rossi", "1985-12-10", "intestatario"),
            member("VRDLRA87E45H501V", "Laura", "Verdi", "1987-05-05", "coniuge"),
            member("RSSGPP15C20H501R", "Giuseppe", "Rossi", "2015-03-20", "figlio"),
            member("RSSSFO24M51H501F", "Sofia", "Rossi", "2024-08-11", "figlio"),
        ]
        let bianchi = [
            member("BNCNNA90C55H501L", "Anna", "Bianchi", "1990-03-15", "intestatario"),
            member("BNCLCU18A01H501F", "Luca", "Bianchi", "2018-01-01", "figlio"),
        ]
        func residence(_ address: String, since: String) -> Residence {
            Residence(address: address, cap: "00100", municipality: municipality, municipalityCode: code, since: day(since))
        }
        var records: [ResidentRecord] = []
        for person in rossi.prefix(2) {
            records.append(
                ResidentRecord(
                    fiscalCode: person.fiscalCode, givenName: person.givenName, familyName: person.familyName,
                    sex: person.fiscalCode.sex, birthDate: person.birthDate, birthPlace: "Roma",
                    residence: residence("Via Roma 10", since: "2012-06-01"), household: rossi))
        }
        records.append(
            ResidentRecord(
                fiscalCode: bianchi[0].fiscalCode, givenName: "Anna", familyName: "Bianchi", sex: .female,
                birthDate: bianchi[0].birthDate,
                birthPlace: "Roma", residence: residence("Via Garibaldi 5, int. 3", since: "2019-09-15"), household: bianchi))
        for (code, given, family, birth, address) in [
            ("VRDGPP50L01F205U", "Giuseppe", "Verdi", "1950-07-01", "Piazza Duomo 2"),
            ("SPSSFO01S62F839B", "Sofia", "Esposito", "2001-11-22", "Via Napoli 40"),
            ("KHLHMD78E05Z330U", "Ahmed", "Khalil", "1978-05-05", "Via dei Mille 7"),
        ] {
            let head = member(code, given, family, birth, "intestatario")
            records.append(
                ResidentRecord(
                    fiscalCode: head.fiscalCode, givenName: given, familyName: family, sex: head.fiscalCode.sex,
                    birthDate: head.birthDate,
                    birthPlace: code.contains("Z330") ? "Marocco" : "Italia", residence: residence(address, since: "2010-01-01"),
                    household: [head]))
        }
        return LocalPopulationRegistry(records: records, crowd: population.map { ($0, municipality, code) })
    }
}

public import SportelloCore

/// A numbered crowd of fictitious residents for load tests of the demo: citizen `i` (0 ≤ i < count) has a
/// valid fiscal code that encodes `i`, so the test provider can sign any of them in and the demo registry
/// can answer for them, without keeping a list. Each is resident in the demo municipality; some have a
/// spouse and a child in their registered household.
///
/// The code's six name letters are `i` written in base 21 with the consonants; the birth date and sex
/// follow from `i`; the birth place is Rome (H501). Household members are born elsewhere (F205), so
/// their codes never read back as a citizen of the crowd.
public struct SyntheticPopulation: Sendable, Equatable {
    public let count: Int

    /// At most 21⁶ people fit in the six letters.
    public static let capacity = 85_766_121

    public init(count: Int) {
        self.count = min(max(0, count), Self.capacity)
    }

    /// The fiscal code of citizen `index`.
    public func fiscalCode(of index: Int) -> CodiceFiscale {
        precondition((0..<count).contains(index), "no synthetic citizen \(index)")
        let first15 = Self.letters(of: index) + Self.birthPart(of: index) + "H501"
        let check = CodiceFiscale.checkCharacter(for: first15)!
        return try! CodiceFiscale(validating: first15 + String(check))
    }

    /// The citizen's number, when the code is one of this crowd's.
    public func index(of fiscalCode: CodiceFiscale) -> Int? {
        let value = fiscalCode.canonical.value
        var index = 0
        for character in value.prefix(6) {
            guard let digit = Self.consonants.firstIndex(of: character) else { return nil }
            index = index * 21 + Self.consonants.distance(from: Self.consonants.startIndex, to: digit)
        }
        guard index < count, self.fiscalCode(of: index).value == value else { return nil }
        return index
    }

    public func citizen(_ fiscalCode: String) -> TestCitizen? {
        guard let code = try? CodiceFiscale(validating: fiscalCode), let index = index(of: code) else { return nil }
        let person = Self.person(index)
        return TestCitizen(
            fiscalCode: code.value, givenName: person.givenName, familyName: person.familyName,
            email: "cittadino.\(index)@example.org")
    }

    public func resident(_ fiscalCode: CodiceFiscale, municipality: String, municipalityCode: String) -> ResidentRecord? {
        guard let index = index(of: fiscalCode) else { return nil }
        let person = Self.person(index)
        let code = self.fiscalCode(of: index)
        let birthDate = Self.birthDate(of: index)
        var household = [
            HouseholdMember(
                fiscalCode: code, givenName: person.givenName, familyName: person.familyName, birthDate: birthDate,
                relation: "intestatario")
        ]
        if index % 3 == 2 {
            let spouseName = person.sex == .male ? "Chiara" : "Paolo"
            household.append(
                HouseholdMember(
                    fiscalCode: person.sex == .male ? Self.wife : Self.husband, givenName: spouseName, familyName: "Neri",
                    birthDate: LocalDate(year: 1980, month: 4, day: 12)!,
                    relation: "coniuge"))
        }
        if index % 3 != 0 {
            household.append(
                HouseholdMember(
                    fiscalCode: Self.children[(index / 7) % Self.familyNames.count], givenName: "Luca",
                    familyName: person.familyName, birthDate: LocalDate(year: 2015, month: 9, day: 3)!,
                    relation: "figlio"))
        }
        return ResidentRecord(
            fiscalCode: code, givenName: person.givenName, familyName: person.familyName, sex: person.sex,
            birthDate: birthDate, birthPlace: "Roma",
            residence: Residence(
                address: "\(Self.streets[index % Self.streets.count]) \(index % 150 + 1)", cap: "00100",
                municipality: municipality, municipalityCode: municipalityCode,
                since: LocalDate(year: 2000 + index % 20, month: 1, day: 15)!),
            household: household)
    }

    // MARK: - Numbering

    private static let consonants = Array("BCDFGHJKLMNPQRSTVWXYZ")
    private static let monthLetters = Array("ABCDEHLMPRST")

    private static func letters(of index: Int) -> String {
        var digits = [Character](repeating: "B", count: 6)
        var rest = index
        for position in (0..<6).reversed() {
            digits[position] = consonants[rest % 21]
            rest /= 21
        }
        return String(digits)
    }

    private static func sex(of index: Int) -> Sex { index % 2 == 0 ? .male : .female }

    private static func birthDate(of index: Int) -> LocalDate {
        LocalDate(year: 1950 + (index / 2) % 40, month: (index / 80) % 12 + 1, day: (index / 960) % 28 + 1)!
    }

    private static func birthPart(of index: Int) -> String {
        let date = birthDate(of: index)
        let day = date.day + (sex(of: index) == .female ? 40 : 0)
        return twoDigits(date.year % 100) + String(monthLetters[date.month - 1]) + twoDigits(day)
    }

    private static func twoDigits(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }

    private static func person(_ index: Int) -> (givenName: String, familyName: String, sex: Sex) {
        let sex = sex(of: index)
        let given = sex == .male ? maleNames : femaleNames
        return (given[(index / 2) % given.count], familyNames[(index / 7) % familyNames.count], sex)
    }

    private static let maleNames = [
        "Marco", "Luca", "Andrea", "Francesco", "Alessandro", "Matteo", "Lorenzo", "Davide", "Simone", "Nicolò",
    ]
    private static let femaleNames = [
        "Giulia", "Francesca", "Sara", "Martina", "Chiara", "Federica", "Valentina", "Elena", "Silvia", "Alessia",
    ]
    private static let familyNames = [
        "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno",
        "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano", "Rizzo", "Lombardi", "Moretti",
    ]
    private static let wife = CodiceFiscale.make(
        surname: "Neri", givenName: "Chiara", birthYear: 1980, birthMonth: 4, birthDay: 12, sex: .female, birthPlaceCode: "F205")
    private static let husband = CodiceFiscale.make(
        surname: "Neri", givenName: "Paolo", birthYear: 1980, birthMonth: 4, birthDay: 12, sex: .male, birthPlaceCode: "F205")
    /// Luca, the child of each family name.
    private static let children = familyNames.map {
        CodiceFiscale.make(
            surname: $0, givenName: "Luca", birthYear: 2015, birthMonth: 9, birthDay: 3, sex: .male, birthPlaceCode: "F205")
    }
    private static let streets = [
        "Via Roma", "Via Garibaldi", "Via Mazzini", "Corso Cavour", "Via Dante", "Piazza della Libertà",
    ]
}

import Foundation
public import SportelloCore

/// What the population registry (ANPR, through PDND) knows about a resident: the "once only"
/// data a form shows read-only instead of asking again.
public struct ResidentRecord: Equatable, Sendable {
    public var fiscalCode: CodiceFiscale
    public var givenName: String
    public var familyName: String
    public var sex: Sex
    public var birthDate: LocalDate
    public var birthPlace: String
    public var residence: Residence
    public var household: [HouseholdMember]

    public init(
        fiscalCode: CodiceFiscale, givenName: String, familyName: String, sex: Sex, birthDate: LocalDate, birthPlace: String,
        residence: Residence, household: [HouseholdMember]
    ) {
        self.fiscalCode = fiscalCode
        self.givenName = givenName
        self.familyName = familyName
        self.sex = sex
        self.birthDate = birthDate
        self.birthPlace = birthPlace
        self.residence = residence
        self.household = household
    }
}

/// Residence address with the ISTAT code of the municipality.
public struct Residence: Equatable, Sendable {
    public var address: String
    public var cap: String
    public var municipality: String
    public var municipalityCode: String
    public var since: LocalDate

    public init(address: String, cap: String, municipality: String, municipalityCode: String, since: LocalDate) {
        self.address = address
        self.cap = cap
        self.municipality = municipality
        self.municipalityCode = municipalityCode
        self.since = since
    }
}

/// A member of the resident's registered household (famiglia anagrafica), the resident included.
public struct HouseholdMember: Equatable, Sendable {
    public var fiscalCode: CodiceFiscale
    public var givenName: String
    public var familyName: String
    public var birthDate: LocalDate
    /// Relation to the head of household as ANPR writes it ("intestatario", "coniuge", "figlio" …).
    public var relation: String

    public init(fiscalCode: CodiceFiscale, givenName: String, familyName: String, birthDate: LocalDate, relation: String) {
        self.fiscalCode = fiscalCode
        self.givenName = givenName
        self.familyName = familyName
        self.birthDate = birthDate
        self.relation = relation
    }
}

/// Looks residents up in the population registry.
public protocol PopulationRegistry: Sendable {
    /// The record of a resident of the municipality, or nil when not resident there.
    func resident(_ fiscalCode: CodiceFiscale) async throws -> ResidentRecord?
}

extension ResidentRecord {
    /// The record as prefill data for the form engine (`registry.*`).
    public var prefillValue: Value {
        .record([
            "residence": .record([
                "address": .string(residence.address), "cap": .string(residence.cap),
                "municipality": .string(residence.municipality),
                "municipalityCode": .string(residence.municipalityCode), "since": .date(residence.since),
            ]),
            "birthDate": .date(birthDate), "birthPlace": .string(birthPlace), "sex": .string(sex.rawValue),
            "household": .list(
                household.map { member in
                    .record([
                        "fiscalCode": .string(member.fiscalCode.value), "givenName": .string(member.givenName),
                        "familyName": .string(member.familyName), "birthDate": .date(member.birthDate),
                        "relation": .string(member.relation),
                    ])
                }),
        ])
    }
}

import Foundation
import SportelloCore
import Testing

@testable import SportelloWeb

/// A one-field procedure file around `field` (a YAML flow mapping).
func procedureYAML(field: String) -> String {
    """
    code: prova
    title: Prova
    description: D
    info: []
    archetype: economicBenefit
    office: {name: U}
    maximumCompletionDays: 30
    form:
      pages:
        - id: p
          title: P
          sections:
            - id: s
              fields:
                - \(field)
    """
}

@Suite("Procedure files")
struct ProcedureFileTests {
    @Test("the six demo procedures load: every archetype, and one paid before it is registered")
    func bundledDemo() throws {
        let procedures = try ProcedureFile.bundledDemo()
        #expect(procedures.count == 6)
        #expect(procedures.filter { $0.definition.fee != nil }.map(\.definition.code) == ["certificato-urbanistico"])
        #expect(Set(procedures.map(\.definition.archetype)) == Set(Archetype.allCases))
        #expect(procedures.allSatisfy { !$0.definition.info.isEmpty && $0.definition.title.english != nil })
    }

    @Test("a file missing a key names it and where")
    func missingKey() {
        #expect {
            try ProcedureFile.load(yaml: "code: x\ntitle: X\n")
        } throws: { error in
            (error as? FormDefinitionError)?.problems == ["procedure: missing 'description'"]
        }
    }

    @Test("a wrong value deep in the form names its path")
    func wrongType() {
        let yaml = procedureYAML(field: "{id: f, type: colour, label: F}")
        #expect {
            try ProcedureFile.load(yaml: yaml)
        } throws: { error in
            let problem = (error as? FormDefinitionError)?.problems.first ?? ""
            return problem.hasPrefix("form.pages.[1].sections.[1].fields.[1].type")
        }
    }

    @Test("bounds are read as exact decimals, so 0.1 stays 0.1")
    func exactBounds() throws {
        let yaml = procedureYAML(field: "{id: importo, type: money, label: Importo, minimum: 0.1, maximum: 35000}")
        let field = try #require(try ProcedureFile.load(yaml: yaml).field("importo"))
        #expect(field.minimum?.value == Decimal(string: "0.1"))
        #expect(field.maximum?.value == 35000)
    }
}

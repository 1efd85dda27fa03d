import Foundation
import Testing

@testable import SportelloCore

/// A small benefit procedure exercising conditions, groups, computed fields, prefill and rules.
func sampleProcedure(
    pages: [FormPage]? = nil, opensAt: Date? = nil, closesAt: Date? = nil
) -> ProcedureDefinition {
    func field(_ id: String, _ type: FieldType, required: Requirement? = .always, showIf: String? = nil) -> FormField {
        FormField(id: id, type: type, label: LocalizedText(id), required: required, showIf: showIf)
    }
    var household = field("household", .group)
    household.minimumItems = 1
    household.maximumItems = 4
    var relation = field("relation", .choice)
    relation.options = [FieldOption(value: "figlio", label: "Figlio"), FieldOption(value: "coniuge", label: "Coniuge")]
    var certificate = field("certificate", .attachment, required: .when("disabled"))
    certificate.accept = ["pdf"]
    household.fields = [field("name", .text), field("income", .money), field("disabled", .yesNo), relation, certificate]
    var fiscalCode = field("fiscalCode", .fiscalCode)
    fiscalCode.prefill = "identity.fiscalCode"
    var total = field("totalIncome", .money, required: nil)
    total.compute = "sum(household, income)"
    var isee = field("isee", .money, required: .when("reduced = true"), showIf: "reduced = true")
    isee.maximum = 50_000
    var birth = field("birthDate", .date)
    birth.earliest = "1900-01-01"
    birth.latest = "today"
    var iban = field("iban", .iban)
    iban.pattern = "IT.*"
    iban.patternMessage = LocalizedText("Serve un IBAN italiano", english: "An Italian IBAN is needed")
    let defaultPages = [
        FormPage(
            id: "applicant", title: "Richiedente",
            sections: [
                FormSection(id: "who", fields: [fiscalCode, field("email", .email), birth, field("reduced", .yesNo)]),
                FormSection(id: "iseeSection", showIf: "reduced = true", fields: [isee]),
            ],
            rules: [
                FormRule(check: "age(birthDate) >= 18", message: LocalizedText("Devi essere maggiorenne"), field: "birthDate")
            ]),
        FormPage(id: "family", title: "Famiglia", sections: [FormSection(id: "members", fields: [household, total])]),
        FormPage(
            id: "payment", title: "Pagamento", showIf: "totalIncome < 30000", sections: [FormSection(id: "bank", fields: [iban])]),
    ]
    return ProcedureDefinition(
        code: "contributo-prova", title: "Contributo", description: "Prova", info: [], archetype: .economicBenefit,
        office: OfficeReference(name: "Servizi sociali"), opensAt: opensAt, closesAt: closesAt, maximumCompletionDays: 30,
        form: FormDefinition(pages: pages ?? defaultPages))
}

@Suite("Form engine")
struct FormEvaluationTests {
    let today = LocalDate(year: 2026, month: 11, day: 24)!
    let prefill: [String: Value] = ["identity": .record(["fiscalCode": .string("RSSMRA85T10A562S")])]

    func evaluate(_ answers: Answers) throws -> FormEvaluation {
        FormEvaluation(procedure: try CompiledProcedure(sampleProcedure()), answers: answers, prefill: prefill, today: today)
    }

    func fields(_ problems: [FieldProblem]) -> [String?] { problems.map(\.field) }

    @Test("a complete first page has no problems and the prefilled fiscal code is used")
    func validFirstPage() throws {
        let form = try evaluate([
            "email": .text("a@b.it"), "birthDate": .text("1985-12-10"), "reduced": .text("no"), "fiscalCode": .text("FORGED"),
        ])
        #expect(form.problems(onPage: form.procedure.definition.form.pages[0]).isEmpty)
        #expect(form.answers["fiscalCode"] == .text("RSSMRA85T10A562S"), "prefilled data win over what was posted")
        #expect(!form.isEditable(form.procedure.field("fiscalCode")!))
    }

    @Test("every wrong field of a page is reported, in order, with its message")
    func errors() throws {
        let form = try evaluate(["email": .text("nope"), "birthDate": .text("31/02/1990"), "reduced": .text("maybe")])
        let problems = form.problems(onPage: form.procedure.definition.form.pages[0])
        #expect(fields(problems) == ["email", "birthDate", "reduced"])
        #expect(problems.map(\.message) == [.key("error.email"), .key("error.date"), .key("error.choice")])
    }

    @Test("a section and its required field appear only when their condition holds")
    func conditionalSection() throws {
        let withoutReduction = try evaluate(["email": .text("a@b.it"), "birthDate": .text("1985-12-10"), "reduced": .text("no")])
        let page = withoutReduction.procedure.definition.form.pages[0]
        #expect(!withoutReduction.isVisible(page.sections[1]))
        let withReduction = try evaluate(["email": .text("a@b.it"), "birthDate": .text("1985-12-10"), "reduced": .text("yes")])
        #expect(withReduction.isVisible(page.sections[1]))
        #expect(fields(withReduction.problems(onPage: page)) == ["isee"])
        let tooHigh = try evaluate([
            "email": .text("a@b.it"), "birthDate": .text("1985-12-10"), "reduced": .text("yes"), "isee": .text("60.000"),
        ])
        #expect(tooHigh.problems(onPage: page).map(\.message) == [.key("error.number.maximum", ["maximum": "50000"])])
    }

    @Test("an answer to a question that is now hidden counts as empty but is kept for later")
    func hiddenAnswers() throws {
        let form = try evaluate([
            "email": .text("a@b.it"), "birthDate": .text("1985-12-10"), "reduced": .text("no"), "isee": .text("20000"),
        ])
        #expect(form.values["isee"] == .null)
        #expect(form.answers["isee"] == .text("20000"), "typed text survives if the citizen changes their mind")
        let shown = try evaluate([
            "email": .text("a@b.it"), "birthDate": .text("1985-12-10"), "reduced": .text("yes"), "isee": .text("20000"),
        ])
        #expect(shown.values["isee"] == .number(20000))
    }

    @Test("cross-field rules run when the fields are valid, with the designer's message")
    func rules() throws {
        let minor = try evaluate(["email": .text("a@b.it"), "birthDate": .text("2015-01-01"), "reduced": .text("no")])
        let problems = minor.problems(onPage: minor.procedure.definition.form.pages[0])
        #expect(problems == [FieldProblem(field: "birthDate", message: .custom(LocalizedText("Devi essere maggiorenne")))])
    }

    @Test("dates after today are refused by 'latest: today'")
    func dateBounds() throws {
        let future = try evaluate(["email": .text("a@b.it"), "birthDate": .text("2030-01-01"), "reduced": .text("no")])
        #expect(
            future.problems(onPage: future.procedure.definition.form.pages[0]).first?.message
                == .key("error.date.latest", ["date": "24/11/2026"]))
    }

    @Test("group items are validated one by one, with their own conditions, and totals are computed")
    func groups() throws {
        let items: [[String: Answer]] = [
            ["name": .text("Mario"), "income": .text("12.000,50"), "disabled": .text("no"), "relation": .text("coniuge")],
            ["name": .text("Luca"), "income": .text("3000"), "disabled": .text("yes"), "relation": .text("nipote")],
        ]
        let form = try evaluate(["household": .items(items)])
        let problems = form.problems(onPage: form.procedure.definition.form.pages[1])
        #expect(fields(problems) == ["household.2.relation", "household.2.certificate"])
        #expect(problems[1].message == .key("error.attachment.required"))
        #expect(form.answers["totalIncome"] == .text("15000.5"))
        #expect(form.visiblePages.map(\.id) == ["applicant", "family", "payment"])
    }

    @Test("a group prefilled from the registry is seeded once and stays editable; invalid choices are left out")
    func householdPrefill() throws {
        var definition = sampleProcedure()
        definition.form.pages[1].sections[0].fields[0].prefill = "registry.household"
        let procedure = try CompiledProcedure(definition)
        let registry: [String: Value] = [
            "registry": .record([
                "household": .list([
                    .record(["name": .string("Mario"), "relation": .string("intestatario")]),
                    .record(["name": .string("Giulia"), "relation": .string("figlio"), "birthDate": .date(today)]),
                ])
            ])
        ]
        let fresh = FormEvaluation(procedure: procedure, answers: [:], prefill: registry, today: today)
        let household = try #require(procedure.field("household"))
        #expect(fresh.isEditable(household))
        guard case .items(let items) = fresh.answers["household"] else {
            Issue.record("the household is seeded")
            return
        }
        #expect(items.map { $0["name"] } == [.text("Mario"), .text("Giulia")])
        #expect(items[0]["relation"] == nil, "'intestatario' is not an option of the form")
        #expect(items[1]["relation"] == .text("figlio"))
        // Once the citizen saved the group (here: removed everybody), the registry does not come back.
        let edited = FormEvaluation(procedure: procedure, answers: ["household": .items([])], prefill: registry, today: today)
        #expect(edited.answers["household"] == .items([]))
        // Without registry data the group starts empty, as any group.
        #expect(FormEvaluation(procedure: procedure, answers: [:], prefill: prefill, today: today).answers["household"] == nil)
    }

    @Test("a page disappears when its condition turns false")
    func conditionalPage() throws {
        let rich: [[String: Answer]] = [
            ["name": .text("A"), "income": .text("40000"), "disabled": .text("no"), "relation": .text("coniuge")]
        ]
        #expect(try evaluate(["household": .items(rich)]).visiblePages.map(\.id) == ["applicant", "family"])
    }

    @Test("group size limits are enforced")
    func groupLimits() throws {
        let form = try evaluate(["household": .items([])])
        #expect(form.problems(onPage: form.procedure.definition.form.pages[1]).first?.message == .key("error.required"))
        let item: [String: Answer] = [
            "name": .text("A"), "income": .text("1"), "disabled": .text("no"), "relation": .text("figlio"),
        ]
        let crowded = try evaluate(["household": .items(Array(repeating: item, count: 5))])
        #expect(
            crowded.problems(onPage: crowded.procedure.definition.form.pages[1]).first?.message
                == .key("error.group.maximumItems", ["count": "4"]))
    }

    @Test("a pattern message from the form replaces the generic one")
    func patternMessage() throws {
        let form = try evaluate(["household": .items([]), "iban": .text("DE89370400440532013000")])
        let problems = form.problems(onPage: form.procedure.definition.form.pages[2])
        #expect(problems.first?.message == .custom(LocalizedText("Serve un IBAN italiano", english: "An Italian IBAN is needed")))
    }

    @Test("broken procedure files are refused with every problem named")
    func brokenDefinitions() {
        var broken = sampleProcedure()
        broken.form.pages[0].showIf = "agee(birthDate) > 3"
        broken.form.pages[1].sections[0].fields[1].compute = "sum(household, income"
        broken.form.pages[0].sections[0].fields[1].showIf = "unknownField = 1"
        broken.form.pages[2].sections[0].fields.append(broken.form.pages[2].sections[0].fields[0])
        #expect {
            try CompiledProcedure(broken)
        } throws: { error in
            let problems = (error as! FormDefinitionError).problems
            return problems.count == 4 && problems.contains { $0.contains("did you mean 'age'") }
                && problems.contains { $0.contains("'unknownField' is not a field") }
                && problems.contains { $0.contains("appears twice") }
        }
    }

    @Test("a call for applications is open only inside its window")
    func window() {
        let opens = Date(timeIntervalSince1970: 1_790_000_000)
        let procedure = sampleProcedure(opensAt: opens, closesAt: opens.addingTimeInterval(86_400))
        #expect(!procedure.isOpen(at: opens.addingTimeInterval(-1)))
        #expect(procedure.isOpen(at: opens))
        #expect(!procedure.isOpen(at: opens.addingTimeInterval(86_400)))
    }

    @Test("evaluating the conditions of a 200-field form takes well under a millisecond in release")
    func performance() throws {
        var fields: [FormField] = []
        for index in 0..<200 {
            var field = FormField(
                id: "f\(index)", type: .number, label: "x", required: .when("f0 > 1 and count(household, disabled) >= 0"),
                showIf: "f\(max(0, index - 1)) >= 0 or reduced = true")
            field.minimum = 0
            fields.append(field)
        }
        var procedure = sampleProcedure()
        procedure.form.pages.append(FormPage(id: "big", title: "Big", sections: [FormSection(id: "many", fields: fields)]))
        let compiled = try CompiledProcedure(procedure)
        var answers: Answers = Dictionary(uniqueKeysWithValues: (0..<200).map { ("f\($0)", Answer.text(String($0))) })
        answers["household"] = .items(
            Array(repeating: ["name": .text("A"), "income": .text("1"), "disabled": .text("yes")], count: 6))
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for _ in 0..<10 {
                let form = FormEvaluation(procedure: compiled, answers: answers, prefill: prefill, today: today)
                #expect(form.problems(onPage: compiled.definition.form.pages[3]).isEmpty)
            }
        }
        // Ten full evaluations; generous bound so a debug build on a busy machine cannot flake.
        #expect(elapsed < .milliseconds(2000))
        print("200-field form, full evaluation and validation: \(elapsed / 10) per page save")
    }
}

import Foundation
import SportelloCore

/// Times the form engine on a 200-field page: every field has a condition (`showIf`) and a
/// conditional requirement, there is a repeatable group with six items and computed totals.
/// Usage: swift run -c release evaluation-bench [iterations]

func procedureJSON(fields count: Int) -> String {
    var fields: [String] = []
    for index in 0..<count {
        let previous = max(0, index - 1)
        fields.append(
            """
            {"id": "f\(index)", "type": "number", "label": "Campo \(index)", "minimum": 0,
             "required": "f0 > 1 and count(household, disabled) >= 0",
             "showIf": "f\(previous) >= 0 or reduced = true"}
            """)
    }
    return """
        {"code": "bench", "title": "Bench", "description": "Bench", "info": [], "archetype": "economicBenefit",
         "office": {"name": "Ufficio"}, "maximumCompletionDays": 30,
         "form": {"pages": [
           {"id": "first", "title": "Primo", "sections": [{"id": "s", "fields": [
             {"id": "reduced", "type": "yesNo", "label": "Ridotto", "required": true},
             {"id": "household", "type": "group", "label": "Componente", "fields": [
               {"id": "name", "type": "text", "label": "Nome", "required": true},
               {"id": "income", "type": "money", "label": "Reddito", "required": true},
               {"id": "disabled", "type": "yesNo", "label": "Disabile", "required": true}]},
             {"id": "total", "type": "money", "label": "Totale", "compute": "sum(household, income)"}]}]},
           {"id": "big", "title": "Grande", "sections": [{"id": "many", "fields": [\(fields.joined(separator: ","))]}]}
         ]}}
        """
}

func median(_ values: [Duration]) -> String {
    let middle = values.sorted()[values.count / 2].components
    return String(format: "%.0f µs", Double(middle.seconds) * 1e6 + Double(middle.attoseconds) / 1e12)
}

let iterations = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 2000 : 2000
let definition = try JSONDecoder().decode(ProcedureDefinition.self, from: Data(procedureJSON(fields: 200).utf8))
let procedure = try CompiledProcedure(definition)
var answers: Answers = Dictionary(uniqueKeysWithValues: (0..<200).map { ("f\($0)", Answer.text(String($0))) })
answers["reduced"] = .text("no")
answers["f0"] = .text("5")  // so every field is also required
answers["household"] = .items(
    (0..<6).map { _ in ["name": .text("Anna"), "income": .text("12.345,67"), "disabled": .text("no")] })
let prefill: [String: Value] = ["identity": .record(["fiscalCode": .string("RSSMRA85T10A562S")])]
let today = LocalDate.today(in: TimeZone(identifier: "Europe/Rome")!)
let page = procedure.definition.form.pages[1]

let clock = ContinuousClock()
var conditions: [Duration] = []
var validation: [Duration] = []
var visible = 0
for _ in 0..<iterations {
    var evaluation: FormEvaluation?
    conditions.append(
        clock.measure {
            let form = FormEvaluation(procedure: procedure, answers: answers, prefill: prefill, today: today)
            visible = page.sections[0].fields.filter { form.isVisible($0) && form.isRequired($0) }.count
            evaluation = form
        })
    validation.append(clock.measure { precondition(evaluation!.problems(onPage: page).isEmpty) })
}
precondition(visible == 200)
print("200-field page, \(iterations) runs (median):")
print("  evaluate every condition, computed value and requirement: \(median(conditions))")
print("  validate every answer of the page:                        \(median(validation))")

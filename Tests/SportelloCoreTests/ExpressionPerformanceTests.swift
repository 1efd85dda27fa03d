import Foundation
import SportelloCore
import Testing

@Suite("Expression performance")
struct ExpressionPerformanceTests {
    /// Conditions of the kind a 200-field form has, evaluated together on every page save.
    static let typicalConditions = [
        "applicant.age >= 18 and reduced = true",
        "count(household, disabled) > 0",
        "residence.municipality.code in ['H501', 'F205', 'L219']",
        "age(applicant.birthDate) >= 65 or applicant.income < 20000",
        "count(household, relation = 'figlio' and age(birthDate) < 18) >= 2",
        "sum(household, income) + applicant.income > 30000",
        "not empty(applicant.email) and applicant.iban = null",
        "applicant.name != null and len(applicant.name) > 1",
    ]

    @Test("Evaluating 200 typical conditions takes well under a millisecond (limit 20 ms so debug builds can't flake)")
    func twoHundredConditions() throws {
        let expressions = try (0..<200).map {
            try Expression.parse(Self.typicalConditions[$0 % Self.typicalConditions.count])
        }
        let context = ExpressionFixture.context()
        // Every condition must really evaluate; an error would make the timing meaningless.
        for expression in expressions { _ = try expression.evaluate(in: context) }

        let clock = ContinuousClock()
        var samples: [Duration] = []
        var trueCount = 0
        for _ in 0..<100 {
            let start = clock.now
            for expression in expressions where expression.isTrue(in: context) { trueCount += 1 }
            samples.append(clock.now - start)
        }
        samples.sort()
        let median = samples[samples.count / 2]
        func microseconds(_ duration: Duration) -> Int {
            Int(duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000)
        }
        print(
            "Evaluating \(expressions.count) conditions: median \(microseconds(median)) µs, best \(microseconds(samples[0])) µs"
        )
        #expect(trueCount > 0)
        #expect(median < .milliseconds(20))
    }
}

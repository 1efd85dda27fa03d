import Foundation
import SportelloCore
import Testing

@testable import SportelloWeb

@Suite("The last evaluation of each draft")
struct EvaluationCacheTests {
    static let procedure = try! ProcedureFile.load(
        yaml: """
            code: cache-prova
            title: Prova
            description: Prova.
            info: ["Prova."]
            archetype: economicBenefit
            office: {name: Ufficio, email: ufficio@prova.it}
            maximumCompletionDays: 30
            form:
              pages:
                - id: uno
                  title: Uno
                  sections:
                    - id: dati
                      fields:
                        - {id: email, type: email, label: Email, required: true}
            """)

    static func filing(_ answers: Answers = [:]) throws -> Filing {
        Filing(
            tenantID: UUID(), procedureCode: "cache-prova", procedureVersion: 1,
            owner: try CodiceFiscale(validating: "RSSMRA85T10A562S"), answers: answers, createdAt: Date(), updatedAt: Date())
    }

    @Test("reused while nothing changed, made again when the answers change, and let go when the filing is no draft")
    func reuseAndForget() throws {
        let cache = EvaluationCache()
        let today = LocalDate(year: 2026, month: 11, day: 24)!
        var made = 0
        var filing = try Self.filing()
        func evaluate() -> FormEvaluation {
            cache.evaluation(for: filing, prefill: [:], today: today) {
                made += 1
                return FormEvaluation(procedure: Self.procedure, answers: filing.answers, prefill: [:], today: today)
            }
        }
        #expect(!evaluate().allProblems.isEmpty)
        _ = evaluate()
        #expect(made == 1)
        filing.answers["email"] = .text("mario@example.org")
        #expect(evaluate().allProblems.isEmpty)
        #expect(made == 2)
        let other = try Self.filing()
        _ = cache.evaluation(for: other, prefill: [:], today: today) {
            FormEvaluation(procedure: Self.procedure, answers: [:], prefill: [:], today: today)
        }
        #expect(cache.count == 2)
        cache.forget(filing.id)
        #expect(cache.count == 1)
        _ = evaluate()
        #expect(made == 3)
    }
}

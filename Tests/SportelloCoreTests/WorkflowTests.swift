import Foundation
import Testing

@testable import SportelloCore

@Suite("Workflows of filings after submission")
struct WorkflowTests {
    static let standard = Workflow.standard(for: .economicBenefit)
    static let registered = FilingStatus.allCases.filter(\.isRegistered)

    @Test("the standard workflow is well formed for every archetype")
    func wellFormed() {
        for archetype in Archetype.allCases {
            #expect(Workflow.standard(for: archetype).problems().isEmpty)
        }
    }

    @Test("every action is allowed exactly from its states, by its actor, and refused from every other state")
    func everyTransition() throws {
        for transition in Self.standard.transitions {
            for status in FilingStatus.allCases {
                if transition.from.contains(status) {
                    let found = try Self.standard.transition(transition.action, from: status, by: transition.actor)
                    #expect(found.to == transition.to)
                    let other: WorkflowActor = transition.actor == .operator ? .citizen : .operator
                    #expect(throws: WorkflowRefusal.wrongActor) {
                        try Self.standard.transition(transition.action, from: status, by: other)
                    }
                } else {
                    #expect(throws: WorkflowRefusal.notAllowedFrom(status)) {
                        try Self.standard.transition(transition.action, from: status, by: transition.actor)
                    }
                }
            }
        }
        #expect(throws: WorkflowRefusal.unknownAction) {
            try Self.standard.transition("approve", from: .inProgress, by: .operator)
        }
    }

    @Test("the round trip of the issue: take, ask, answer, take again, accept, close")
    func roundTrip() throws {
        var status = FilingStatus.submitted
        for (action, actor) in [
            ("take", WorkflowActor.operator), ("requestSupplement", .operator), ("answerSupplement", .citizen),
            ("take", .operator), ("accept", .operator), ("close", .operator),
        ] {
            status = try Self.standard.transition(action, from: status, by: actor).to
        }
        #expect(status == .closed)
        #expect(Self.standard.available(from: .closed, for: .operator).isEmpty)
        #expect(Self.standard.available(from: .inProgress, for: .citizen).map(\.action) == ["withdraw"])
        #expect(Self.standard.available(from: .accepted, for: .citizen).isEmpty, "no withdrawal after the decision")
    }

    @Test("an act is checked before anything is written: text, deadline in the future, starting state")
    func actValidation() throws {
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        func act(
            _ action: String, from status: FilingStatus, text: String?, supplement: SupplementChange? = nil
        ) throws -> CaseAct {
            CaseAct(
                filingID: UUID(), tenantID: UUID(), owner: "RSSMRA85T10A562S",
                transition: try Self.standard.transition(action, from: status, by: .operator), expectedStatus: status,
                actor: AuditActor(kind: .operator, id: "1", name: "Op"), text: text, supplement: supplement, at: now)
        }
        #expect(throws: WorkflowRefusal.textRequired) { try act("reject", from: .inProgress, text: "  \n").validate() }
        try act("reject", from: .inProgress, text: "Reddito oltre la soglia").validate()
        try act("accept", from: .inProgress, text: nil).validate()
        #expect(throws: WorkflowRefusal.deadlineRequired) {
            try act("requestSupplement", from: .inProgress, text: "ISEE").validate()
        }
        #expect(throws: WorkflowRefusal.deadlineInThePast) {
            try act("requestSupplement", from: .inProgress, text: "ISEE", supplement: .request(text: "ISEE", deadline: now))
                .validate()
        }
        try act(
            "requestSupplement", from: .inProgress, text: "ISEE",
            supplement: .request(text: "ISEE", deadline: now.addingTimeInterval(86_400))
        ).validate()
    }

    @Test("a workflow written as data decodes, and its problems are found")
    func workflowAsData() throws {
        let json = """
            {"transitions": [
              {"action": "take", "from": ["submitted"], "to": "inProgress", "actor": "operator", "requiresText": false,
               "requiresDeadline": false, "effects": ["assignToActor"]},
              {"action": "take", "from": ["submitted"], "to": "accepted", "actor": "operator", "requiresText": false,
               "requiresDeadline": false, "effects": []},
              {"action": "early", "from": ["draft"], "to": "accepted", "actor": "operator", "requiresText": false,
               "requiresDeadline": false, "effects": []}
            ]}
            """
        let workflow = try JSONDecoder().decode(Workflow.self, from: Data(json.utf8))
        #expect(workflow.transitions.first?.has(.assignToActor) == true)
        #expect(workflow.problems().count == 2)
    }

    @Test("operators see their offices' procedures, admins the whole municipality, designers nothing")
    func scope() {
        let tenant = UUID()
        let (social, school) = (UUID(), UUID())
        let owners = ["bonus": social, "mensa": school, "nido": school]
        func account(_ memberships: [OfficeMembership]) -> Operator {
            Operator(
                tenantID: tenant, username: "u", displayName: "U", email: "u@x.it", passwordHash: nil, totpSecret: "",
                memberships: memberships)
        }
        #expect(account([OfficeMembership(officeID: school, role: .operator)]).caseScope(owners: owners) == ["mensa", "nido"])
        #expect(account([OfficeMembership(officeID: social, role: .admin)]).caseScope(owners: owners) == nil)
        #expect(account([OfficeMembership(officeID: social, role: .designer)]).caseScope(owners: owners) == [])
    }

    @Test("search words ignore case and accents; the day starts at local midnight")
    func searchAndDays() {
        #expect(InboxQuery.fold("Niccolò PÉREZ") == "niccolo perez")
        #expect(
            InboxQuery(tenantID: UUID(), procedureCodes: nil, search: "  Rossi   2026/0000042 ").searchTerms == [
                "rossi", "2026/0000042",
            ])
        let rome = TimeZone(identifier: "Europe/Rome")!
        // 2026-07-01 00:00 in Rome is 2026-06-30 22:00 UTC; 2026-01-15 00:00 is 23:00 UTC the day before.
        #expect(LocalDate(iso: "2026-07-01")!.start(in: rome) == Date(timeIntervalSince1970: 1_782_856_800))
        #expect(LocalDate(iso: "2026-01-15")!.start(in: rome) == Date(timeIntervalSince1970: 1_768_431_600))
        // The day of the change to summer time still starts at midnight.
        let change = LocalDate(iso: "2026-03-29")!.start(in: rome)
        #expect(
            LocalDate(change, in: rome).iso == "2026-03-29"
                && LocalDate(change.addingTimeInterval(-1), in: rome).iso == "2026-03-28")
    }
}

import Foundation
import SportelloCore
import Testing

@Suite("Debt position states")
struct DebtPositionStateTests {
    typealias F = PaymentFixtures

    /// One event of each kind, as applied to the single-payment fixture on 1 March 2025.
    static let events: [DebtPositionEvent] = [
        .publish(on: F.today), .invalidate, .payment(iuv: F.iuv(1), receiptID: "R1"), .reported, .dateCheck(on: F.today),
    ]

    /// The status each (status, event kind) pair leads to for the single-payment fixture, nil where refused.
    static let table: [DebtPositionStatus: [DebtPositionEvent.Kind: DebtPositionStatus]] = [
        .draft: [.publish: .valid, .dateCheck: .draft],
        .published: [.invalidate: .invalid, .dateCheck: .valid],
        .valid: [.invalidate: .invalid, .payment: .paid, .dateCheck: .valid],
        .partiallyPaid: [.payment: .paid, .dateCheck: .partiallyPaid],
        .paid: [.reported: .reported, .dateCheck: .paid],
        .reported: [.dateCheck: .reported],
        .invalid: [.dateCheck: .invalid],
        .expired: [.dateCheck: .expired],
    ]

    @Test("Every status and event pair is allowed or refused as GPD does", arguments: DebtPositionStatus.allCases)
    func transitionTable(status: DebtPositionStatus) throws {
        for event in Self.events {
            // A partially paid fixture needs an instalment plan; the single option stands for "the rest".
            let position =
                status == .partiallyPaid
                ? F.instalmentPlan(status: status, payments: [OptionPayment(iuv: F.iuv(11), receiptID: "R0")])
                : F.singlePayment(status: status)
            let applied: DebtPositionEvent =
                if status == .partiallyPaid, case .payment = event { .payment(iuv: F.iuv(12), receiptID: "R1") } else { event }
            let expected = Self.table[status]?[event.kind]
            if let expected {
                let next = try position.applying(applied)
                if status == .partiallyPaid, event.kind == .payment {
                    #expect(next.status == .partiallyPaid, "one instalment of three left")
                } else {
                    #expect(next.status == expected, "\(status) + \(event.kind)")
                }
            } else {
                #expect(
                    throws: DebtPositionTransitionError.notAllowed(from: status, event: event.kind), "\(status) + \(event.kind)"
                ) {
                    try position.applying(applied)
                }
            }
        }
    }

    @Test("Publishing waits for the validity date; the date check then makes the position valid")
    func validityDate() throws {
        let draft = F.position(options: [F.option(1, cents: 100_00)], validityDate: F.date("2025-03-10"))
        let published = try draft.applying(.publish(on: F.today))
        #expect(published.status == .published)
        #expect(try published.applying(.dateCheck(on: F.date("2025-03-09"))).status == .published)
        #expect(try published.applying(.dateCheck(on: F.date("2025-03-10"))).status == .valid)
        #expect(try draft.applying(.publish(on: F.date("2025-03-10"))).status == .valid)
        #expect(throws: DebtPositionTransitionError.notAllowed(from: .published, event: .payment)) {
            try published.applying(.payment(iuv: F.iuv(1), receiptID: "R1"))
        }
    }

    @Test("A valid position expires the day after its last due date, only with switchToExpired")
    func expiry() throws {
        let valid = F.singlePayment(status: .valid)
        #expect(try valid.applying(.dateCheck(on: F.date("2025-04-30"))).status == .valid)
        #expect(try valid.applying(.dateCheck(on: F.date("2025-05-01"))).status == .expired)
        var lenient = valid
        lenient.switchToExpired = false
        #expect(try lenient.applying(.dateCheck(on: F.date("2026-01-01"))).status == .valid)
        // The plan's last instalment is due 31 May: the position lives until then.
        #expect(try F.instalmentPlan(status: .valid).applying(.dateCheck(on: F.date("2025-05-31"))).status == .valid)
        // A published position whose validity date and last due date are both past becomes valid, then expires.
        let late = F.position(
            options: [F.option(1, cents: 100_00)], status: .published, validityDate: F.date("2025-03-10"))
        #expect(try late.applying(.dateCheck(on: F.date("2025-06-01"))).status == .expired)
    }

    @Test("Instalments make the position partially paid until the last one; the single payment pays it at once")
    func instalments() throws {
        var plan = F.instalmentPlan(status: .valid)
        plan = try plan.applying(.payment(iuv: F.iuv(12), receiptID: "R12"))
        #expect(plan.status == .partiallyPaid)
        plan = try plan.applying(.payment(iuv: F.iuv(11), receiptID: "R11"))
        #expect(plan.status == .partiallyPaid)
        #expect(throws: DebtPositionTransitionError.optionNoLongerPayable(F.iuv(10))) {
            try plan.applying(.payment(iuv: F.iuv(10), receiptID: "R10"))
        }
        #expect(throws: DebtPositionTransitionError.optionAlreadyPaid(F.iuv(11))) {
            try plan.applying(.payment(iuv: F.iuv(11), receiptID: "R11b"))
        }
        plan = try plan.applying(.payment(iuv: F.iuv(13), receiptID: "R13"))
        #expect(plan.status == .paid)
        #expect(plan.payments.map(\.receiptID) == ["R12", "R11", "R13"])
        #expect(try plan.applying(.reported).status == .reported)

        let whole = try F.instalmentPlan(status: .valid).applying(.payment(iuv: F.iuv(10), receiptID: "R10"))
        #expect(whole.status == .paid)
        #expect(whole.payment(of: F.iuv(10))?.receiptID == "R10")
        #expect(throws: DebtPositionTransitionError.unknownOption(F.iuv(99))) {
            try F.instalmentPlan(status: .valid).applying(.payment(iuv: F.iuv(99), receiptID: "R99"))
        }
    }

    @Test("Statuses and events are stored with stable names")
    func storedNames() throws {
        #expect(
            DebtPositionStatus.allCases.map(\.rawValue) == [
                "DRAFT", "PUBLISHED", "VALID", "PARTIALLY_PAID", "PAID", "REPORTED", "INVALID", "EXPIRED",
            ])
        #expect(
            DebtPositionEvent.Kind.allCases.map(\.rawValue) == ["PUBLISH", "INVALIDATE", "PAYMENT", "REPORTED", "DATE_CHECK"])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(
            String(decoding: try encoder.encode(DebtPositionEvent.payment(iuv: F.iuv(1), receiptID: "R1")), as: UTF8.self)
                == #"{"iuv":"01000000000000144","kind":"PAYMENT","receiptID":"R1"}"#)
        #expect(
            String(decoding: try encoder.encode(DebtPositionEvent.dateCheck(on: F.today)), as: UTF8.self)
                == #"{"date":"2025-03-01","kind":"DATE_CHECK"}"#)
        for event in Self.events {
            #expect(try JSONDecoder().decode(DebtPositionEvent.self, from: encoder.encode(event)) == event)
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(DebtPositionEvent.self, from: Data(#"{"kind":"PAY"}"#.utf8))
        }
    }

    @Test("Payable and final statuses")
    func statusProperties() {
        #expect(DebtPositionStatus.allCases.filter(\.isPayable) == [.valid, .partiallyPaid])
        #expect(DebtPositionStatus.allCases.filter(\.isFinal) == [.reported, .invalid, .expired])
    }
}

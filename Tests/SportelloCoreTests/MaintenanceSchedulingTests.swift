import Foundation
import Testing

@testable import SportelloCore

@Suite("Scheduling a planned outage")
struct MaintenanceSchedulingTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)
    let tenant = UUID()
    let admin = UUID()

    @Test("an outage announced six hours ahead or more is accepted", arguments: [6.0, 6.5, 48])
    func enoughNotice(hours: Double) throws {
        let start = now.addingTimeInterval(hours * 3600)
        let window = try MaintenanceScheduling().schedule(
            tenantID: tenant, startsAt: start, endsAt: start.addingTimeInterval(3600), message: "Aggiornamento", by: admin,
            now: now)
        #expect(window.isAnnounced(at: now))
        #expect(!window.isUnderway(at: now))
        #expect(window.isUnderway(at: start))
        #expect(!window.isAnnounced(at: start.addingTimeInterval(3600)))
    }

    @Test("less than six hours of notice is refused on the start field", arguments: [0.0, 1, 5.99])
    func tooLittleNotice(hours: Double) {
        let start = now.addingTimeInterval(hours * 3600)
        #expect {
            try MaintenanceScheduling().schedule(
                tenantID: tenant, startsAt: start, endsAt: start.addingTimeInterval(3600), message: "x", by: admin, now: now)
        } throws: { error in
            (error as! ValidationFailure).messageKey(for: "startsAt") == "error.maintenance.notice"
        }
    }

    @Test("an end before the start, a missing date and an empty message are all reported")
    func badInput() {
        let start = now.addingTimeInterval(7 * 3600)
        #expect {
            try MaintenanceScheduling().schedule(
                tenantID: tenant, startsAt: start, endsAt: start.addingTimeInterval(-60), message: "  ", by: admin, now: now)
        } throws: { error in
            let failure = error as! ValidationFailure
            return failure.messageKey(for: "endsAt") == "error.maintenance.endBeforeStart"
                && failure.messageKey(for: "message") == "error.required"
        }
        #expect(throws: ValidationFailure.self) {
            try MaintenanceScheduling().schedule(tenantID: tenant, startsAt: nil, endsAt: nil, message: "x", by: admin, now: now)
        }
    }
}

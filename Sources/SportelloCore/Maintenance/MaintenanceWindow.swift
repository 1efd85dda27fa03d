public import Foundation

/// A planned outage announced to citizens with a banner.
public struct MaintenanceWindow: Identifiable, Equatable, Sendable {
    public typealias ID = UUID

    public var id: ID
    public var tenantID: Tenant.ID
    public var startsAt: Date
    public var endsAt: Date
    public var message: String
    public var createdAt: Date
    public var createdBy: Operator.ID

    public init(
        id: ID = UUID(), tenantID: Tenant.ID, startsAt: Date, endsAt: Date, message: String, createdAt: Date,
        createdBy: Operator.ID
    ) {
        self.id = id
        self.tenantID = tenantID
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.message = message
        self.createdAt = createdAt
        self.createdBy = createdBy
    }

    /// The banner shows from the announcement until the end of the outage. A stored window
    /// was announced when it was saved, so only its end matters (stored times may be rounded).
    public func isAnnounced(at now: Date) -> Bool {
        now < endsAt
    }

    public func isUnderway(at now: Date) -> Bool {
        now >= startsAt && now < endsAt
    }
}

/// The rules for scheduling a planned outage.
public struct MaintenanceScheduling: Sendable {
    /// Citizens must be warned at least this long before a planned outage.
    public static let minimumNotice: TimeInterval = 6 * 3600
    public static let maximumMessageLength = 500

    public init() {}

    /// Checks a request to schedule an outage and returns the window, or every problem found.
    public func schedule(
        tenantID: Tenant.ID, startsAt: Date?, endsAt: Date?, message: String, by operatorID: Operator.ID, now: Date
    ) throws(ValidationFailure) -> MaintenanceWindow {
        var errors: [FieldError] = []
        let message = message.trimmingCharacters(in: .whitespacesAndNewlines)
        if message.isEmpty {
            errors.append(.init(field: "message", messageKey: "error.required"))
        } else if message.count > Self.maximumMessageLength {
            errors.append(.init(field: "message", messageKey: "error.maintenance.messageTooLong"))
        }
        if let startsAt {
            if startsAt < now.addingTimeInterval(Self.minimumNotice) {
                errors.append(.init(field: "startsAt", messageKey: "error.maintenance.notice"))
            }
        } else {
            errors.append(.init(field: "startsAt", messageKey: "error.dateTime"))
        }
        if let endsAt {
            if let startsAt, endsAt <= startsAt {
                errors.append(.init(field: "endsAt", messageKey: "error.maintenance.endBeforeStart"))
            }
        } else {
            errors.append(.init(field: "endsAt", messageKey: "error.dateTime"))
        }
        guard errors.isEmpty, let startsAt, let endsAt else { throw ValidationFailure(errors) }
        return MaintenanceWindow(
            tenantID: tenantID, startsAt: startsAt, endsAt: endsAt, message: message, createdAt: now, createdBy: operatorID)
    }
}

/// Where planned outages are kept; scoped by tenant.
public protocol MaintenanceRepository: Sendable {
    func create(_ window: MaintenanceWindow) async throws
    /// Windows whose end is after `now`, soonest first.
    func upcoming(tenantID: Tenant.ID, now: Date) async throws -> [MaintenanceWindow]
    func delete(id: MaintenanceWindow.ID, tenantID: Tenant.ID) async throws
}

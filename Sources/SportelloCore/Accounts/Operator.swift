public import Foundation

/// A member of the municipality's staff who uses the back office.
public struct Operator: Identifiable, Equatable, Sendable {
    public typealias ID = UUID

    public var id: ID
    public var tenantID: Tenant.ID
    public var username: String
    public var displayName: String
    public var email: String
    /// Set when the operator may also sign in through the tenant's identity provider.
    public var fiscalCode: CodiceFiscale?
    public var passwordHash: String?
    /// Base32 TOTP secret of the second factor.
    public var totpSecret: String
    public var isActive: Bool
    public var memberships: [OfficeMembership]

    public init(
        id: ID = UUID(), tenantID: Tenant.ID, username: String, displayName: String, email: String,
        fiscalCode: CodiceFiscale? = nil, passwordHash: String?, totpSecret: String, isActive: Bool = true,
        memberships: [OfficeMembership] = []
    ) {
        self.id = id
        self.tenantID = tenantID
        self.username = username
        self.displayName = displayName
        self.email = email
        self.fiscalCode = fiscalCode
        self.passwordHash = passwordHash
        self.totpSecret = totpSecret
        self.isActive = isActive
        self.memberships = memberships
    }

    /// Whether the operator holds `role` in at least one office.
    public func hasRole(_ role: Role) -> Bool {
        memberships.contains { $0.role == role }
    }

    /// Roles held anywhere, strongest first, for display.
    public var roles: [Role] {
        Role.allCases.filter(hasRole)
    }
}

/// An office of the municipality (ufficio); offices own procedures.
public struct Office: Identifiable, Equatable, Sendable {
    public typealias ID = UUID
    public var id: ID
    public var tenantID: Tenant.ID
    public var name: String
    public var email: String

    public init(id: ID = UUID(), tenantID: Tenant.ID, name: String, email: String = "") {
        self.id = id
        self.tenantID = tenantID
        self.name = name
        self.email = email
    }
}

/// What an operator may do in one office.
public enum Role: String, CaseIterable, Sendable, Codable {
    /// Configures offices, operators, maintenance and everything else of the tenant.
    case admin
    /// Configures procedures, forms and workflows.
    case designer
    /// Handles filings.
    case `operator`
}

/// One role held in one office.
public struct OfficeMembership: Equatable, Sendable {
    public var officeID: Office.ID
    public var role: Role

    public init(officeID: Office.ID, role: Role) {
        self.officeID = officeID
        self.role = role
    }
}

/// Where operators and offices are kept; every call is scoped to one tenant.
public protocol OperatorRepository: Sendable {
    func find(username: String, tenantID: Tenant.ID) async throws -> Operator?
    func find(id: Operator.ID, tenantID: Tenant.ID) async throws -> Operator?
    func find(fiscalCode: CodiceFiscale, tenantID: Tenant.ID) async throws -> Operator?
    func create(_ operator: Operator) async throws
    func createOffice(_ office: Office) async throws
    func offices(tenantID: Tenant.ID) async throws -> [Office]
    /// Records that the code of time step `step` was used; false if that step or a later one already was.
    func recordOneTimeCodeUse(operatorID: Operator.ID, step: Int64, tenantID: Tenant.ID) async throws -> Bool
}

/// A username already exists in the tenant.
public struct OperatorConflict: LocalizedDomainError {
    public var messageKey: String { "error.operator.conflict" }
    public init() {}
}

public import Foundation

/// How easy a citizen found a service ("Quanto è stato facile usare questo servizio?"), 1 to 5, given
/// once per submitted filing.
public struct ServiceRating: Equatable, Sendable {
    public var filingID: Filing.ID
    public var tenantID: Tenant.ID
    public var procedureCode: String
    public var score: Int
    public var comment: String?
    public var createdAt: Date

    public static let scores = 1...5
    public static let maximumCommentLength = 1000

    public init(
        filingID: Filing.ID, tenantID: Tenant.ID, procedureCode: String, score: Int, comment: String?, createdAt: Date
    ) {
        self.filingID = filingID
        self.tenantID = tenantID
        self.procedureCode = procedureCode
        self.score = score
        self.comment = comment
        self.createdAt = createdAt
    }
}

/// Where ratings are kept.
public protocol RatingRepository: Sendable {
    /// Stores the rating unless the filing already has one; returns whether it was stored.
    func rate(_ rating: ServiceRating) async throws -> Bool
    func rating(filingID: Filing.ID, tenantID: Tenant.ID) async throws -> ServiceRating?
}

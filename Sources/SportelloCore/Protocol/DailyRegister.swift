public import Foundation

/// The daily register of protocol (registro giornaliero): one day's entries and annulments of a register,
/// as a PDF/A for people and a JSON file for machines, stored for long-term conservation.
public struct DailyRegisterRecord: Equatable, Sendable {
    public var tenantID: Tenant.ID
    public var registerCode: String
    /// The calendar day in the municipality's time zone, "yyyy-mm-dd".
    public var day: String
    public var entries: Int
    public var annulments: Int
    public var pdf: [UInt8]
    public var data: [UInt8]
    public var pdfSHA256: String
    public var dataSHA256: String
    public var createdAt: Date

    public init(
        tenantID: Tenant.ID, registerCode: String, day: String, entries: Int, annulments: Int, pdf: [UInt8], data: [UInt8],
        pdfSHA256: String, dataSHA256: String, createdAt: Date
    ) {
        self.tenantID = tenantID
        self.registerCode = registerCode
        self.day = day
        self.entries = entries
        self.annulments = annulments
        self.pdf = pdf
        self.data = data
        self.pdfSHA256 = pdfSHA256
        self.dataSHA256 = dataSHA256
        self.createdAt = createdAt
    }
}

/// Where daily registers are kept; storing a day again replaces it (a regeneration).
public protocol DailyRegisterRepository: Sendable {
    func store(_ record: DailyRegisterRecord) async throws
    func find(tenantID: Tenant.ID, registerCode: String, day: String) async throws -> DailyRegisterRecord?
}

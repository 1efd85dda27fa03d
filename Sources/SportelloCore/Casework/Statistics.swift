public import Foundation

/// What the back office and the transparency page report for a period: filings per procedure and month, how
/// citizens signed in, handling times, overdue filings, ratings, and the share of the incoming protocol that
/// came through the online counter.
public struct CaseStatistics: Equatable, Sendable {
    /// Filings submitted per procedure, one count per month of `months`.
    public var perProcedure: [String: [Int]]
    /// The first instant of each month counted (local time), oldest first.
    public var months: [Date]
    /// Filings by sign-in scheme ("spid", "cie", "cns", …).
    public var signIns: [String: Int]
    public var total: Int
    /// Mean time from submission to decision, over the filings decided in the period.
    public var averageHandlingSeconds: Double?
    public var decided: Int
    /// Open filings past their legal deadline now.
    public var overdue: Int
    /// Ratings by score 1…5.
    public var ratings: [Int: Int]
    /// Incoming protocol entries of the period (all channels: counter, PEC, paper).
    public var incomingEntries: Int

    public init(
        perProcedure: [String: [Int]], months: [Date], signIns: [String: Int], total: Int, averageHandlingSeconds: Double?,
        decided: Int, overdue: Int, ratings: [Int: Int], incomingEntries: Int
    ) {
        self.perProcedure = perProcedure
        self.months = months
        self.signIns = signIns
        self.total = total
        self.averageHandlingSeconds = averageHandlingSeconds
        self.decided = decided
        self.overdue = overdue
        self.ratings = ratings
        self.incomingEntries = incomingEntries
    }

    /// Schemes that count as strong digital identity (SPID, CIE, CNS).
    public static let strongSchemes: Set<String> = ["spid", "cie", "cns"]

    /// Share of filings made with SPID, CIE or CNS, 0…1.
    public var strongSignInShare: Double? {
        total == 0 ? nil : Double(signIns.filter { Self.strongSchemes.contains($0.key) }.values.reduce(0, +)) / Double(total)
    }

    public var ratingCount: Int { ratings.values.reduce(0, +) }

    public var averageRating: Double? {
        ratingCount == 0 ? nil : Double(ratings.map { $0.key * $0.value }.reduce(0, +)) / Double(ratingCount)
    }

    /// Share of the incoming protocol entries that are filings of the online counter, 0…1.
    public var onlineShare: Double? {
        incomingEntries == 0 ? nil : min(1, Double(total) / Double(incomingEntries))
    }

    /// The first instants of the `count` months that end with the one holding `date`, in `timeZone`, plus the start
    /// of the month after (so month *i* is `[bounds[i], bounds[i+1])`).
    public static func monthBounds(endingAt date: Date, count: Int, in timeZone: TimeZone) -> [Date] {
        let today = LocalDate(date, in: timeZone)
        var year = today.year
        var month = today.month - count + 1
        while month < 1 {
            month += 12
            year -= 1
        }
        return (0...count).compactMap { offset in
            let index = month - 1 + offset
            return LocalDate(year: year + index / 12, month: index % 12 + 1, day: 1)?.start(in: timeZone)
        }
    }
}

/// Computes statistics over the case rows, the ratings and the protocol register.
public protocol StatisticsStore: Sendable {
    /// - Parameters:
    ///   - procedureCodes: the scope (nil: the whole municipality).
    ///   - bounds: month boundaries from `CaseStatistics.monthBounds`; the period is `bounds.first..<bounds.last`.
    func statistics(tenantID: Tenant.ID, procedureCodes: [String]?, bounds: [Date], now: Date) async throws -> CaseStatistics
}

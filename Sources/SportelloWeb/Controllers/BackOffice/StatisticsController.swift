import Foundation
import Hummingbird
import NIOCore
import SportelloCore

/// Statistics for the back office (the operator's offices, or the whole municipality for admins) over the last twelve
/// months, and the public transparency page with the figures of each year; both downloadable as CSV.
struct StatisticsController {
    let store: any StatisticsStore
    let ownership: any ProcedureOwnership
    let catalog: ProcedureCatalog
    let pages: Pages
    let clock: any Clock

    func addBackOfficeRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get(RouterPath(stringLiteral: SiteRoute.backOfficeStatistics.pattern)) { request, context in
            let (statistics, titles) = try await backOffice(context)
            let t = pages.texts(context)
            let monthFormatter = DateDisplay.formatter(context.language, dateStyle: .none)
            monthFormatter.setLocalizedDateFormatFromTemplate("MMM yy")
            let model = StatisticsView.Model(
                period: Self.period(statistics, language: context.language, now: clock.now),
                months: statistics.months.map(monthFormatter.string),
                procedures: statistics.perProcedure.sorted { $0.key < $1.key }.map {
                    (titles[$0.key] ?? $0.key, $0.value, $0.value.reduce(0, +))
                },
                figures: Self.figures(statistics, t: t), signIns: Self.signIns(statistics, t: t),
                ratings: (1...5).reversed().map { score in
                    (t("statistics.stars", ["score": String(score)]), String(statistics.ratings[score] ?? 0))
                },
                csvURL: SiteRoute.backOfficeStatisticsCSV.path)
            return await pages.render(
                Page(title: t("statistics.title"), body: StatisticsView.body(model, t: t), section: .backOffice),
                request: request, context: context)
        }
        router.get(RouterPath(stringLiteral: SiteRoute.backOfficeStatisticsCSV.pattern)) { _, context in
            let (statistics, titles) = try await backOffice(context)
            let t = pages.texts(context)
            let header = [t("statistics.csv.procedure")] + statistics.months.map { String(StampFormat.timestamp($0).prefix(7)) }
            var rows = statistics.perProcedure.sorted(by: { $0.key < $1.key }).map { code, counts in
                [titles[code] ?? code] + counts.map(String.init)
            }
            rows.append([])
            rows += (Self.figures(statistics, t: t) + Self.signIns(statistics, t: t)).map { [$0.label, $0.value] }
            return Pages.csv(CSVWriter.document(header: header, rows: rows), fileName: "statistiche.csv")
        }
    }

    func addPublicRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get(RouterPath(stringLiteral: SiteRoute.transparency.pattern)) { request, context in
            let tenant = try context.requireTenant()
            let t = pages.texts(context)
            let model = TransparencyView.Model(
                municipality: tenant.name,
                years: try await yearly(tenant).map { year, statistics, procedures in
                    (String(year), Self.publicFigures(statistics, procedures: procedures, t: t))
                },
                csvURL: SiteRoute.transparencyCSV.path)
            return await pages.render(
                Page(title: t("transparency.title"), body: TransparencyView.body(model, t: t)), request: request, context: context
            )
        }
        router.get(RouterPath(stringLiteral: SiteRoute.transparencyCSV.pattern)) { _, context in
            let tenant = try context.requireTenant()
            let t = pages.texts(context)
            let rows = try await yearly(tenant).flatMap { year, statistics, procedures in
                Self.publicFigures(statistics, procedures: procedures, t: t).map { [String(year), $0.label, $0.value] }
            }
            return Pages.csv(
                CSVWriter.document(
                    header: [t("transparency.csv.year"), t("transparency.csv.figure"), t("transparency.csv.value")], rows: rows),
                fileName: "trasparenza-\(tenant.slug).csv")
        }
    }

    private func backOffice(_ context: AppRequestContext) async throws -> (CaseStatistics, [String: String]) {
        guard let account = context.signedInOperator else { throw HTTPError(.forbidden) }
        let tenant = try context.requireTenant()
        let scope = account.caseScope(owners: try await ownership.owners(tenantID: tenant.id))
        let now = clock.now
        let statistics = try await store.statistics(
            tenantID: tenant.id, procedureCodes: scope,
            bounds: CaseStatistics.monthBounds(endingAt: now, count: 12, in: DateDisplay.timeZone), now: now)
        let titles = Dictionary(
            try await catalog.catalog(tenantID: tenant.id).map { ($0.code, $0.definition.title.text(context.language.code)) },
            uniquingKeysWith: { a, _ in a })
        return (statistics, titles)
    }

    /// This year and the last, whole calendar years in the municipality's time.
    private func yearly(_ tenant: Tenant) async throws -> [(Int, CaseStatistics, Int)] {
        let now = clock.now
        let year = LocalDate(now, in: DateDisplay.timeZone).year
        let procedures = try await catalog.catalog(tenantID: tenant.id).count
        var result: [(Int, CaseStatistics, Int)] = []
        for year in [year, year - 1] {
            let bounds = CaseStatistics.monthBounds(
                endingAt: LocalDate(year: year, month: 12, day: 31)!.start(in: DateDisplay.timeZone), count: 12,
                in: DateDisplay.timeZone)
            result.append(
                (year, try await store.statistics(tenantID: tenant.id, procedureCodes: nil, bounds: bounds, now: now), procedures)
            )
        }
        return result
    }

    static func percent(_ share: Double?) -> String {
        share.map { String(format: "%.1f %%", $0 * 100).replacingOccurrences(of: ".", with: ",") } ?? "—"
    }

    static func figures(_ statistics: CaseStatistics, t: Texts) -> [(label: String, value: String)] {
        [
            (t("statistics.total"), String(statistics.total)),
            (t("statistics.strongSignIn"), percent(statistics.strongSignInShare)),
            (t("statistics.decided"), String(statistics.decided)),
            (
                t("statistics.handling"),
                statistics.averageHandlingSeconds.map {
                    t("statistics.days", ["days": String(format: "%.1f", $0 / 86_400).replacingOccurrences(of: ".", with: ",")])
                } ?? "—"
            ),
            (t("statistics.overdue"), String(statistics.overdue)),
            (
                t("statistics.ratingAverage"),
                statistics.averageRating.map { String(format: "%.2f", $0).replacingOccurrences(of: ".", with: ",") } ?? "—"
            ),
            (t("statistics.ratingCount"), String(statistics.ratingCount)),
            (t("statistics.onlineShare"), percent(statistics.onlineShare)),
        ]
    }

    static func signIns(_ statistics: CaseStatistics, t: Texts) -> [(label: String, value: String)] {
        statistics.signIns.sorted { $0.key < $1.key }.map { method, count in
            (method.uppercased(), "\(count) (\(percent(statistics.total == 0 ? nil : Double(count) / Double(statistics.total))))")
        }
    }

    static func publicFigures(_ statistics: CaseStatistics, procedures: Int, t: Texts) -> [(label: String, value: String)] {
        [
            (t("transparency.procedures"), String(procedures)),
            (t("statistics.total"), String(statistics.total)),
            (t("statistics.strongSignIn"), percent(statistics.strongSignInShare)),
            (
                t("statistics.ratingAverage"),
                statistics.averageRating.map { String(format: "%.2f", $0).replacingOccurrences(of: ".", with: ",") } ?? "—"
            ),
        ]
    }

    static func period(_ statistics: CaseStatistics, language: Language, now: Date) -> String {
        let formatter = DateDisplay.shared(language, dateStyle: .long, timeStyle: .none)
        guard let first = statistics.months.first else { return "" }
        return formatter.string(from: first) + " – " + formatter.string(from: now)
    }
}

import Foundation
public import Logging

/// Writes one line of text per entry to standard error (log.format = text). Metadata is kept as given and
/// formatted only when an entry is written: requests set metadata on every logger they copy, and most entries
/// are below the level and never written.
public struct TextLogHandler: MetadataKeepingLogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String

    public init(label: String) {
        self.label = label
    }

    public func log(event: LogEvent) {
        var line = Date().ISO8601Format(.iso8601(timeZone: .gmt, includingFractionalSeconds: true))
        line += " \(event.level) \(label):"
        line += Self.format(metadata(with: event.metadata))
        line += " [\(event.source)] \(event.message)\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// ` key=value` pairs sorted by key, so lines are stable to read and to compare.
    static func format(_ metadata: Logger.Metadata) -> String {
        metadata.keys.sorted().map { " \($0)=\(metadata[$0]!)" }.joined()
    }
}

import Foundation
public import Logging

/// Writes one JSON object per line to standard error, for log collectors (log.format = json).
public struct JSONLogHandler: MetadataKeepingLogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String

    public init(label: String) {
        self.label = label
    }

    public func log(event: LogEvent) {
        var object: [String: Any] = [
            "time": Date().ISO8601Format(.iso8601(timeZone: .gmt, includingFractionalSeconds: true)),
            "level": event.level.rawValue,
            "logger": label, "message": event.message.description,
        ]
        for (key, value) in metadata(with: event.metadata) {
            object[key] = Self.plain(value)
        }
        guard var line = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
        line.append(0x0A)
        FileHandle.standardError.write(line)
    }

    static func plain(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let string): string
        case .stringConvertible(let convertible): convertible.description
        case .array(let values): values.map(plain)
        case .dictionary(let dictionary): dictionary.mapValues(plain)
        }
    }
}

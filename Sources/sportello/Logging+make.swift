import Foundation
import Logging
import SportelloWeb

extension Logging {
    /// A logger writing text or JSON lines to standard error, without touching the global logging system.
    static func make(config: AppConfig, label: String) -> Logger {
        let level = Logger.Level(rawValue: config.logLevel) ?? .info
        var logger: Logger
        switch config.logFormat {
        case .json: logger = Logger(label: label) { JSONLogHandler(label: $0) }
        case .text: logger = Logger(label: label) { TextLogHandler(label: $0) }
        }
        logger.logLevel = level
        return logger
    }
}

enum Logging {}

import ArgumentParser
import Foundation
import SportelloCore
import SportelloWeb

/// Turns domain errors into sentences for the person at the terminal, in the language of `LANG`.
enum CommandMessages {
    static let language: Language = {
        let code = ProcessInfo.processInfo.environment["LANG"].map { String($0.prefix(2)) } ?? ""
        return Language(rawValue: code) ?? .english
    }()

    static func text(_ key: String) -> String {
        (try? Localizer.bundled().text(key, language)) ?? key
    }

    /// A ValidationError listing each field with its message.
    static func validation(_ failure: ValidationFailure) -> ValidationError {
        ValidationError(failure.errors.map { "\($0.field): \(text($0.messageKey))" }.joined(separator: "\n"))
    }

    /// Runs `body`, rewording domain errors so the terminal shows a message rather than a type name.
    static func reporting(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let failure as ValidationFailure {
            throw validation(failure)
        } catch let error as any LocalizedDomainError {
            throw ValidationError(text(error.messageKey))
        }
    }
}

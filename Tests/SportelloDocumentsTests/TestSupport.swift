import Foundation

@testable import SportelloDocuments

/// Shared test fixtures.
enum Fixtures {
    /// The bundled fonts, parsed once for all tests.
    static let fonts: FontLibrary = {
        do {
            return try FontLibrary.bundled()
        } catch {
            fatalError("bundled fonts cannot be loaded: \(error)")
        }
    }()

    static let date = Date(timeIntervalSince1970: 1_718_000_000)  // 2024-06-10 06:13:20 UTC

    static func metadata(title: String = "Riepilogo domanda n. 2024/0001") -> DocumentMetadata {
        DocumentMetadata(
            title: title, author: "Comune di Esempio", subject: "Richiesta di contributo",
            keywords: ["domanda", "contributo"], creationDate: date)
    }

    /// A form summary with `rows` label/value rows.
    static func formSummary(rows: Int, footer: String = "Pagina {page} di {pages}", watermark: String? = nil) -> Document {
        let fields = (1...max(rows, 1)).map { index in
            DocumentField(label: "Campo \(index)", value: "Valore \(index): città, perché, più – € \(index),00")
        }
        return Document(
            metadata: metadata(),
            layout: DocumentLayout(
                header: RunningHeader(leading: "Comune di Esempio", trailing: "Riepilogo domanda"),
                footerTemplate: footer, watermark: watermark),
            blocks: [
                .heading("Riepilogo della domanda", level: 1),
                .paragraph("Ricevuta dell’invio della domanda allo Sportello telematico."),
                .fields(rows > 0 ? fields : []),
                .note("Documento generato automaticamente."),
            ])
    }

    /// Writes PDF bytes to a unique temporary file.
    static func temporaryFile(_ bytes: [UInt8], name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("sportello-\(name)-\(UUID().uuidString).pdf")
        try Data(bytes).write(to: url)
        return url
    }
}

/// Finds and runs command-line tools used to check the output.
enum ExternalTool {
    /// The full path of an executable found on `PATH`, or `nil`.
    static func path(_ name: String) -> String? {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for directory in directories + ["/usr/bin", "/usr/local/bin"] {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Whether tests using the tool run: when it is installed, or always when `SPORTELLO_REQUIRE_PDF_TOOLS=1`
    /// (the project's test command sets it after installing them, so a missing tool fails instead of skipping).
    static func isAvailable(_ name: String) -> Bool { path(name) != nil || isRequired }

    static var isRequired: Bool { ProcessInfo.processInfo.environment["SPORTELLO_REQUIRE_PDF_TOOLS"] == "1" }

    /// Runs a tool and returns its exit status and combined standard output and error.
    static func run(_ name: String, _ arguments: [String], input: [UInt8]? = nil) throws -> (status: Int32, output: String) {
        guard let executable = path(name) else { throw ToolMissing(name: name) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let inputPipe = Pipe()
        if input != nil { process.standardInput = inputPipe }
        try process.run()
        if let input {
            inputPipe.fileHandleForWriting.write(Data(input))
            try inputPipe.fileHandleForWriting.close()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    struct ToolMissing: Error {
        let name: String
    }
}

/// Apache PDFBox preflight (Debian: libpdfbox2-java, libactivation-java, libjaxb-api-java, default-jre-headless).
enum PDFBoxPreflight {
    static let javaDirectory = "/usr/share/java"
    /// Jar base names needed on the class path, each matched as `<name>.jar` or `<name>-<version>.jar`.
    static let jarNames = ["preflight", "pdfbox2", "fontbox2", "xmpbox", "commons-logging", "javax.activation", "jaxb-api"]

    /// The class path, or `nil` when a jar is missing.
    static var classPath: String? {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: javaDirectory)) ?? []
        var jars: [String] = []
        for name in jarNames {
            let exact = "\(name).jar"
            let match =
                files.contains(exact)
                ? exact
                : files.filter {
                    $0.hasPrefix("\(name)-") && $0.hasSuffix(".jar") && $0.dropFirst(name.count + 1).first?.isNumber == true
                }
                .sorted().last
            guard let match else { return nil }
            jars.append("\(javaDirectory)/\(match)")
        }
        return jars.joined(separator: ":")
    }

    static var isAvailable: Bool { (ExternalTool.path("java") != nil && classPath != nil) || ExternalTool.isRequired }

    /// Runs `Validator_A1b` on a file.
    static func validate(_ file: URL) throws -> (status: Int32, output: String) {
        try ExternalTool.run("java", ["-cp", classPath ?? "", "org.apache.pdfbox.preflight.Validator_A1b", file.path])
    }
}

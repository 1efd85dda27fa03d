public import Foundation

/// Finds and runs command-line tools used to check the output.
public enum ExternalTool {
    /// The full path of an executable found on `PATH`, or `nil`.
    public static func path(_ name: String) -> String? {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for directory in directories + ["/usr/bin", "/usr/local/bin"] {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Whether tests using the tool run: when it is installed, or always when `SPORTELLO_REQUIRE_PDF_TOOLS=1`
    /// (the project's test command sets it after installing them, so a missing tool fails instead of skipping).
    public static func isAvailable(_ name: String) -> Bool { path(name) != nil || isRequired }

    public static var isRequired: Bool { ProcessInfo.processInfo.environment["SPORTELLO_REQUIRE_PDF_TOOLS"] == "1" }

    /// Runs a tool and returns its exit status and combined standard output and error.
    public static func run(_ name: String, _ arguments: [String], input: [UInt8]? = nil) throws -> (status: Int32, output: String)
    {
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

    public struct ToolMissing: Error {
        public let name: String
    }
}

/// Apache PDFBox preflight (Debian: libpdfbox2-java, libactivation-java, libjaxb-api-java, default-jre-headless).
public enum PDFBoxPreflight {
    static let javaDirectory = "/usr/share/java"
    /// Jar base names needed on the class path, each matched as `<name>.jar` or `<name>-<version>.jar`.
    static let jarNames = ["preflight", "pdfbox2", "fontbox2", "xmpbox", "commons-logging", "javax.activation", "jaxb-api"]

    /// The class path, or `nil` when a jar is missing.
    public static var classPath: String? {
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

    public static var isAvailable: Bool { (ExternalTool.path("java") != nil && classPath != nil) || ExternalTool.isRequired }

    /// Runs `Validator_A1b` on a file.
    public static func validate(_ file: URL) throws -> (status: Int32, output: String) {
        try ExternalTool.run("java", ["-cp", classPath ?? "", "org.apache.pdfbox.preflight.Validator_A1b", file.path])
    }
}

import Foundation

/// Runs the built `props` executable (next to the test bundle) and captures its output.
public enum CLIRunner {
    public struct Result {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// The `props` binary in the build products directory.
    public static var executable: URL {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for dir in [bundle, Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()] {
            let candidate = dir.appendingPathComponent("props")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return bundle.appendingPathComponent("props")
    }

    /// Runs `props args...` in `directory` (default: the repository root).
    public static func run(_ args: [String], in directory: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = args
        process.currentDirectoryURL = directory ?? Fixtures.root
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // stderr is read on another thread: a child that fills one pipe while the test
        // reads the other to its end would wait for ever (a 200 kB error message did).
        let e = Captured(), done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            e.data = err.fileHandleForReading.readDataToEndOfFile()
            done.signal()
        }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        done.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                      stderr: String(decoding: e.data, as: UTF8.self))
    }

    /// The bytes read from one pipe by another thread.
    private final class Captured: @unchecked Sendable {
        var data = Data()
    }

    /// Parses stdout as one JSON object.
    public static func json(_ r: Result) throws -> [String: Any] {
        guard let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] else {
            throw NSError(domain: "CLIRunner", code: 1, userInfo: [NSLocalizedDescriptionKey: "stdout is not a JSON object: \(r.stdout)"])
        }
        return obj
    }
}

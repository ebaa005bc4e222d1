/// Bad input: a malformed file, an unknown element, an impossible structure. Carries the
/// file and line it was found at, so the message can name them.
public struct InputError: Error, CustomStringConvertible, Equatable {
    /// The file the problem is in, when there is one.
    public var file: String?
    /// 1-based line number in `file`, when known.
    public var line: Int?
    /// What is wrong, in words for the user.
    public var message: String

    /// `message` is kept to a readable length: any quoted echo of the input ('…') longer
    /// than 80 characters is cut (and the whole to 600), so a corrupt file's megabyte-long line is not printed.
    public init(_ message: String, file: String? = nil, line: Int? = nil) {
        self.message = Self.clippingQuotes(message)
        self.file = file
        self.line = line
    }

    /// The same error attributed to `file` (and `line`, when it had none).
    public func at(file: String, line: Int? = nil) -> InputError {
        InputError(message, file: self.file ?? file, line: self.line ?? line)
    }

    public var description: String {
        switch (file, line) {
        case let (f?, l?): return "\(f):\(l): \(message)"
        case let (f?, nil): return "\(f): \(message)"
        default: return message
        }
    }

    /// `message` with every single-quoted span longer than 80 characters cut to 80 and "…",
    /// and the whole message to 600.
    public static func clippingQuotes(_ message: String) -> String {
        guard message.count > 100 else { return message }
        let parts = message.split(separator: "'", omittingEmptySubsequences: false)
        let cut = parts.enumerated().map { k, part in k % 2 == 1 && k < parts.count - 1 ? clipped(part) : String(part) }
        return clipped(cut.joined(separator: "'"), limit: 600)
    }
}

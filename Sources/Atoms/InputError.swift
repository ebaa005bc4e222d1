/// Bad input: a malformed file, an unknown element, an impossible structure. Carries the
/// file and line it was found at, so the message can name them.
public struct InputError: Error, CustomStringConvertible, Equatable {
    /// The file the problem is in, when there is one.
    public var file: String?
    /// 1-based line number in `file`, when known.
    public var line: Int?
    /// What is wrong, in words for the user.
    public var message: String

    public init(_ message: String, file: String? = nil, line: Int? = nil) {
        self.message = message
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
}

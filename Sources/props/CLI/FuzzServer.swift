#if canImport(Glibc)
import Glibc
#endif

/// The hidden mode `props __fuzz-server` of the mutation fuzzer (`bench/fuzz.py`): one
/// process that runs many inputs, each in a forked child, so that a case costs a `fork`
/// instead of starting the program (which dominated the fuzzer's time) while a crash, an
/// out-of-memory abort or a hang still ends only that child.
///
/// Requests arrive on standard input, one line each, fields separated by tabs:
/// `STDOUT-FILE  STDERR-FILE  TIMEOUT-S  MEMORY-MB  COMMAND  ARGUMENTS...`. The child sends
/// its output to the two files, limits its address space to MEMORY-MB (`RLIMIT_AS`), is
/// killed by `SIGALRM` after TIMEOUT-S seconds, and runs `props COMMAND ARGUMENTS...`
/// exactly as the program would. The server answers each request with one line on
/// standard output: `exit N`, `signal N` or `timeout`. Only for the fuzzer; not in `help`.
enum FuzzServer {
    /// The name of the mode, as the first argument.
    static let mode = "__fuzz-server"

    /// `arguments` unchanged unless they start the server. In the server this returns only
    /// in each forked child, with that child's arguments (the server itself exits at the
    /// end of its input).
    static func childArguments(_ arguments: [String]) -> [String] {
        guard arguments.first == mode else { return arguments }
        #if canImport(Glibc)
        while let line = readLine(strippingNewline: true) {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 5, let seconds = UInt32(fields[2]), let megabytes = Int(fields[3]) else {
                answer("error malformed request")
                continue
            }
            fflush(stdout)
            fflush(stderr)
            let child = fork()
            if child == 0 {
                redirect(fields[0], to: STDOUT_FILENO)
                redirect(fields[1], to: STDERR_FILENO)
                var limit = rlimit(rlim_cur: rlim_t(megabytes) << 20, rlim_max: rlim_t(megabytes) << 20)
                _ = withUnsafePointer(to: &limit) { setrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), $0) }
                alarm(seconds)
                return Array(fields.dropFirst(4))
            }
            guard child > 0 else {
                answer("error fork failed")
                continue
            }
            var status: Int32 = 0
            while waitpid(child, &status, 0) < 0 && errno == EINTR {}
            let signal = status & 0x7f
            if signal == 0 {
                answer("exit \((status >> 8) & 0xff)")
            } else {
                answer(signal == SIGALRM ? "timeout" : "signal \(signal)")
            }
        }
        exit(0)
        #else
        fatalError("\(mode) needs fork (Linux)")
        #endif
    }

    #if canImport(Glibc)
    /// Points descriptor `target` at a new file `path` (truncated).
    private static func redirect(_ path: String, to target: Int32) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { _exit(125) }
        dup2(fd, target)
        close(fd)
    }

    /// One answer line, written at once.
    private static func answer(_ text: String) {
        print(text)
        fflush(stdout)
    }
    #endif
}

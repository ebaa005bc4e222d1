/// A LAPACK routine reported failure through its `info` argument.
public struct LapackError: Error, CustomStringConvertible {
    /// The LAPACK routine, e.g. `zheev`.
    public let routine: String
    /// LAPACK's `info`: negative means argument `-info` was illegal, positive a convergence failure.
    public let info: Int32

    public var description: String {
        info < 0
            ? "LAPACK \(routine): argument \(-info) had an illegal value"
            : "LAPACK \(routine) failed to converge (info = \(info))"
    }
}

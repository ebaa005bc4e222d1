/// A LAPACK routine reported failure through its `info` argument.
public struct LapackError: Error, CustomStringConvertible {
    /// The LAPACK routine, e.g. `zheev`.
    public let routine: String
    /// LAPACK's `info`: negative means argument `-info` was illegal, positive a convergence failure.
    public let info: Int32
    /// The positions of the routine's matrix arguments in its LAPACKE call: LAPACKE refuses a
    /// matrix holding a NaN as an illegal value of that argument.
    public let matrixArguments: [Int32]

    public init(routine: String, info: Int32, matrixArguments: [Int32] = []) {
        self.routine = routine
        self.info = info
        self.matrixArguments = matrixArguments
    }

    public var description: String {
        if info < 0, matrixArguments.contains(-info) {
            return "LAPACK \(routine): its matrix (argument \(-info)) holds a NaN: the input it was built from is not finite"
        }
        return info < 0
            ? "LAPACK \(routine): argument \(-info) had an illegal value"
            : "LAPACK \(routine) failed to converge (info = \(info))"
    }
}

/// The tabulated functions an EAM pair of atoms uses: the density each atom receives from
/// the other, ρ_{j→i} and ρ_{i→j}, and r·φ_ij. `EAM.evaluate` is specialised for each
/// conformance, so that with one species the functions are fixed for the whole call (no
/// species lookups per pair, and each density evaluated once: ρ_{j→i} and ρ_{i→j} are
/// the same function).
protocol EAMPairing {
    /// True when ρ_{j→i} and ρ_{i→j} are always the same function.
    static var symmetricDensity: Bool { get }
    /// ρ_{j→i} for host species `ti` and source species `tj`, then ρ_{i→j}.
    func densities(_ ti: Int, _ tj: Int) -> (toI: UnsafePointer<Double>, toJ: UnsafePointer<Double>)
    /// r·φ for species `ti` and `tj`.
    func pair(_ ti: Int, _ tj: Int) -> UnsafePointer<Double>
}

/// One species: every pair uses the same density and pair function.
struct EAMOneSpecies: EAMPairing {
    let density: UnsafePointer<Double>
    let pairFunction: UnsafePointer<Double>

    static var symmetricDensity: Bool { true }

    @inline(__always)
    func densities(_ ti: Int, _ tj: Int) -> (toI: UnsafePointer<Double>, toJ: UnsafePointer<Double>) { (density, density) }

    @inline(__always)
    func pair(_ ti: Int, _ tj: Int) -> UnsafePointer<Double> { pairFunction }
}

/// Several species: functions looked up per pair from flattened [a · count + b] tables.
struct EAMSpeciesPairs: EAMPairing {
    /// Density at a host of species a from a source of species b, [a · count + b].
    let density: [UnsafePointer<Double>]
    /// r·φ for species a and b, [a · count + b].
    let pairFunction: [UnsafePointer<Double>]
    let count: Int

    static var symmetricDensity: Bool { false }

    @inline(__always)
    func densities(_ ti: Int, _ tj: Int) -> (toI: UnsafePointer<Double>, toJ: UnsafePointer<Double>) {
        (density[ti &* count &+ tj], density[tj &* count &+ ti])
    }

    @inline(__always)
    func pair(_ ti: Int, _ tj: Int) -> UnsafePointer<Double> { pairFunction[ti &* count &+ tj] }
}

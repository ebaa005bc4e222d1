import Atoms
import Foundation

/// QUIP's `soap` descriptor (GAP `descriptors.F90`, `soap_initialise`/`soap_calc`) with its
/// default equispaced-Gaussian radial basis: the neighbour density of atom i, Gaussians of
/// width `atom_sigma` on each neighbour (and `central_weight` on the centre) times a cosine
/// cutoff, expanded in n_max radial functions (Gaussians at r_n = (n−1)·r_b/n_max,
/// r_b = cutoff + σ√(2·10·ln 10), orthonormalised by the Cholesky factor of their overlap)
/// and spherical harmonics up to l_max, one set per species channel; the descriptor is the
/// power spectrum p_(ab)l = (2l+1)^(−1/2) Σ_m c_alm c*_blm (×√2 for a ≠ b), normalised to
/// unit length, with `covariance_sigma0` appended.
///
/// Bartók, Kondor, Csányi, Phys. Rev. B 87, 184115 (2013), doi:10.1103/PhysRevB.87.184115.
struct SOAPDescriptor: Sendable {
    /// Cutoff radius and the width of its cosine transition, Å.
    let cutoff: Double
    let transitionWidth: Double
    let lMax: Int
    let nMax: Int
    /// Gaussian width σ of each atom, Å.
    let atomSigma: Double
    /// Weight of the centre's own Gaussian.
    let centralWeight: Double
    /// Whether the centre's Gaussian is placed in every species channel (else only in its own).
    let centralReferenceAllSpecies: Bool
    /// Atomic number of each species channel (0: any element, one channel).
    let speciesZ: [Int]
    /// Atomic numbers of the atoms the descriptor is centred on (0: any).
    let centreZ: [Int]
    /// Whether the power spectrum is normalised to unit length.
    let normalise: Bool
    /// The constant last component (`covariance_sigma0`).
    let sigma0: Double
    /// Whether the l-slices carry the 1/√(2l+1) factor (files of GAP version ≥ 1423143769).
    let twoLPlusOne: Bool

    /// α = 1/(2σ²), 1/Å².
    let alpha: Double
    /// Centres of the radial Gaussians, Å.
    let radialCentres: [Double]
    /// Basis transform T = S⁻¹ L (S the Gaussians' covariance, L the Cholesky factor of
    /// their overlap), `nMax × nMax` row-major: coefficient n = Σ_a f_a T[a, n].
    let transform: [Double]
    /// Coefficient of the centre's Gaussian in radial channel 1 (L₁₁).
    let centralCoefficient: Double

    /// Channel per atomic number 0...118 (−1: not a channel); any element is channel 0 when
    /// a channel has Z 0, as QUIP's species_map.
    let channelByZ: [Int]

    /// Species channels × radial functions.
    var channels: Int { nMax * speciesZ.count }
    /// Length of the descriptor vector.
    var dimension: Int { channels * (channels + 1) / 2 * (lMax + 1) + 1 }

    /// Reads the descriptor from its `<descriptor>` string; `xmlVersion` is the file's
    /// `gap_version` (0 when absent), which switches two historical defaults as in QUIP.
    init(_ args: inout DescriptorArguments, xmlVersion: Int) throws {
        cutoff = try args.double("cutoff")
        transitionWidth = try args.double("cutoff_transition_width", 0.5)
        lMax = try args.int("l_max")
        nMax = try args.int("n_max")
        if args.has("atom_gaussian_width") {
            atomSigma = try args.double("atom_gaussian_width")
        } else {
            atomSigma = try args.double("atom_sigma")
        }
        guard cutoff > 0, transitionWidth >= 0, transitionWidth <= cutoff, lMax >= 0, lMax <= 30, nMax >= 1, nMax <= 60,
              atomSigma > 0 else {
            throw args.error("needs cutoff > 0, 0 ≤ cutoff_transition_width ≤ cutoff, 0 ≤ l_max ≤ 30, 1 ≤ n_max ≤ 60, atom_sigma > 0")
        }
        centralWeight = try args.double("central_weight", 1)
        let hasCentralReference = args.has("central_reference_all_species")
        var centralAll = try args.bool("central_reference_all_species", false)
        normalise = args.has("normalize") ? try args.bool("normalize", true) : try args.bool("normalise", true)
        sigma0 = try args.double("covariance_sigma0", 0)
        let errorExponent = try args.double("basis_error_exponent", 10)
        let nSpecies = try args.int("n_species", 1)
        guard nSpecies >= 1, nSpecies <= 118 else { throw args.error("n_species must be 1...118") }
        if args.has("species_z") && !args.has("n_species") { throw args.error("species_Z needs n_species") }
        // Atomic numbers (0: any), checked before the conversion to Int (a 1e308 trapped).
        func atomicNumber(_ z: Double) throws -> Int {
            guard (0...118).contains(z), z == z.rounded() else { throw args.error("species_Z and Z need atomic numbers 0...118, found \(z)") }
            return Int(z)
        }
        let species = try args.doubles("species_z", [0]).map(atomicNumber)
        guard species.count == nSpecies else { throw args.error("species_Z has \(species.count) entries for n_species=\(nSpecies)") }
        speciesZ = species
        channelByZ = (0...118).map { z in species.contains(0) ? 0 : species.firstIndex(of: z) ?? -1 }
        let nZ = try args.int("n_z", 1)
        let centres = try args.doubles("z", [0]).map(atomicNumber)
        guard centres.count == nZ else { throw args.error("Z has \(centres.count) entries for n_Z=\(nZ)") }
        centreZ = centres
        for (key, ok) in [("cutoff_dexp", { (text: String) in Int(text) == 0 }),
                          ("average", { !(["t", "true"].contains($0.lowercased())) }),
                          ("diagonal_radial", { !(["t", "true"].contains($0.lowercased())) }),
                          ("nu_r", { Int($0) == 2 }), ("nu_s", { Int($0) == 2 }),
                          ("z_mix", { !(["t", "true"].contains($0.lowercased())) }),
                          ("r_mix", { !(["t", "true"].contains($0.lowercased())) }),
                          ("sym_mix", { !(["t", "true"].contains($0.lowercased())) }),
                          ("coupling", { !(["f", "false"].contains($0.lowercased())) }),
                          ("k", { Int($0) == 0 }), ("z_map", { $0.isEmpty }),
                          ("radial_basis", { $0.isEmpty || $0.uppercased() == "EQUISPACED_GAUSS" })] as [(String, (String) -> Bool)] {
            try args.refuse(key, unless: ok)
        }
        for key in ["cutoff_scale", "cutoff_rate", "mix_shift"] { _ = args.string(key) }  // used only with the refused options
        if xmlVersion < 1426512068 { centralAll = true }
        if !hasCentralReference && nSpecies == 1 { centralAll = true }
        centralReferenceAllSpecies = centralAll
        twoLPlusOne = xmlVersion >= 1423143769

        alpha = 0.5 / (atomSigma * atomSigma)
        let basisCutoff = cutoff + atomSigma * (2 * errorExponent * log(10.0)).squareRoot()
        let spacing = basisCutoff / Double(nMax)
        radialCentres = (0..<nMax).map { Double($0) * spacing }
        (transform, centralCoefficient) = try Self.basis(radialCentres, alpha: alpha, args: args)
    }

    /// The transform S⁻¹L and L₁₁ of the equispaced Gaussian basis, as `soap_initialise`.
    private static func basis(_ r: [Double], alpha a: Double, args: DescriptorArguments) throws -> ([Double], Double) {
        let n = r.count
        var covariance = [Double](repeating: 0, count: n * n)
        var overlap = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n {
                covariance[i * n + j] = exp(-a * (r[i] - r[j]) * (r[i] - r[j]))
                let s = r[i] + r[j]
                let o = exp(-a * (r[i] * r[i] + r[j] * r[j])) * 2.0.squareRoot() * pow(a, 1.5) * s
                    + a * exp(-0.5 * a * (r[i] - r[j]) * (r[i] - r[j])) * Double.pi.squareRoot() * (1 + a * s * s)
                    * (1 + erf((a / 2).squareRoot() * s))
                overlap[i * n + j] = o / (128 * pow(a, 5)).squareRoot()
            }
        }
        guard let l = DenseCholesky.factor(overlap, n), let cov = DenseCholesky.factor(covariance, n) else {
            throw args.error("the radial basis overlap is not positive definite (n_max too large for atom_sigma and cutoff?)")
        }
        // T = S⁻¹ L, column by column.
        var t = [Double](repeating: 0, count: n * n)
        for col in 0..<n {
            let x = DenseCholesky.solve(cov, n, (0..<n).map { l[$0 * n + col] })
            for row in 0..<n { t[row * n + col] = x[row] }
        }
        return (t, l[0])
    }

    /// The species channel of an atom of atomic number z, or nil when it is not one.
    @inline(__always) func channel(of z: Int) -> Int? {
        let c = channelByZ[z]
        return c < 0 ? nil : c
    }

    /// Whether atoms of atomic number z carry this descriptor.
    func isCentre(_ z: Int) -> Bool { centreZ.contains(0) || centreZ.contains(z) }
}

/// Cholesky factorisation and solves of small dense symmetric positive-definite matrices
/// (row-major), for basis set-up.
enum DenseCholesky {
    /// The lower factor L with A = L Lᵀ (row-major, upper part zero), or nil when A is not
    /// positive definite.
    static func factor(_ a: [Double], _ n: Int) -> [Double]? {
        var l = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            var d = a[j * n + j]
            for k in 0..<j { d -= l[j * n + k] * l[j * n + k] }
            guard d > 0 else { return nil }
            l[j * n + j] = d.squareRoot()
            for i in (j + 1)..<max(j + 1, n) {
                var s = a[i * n + j]
                for k in 0..<j { s -= l[i * n + k] * l[j * n + k] }
                l[i * n + j] = s / l[j * n + j]
            }
        }
        return l
    }

    /// x with L Lᵀ x = b.
    static func solve(_ l: [Double], _ n: Int, _ b: [Double]) -> [Double] {
        var y = b
        for i in 0..<n {
            for k in 0..<i { y[i] -= l[i * n + k] * y[k] }
            y[i] /= l[i * n + i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            for k in (i + 1)..<max(i + 1, n) { y[i] -= l[k * n + i] * y[k] }
            y[i] /= l[i * n + i]
        }
        return y
    }
}

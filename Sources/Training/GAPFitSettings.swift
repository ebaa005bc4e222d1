import Atoms
import Potentials

/// The choices of a GAP fit (`props train --model gap`; recipe keys `gap.*`, see the README's
/// "Training potentials"): one SOAP descriptor per centre element (QUIP's `soap`, every
/// element a species channel), its dot-product covariance δ² (q·x)^ζ, the sparse points
/// (`n_sparse` per element, chosen by `cur` or `random`), the expected errors σ of the data
/// (gap_fit's `default_sigma`: energy per atom and virial per atom, both scaled by √N of the
/// structure, forces per component) with per-`config_type` overrides, the sparse jitter and e0.
public struct GAPFitSettings: Sendable {
    /// SOAP settings: cutoff and transition width (Å), l_max, n_max, Gaussian width (Å).
    public var cutoff = 5.0, transitionWidth = 0.5
    public var lMax = 8, nMax = 8
    public var atomSigma = 0.5
    /// Covariance: signal δ (eV) and exponent ζ.
    public var delta = 1.0, zeta = 4.0
    /// Sparse points per centre element, and how they are chosen.
    public var sparseCount = 500
    public enum SparseMethod: String, Sendable, CaseIterable { case cur, random }
    public var sparseMethod = SparseMethod.cur
    /// σ of energies (eV/atom), forces (eV/Å) and virials (eV/atom).
    public var sigmaEnergy = 0.001, sigmaForce = 0.1, sigmaVirial = 0.05
    /// (σ_E, σ_F, σ_V) of the frames of a `config_type`, replacing the defaults.
    public var groups: [String: (energy: Double, force: Double, virial: Double)] = [:]
    /// Added to the diagonal of K_mm (eV²), as gap_fit's `sparse_jitter`.
    public var jitter = 1e-8
    /// e0 per element (eV); elements not given take the mean energy per atom of the training data.
    public var e0: [Element: Double] = [:]
    /// The elements of the data.
    public let species: [Element]

    public init(species: [Element]) { self.species = species }

    /// σ (energy, force, virial) of a frame of `configType`.
    public func sigmas(_ configType: String?) -> (energy: Double, force: Double, virial: Double) {
        configType.flatMap { groups[$0] } ?? (sigmaEnergy, sigmaForce, sigmaVirial)
    }

    /// The QUIP descriptor string of the term centred on `centre`.
    public func descriptorText(centre: Element) -> String {
        let z = species.map { String($0.number) }.joined(separator: " ")
        return "soap cutoff=\(cutoff) cutoff_transition_width=\(transitionWidth) l_max=\(lMax) n_max=\(nMax) "
            + "atom_sigma=\(atomSigma) central_weight=1.0 n_species=\(species.count) species_Z={\(z)} n_Z=1 Z={\(centre.number)} "
            + "delta=\(delta) zeta=\(zeta) covariance_type=dot_product n_sparse=\(sparseCount) sparse_method=\(sparseMethod.rawValue)"
    }

    public func check() throws {
        guard cutoff > 0, cutoff <= 20, transitionWidth > 0, transitionWidth <= cutoff else {
            throw InputError("gap.cutoff must be in (0, 20] Å and gap.transition_width in (0, cutoff]")
        }
        guard (0...20).contains(lMax), (1...30).contains(nMax) else { throw InputError("gap.l_max must be 0...20 and gap.n_max 1...30") }
        guard atomSigma > 0, atomSigma < cutoff else { throw InputError("gap.atom_sigma must be in (0, cutoff) Å") }
        guard delta > 0, delta.isFinite, zeta >= 1, zeta <= 64 else { throw InputError("gap.delta must be > 0 and gap.zeta in [1, 64]") }
        guard (1...100_000).contains(sparseCount) else { throw InputError("gap.n_sparse must be 1...100000") }
        let all = [sigmaEnergy, sigmaForce, sigmaVirial] + groups.values.flatMap { [$0.energy, $0.force, $0.virial] }
        guard all.allSatisfy({ $0 >= 0 && $0.isFinite }) else { throw InputError("GAP sigmas must be ≥ 0 (0 leaves the quantity out)") }
        guard jitter >= 0, jitter.isFinite else { throw InputError("gap.jitter must be ≥ 0") }
        guard e0.values.allSatisfy(\.isFinite) else { throw InputError("gap.e0 must be numbers") }
    }

    /// Settings from a recipe's `gap` object (keys left out keep their defaults; unknown keys
    /// and bad values are errors with the line).
    public init(json: PotJSON?, species: [Element]) throws {
        self.init(species: species)
        guard let json else { return }
        try json.onlyKeys(["cutoff", "transition_width", "l_max", "n_max", "atom_sigma", "delta", "zeta", "n_sparse",
                           "sparse_method", "sigma", "groups", "jitter", "e0"])
        /// The number under `key`, which must lie in `range` (errors at its line).
        func number(_ key: String, _ range: ClosedRange<Double>, _ current: Double) throws -> Double {
            guard let v = json.optionalField(key) else { return current }
            let x = try v.double("gap.\(key)")
            guard range.contains(x) else { throw v.error("gap.\(key) = \(x) is outside \(range.lowerBound)...\(range.upperBound)") }
            return x
        }
        func integer(_ key: String, _ range: ClosedRange<Int>, _ current: Int) throws -> Int {
            guard let v = json.optionalField(key) else { return current }
            let x = try v.int("gap.\(key)")
            guard range.contains(x) else { throw v.error("gap.\(key) = \(x) is outside \(range.lowerBound)...\(range.upperBound)") }
            return x
        }
        do {
            cutoff = try number("cutoff", 0.5...20, cutoff)
            transitionWidth = try number("transition_width", 0.01...20, transitionWidth)
            lMax = try integer("l_max", 0...20, lMax)
            nMax = try integer("n_max", 1...30, nMax)
            atomSigma = try number("atom_sigma", 0.01...5, atomSigma)
            delta = try number("delta", 1e-6...1e6, delta)
            zeta = try number("zeta", 1...64, zeta)
            sparseCount = try integer("n_sparse", 1...100_000, sparseCount)
            jitter = try number("jitter", 0...1, jitter)
            if let v = json.optionalField("sparse_method") {
                let text = try v.string("gap.sparse_method")
                guard let m = SparseMethod(rawValue: text) else { throw v.error("gap.sparse_method is cur or random, got '\(text)'") }
                sparseMethod = m
            }
            if let v = json.optionalField("sigma") {
                let s = try v.doubles("gap.sigma")
                guard s.count == 3, s.allSatisfy({ $0 >= 0 }) else { throw v.error("gap.sigma takes σ_E (eV/atom), σ_F (eV/Å), σ_V (eV/atom), each ≥ 0") }
                (sigmaEnergy, sigmaForce, sigmaVirial) = (s[0], s[1], s[2])
            }
            if let g = json.optionalField("groups"), case .object(let pairs) = g.value {
                for (name, value) in pairs {
                    let s = try value.doubles(name)
                    guard s.count == 3, s.allSatisfy({ $0 >= 0 }) else { throw value.error("gap.groups.\(name) takes σ_E, σ_F, σ_V (≥ 0)") }
                    groups[name] = (s[0], s[1], s[2])
                }
            }
            if let v = json.optionalField("e0") {
                if case .object(let pairs) = v.value {
                    for (symbol, value) in pairs {
                        guard let e = Element(symbol: symbol) else { throw value.error("gap.e0: '\(symbol)' is not an element") }
                        e0[e] = try value.double("gap.e0.\(symbol)")
                    }
                } else {
                    let all = try v.double("gap.e0")
                    for e in species { e0[e] = all }
                }
            }
            try check()
        } catch let e as InputError where e.line == nil {
            throw json.error(e.message)
        }
    }

    /// The settings as a `gap` object of a recipe.
    public var json: PotJSON {
        .object([
            ("cutoff", .number(cutoff)), ("transition_width", .number(transitionWidth)), ("l_max", .number(Double(lMax))),
            ("n_max", .number(Double(nMax))), ("atom_sigma", .number(atomSigma)), ("delta", .number(delta)),
            ("zeta", .number(zeta)), ("n_sparse", .number(Double(sparseCount))), ("sparse_method", .string(sparseMethod.rawValue)),
            ("sigma", .numbers([sigmaEnergy, sigmaForce, sigmaVirial])), ("jitter", .number(jitter)),
            ("groups", .object(groups.sorted { $0.key < $1.key }.map { ($0.key, .numbers([$0.value.energy, $0.value.force, $0.value.virial])) })),
            ("e0", .object(e0.sorted { $0.key.number < $1.key.number }.map { ($0.key.symbol, .number($0.value)) })),
        ])
    }
}

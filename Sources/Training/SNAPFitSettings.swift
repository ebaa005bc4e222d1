import Atoms
import Potentials

/// The choices of a SNAP or quadratic SNAP fit (`props train --model snap|qsnap`; recipe keys
/// `snap.*`, see the README's "Training potentials"): the bispectrum, the loss weights and the
/// ridge parameters to try. The loss, minimised exactly by linear least squares, is
///
///     L = Σ_s c_s [ p_E (ΔE_s/N_s)² + p_F Σ_i |ΔF_i|² + p_S Σ_ab Δσ_ab² ] + λ Σ β²,
///
/// ΔE in eV, ΔF in eV/Å, Δσ in GPa (the six independent components), c_s the frame's
/// `config_weight`, (p_E, p_F, p_S) per `config_type` group where `groups` names it, and λ
/// on every coefficient but the per-element constants (the reference energies).
public struct SNAPFitSettings: Sendable {
    /// The bispectrum settings; `quadratic` chooses qSNAP.
    public var parameters: SNAPParameters
    /// p_E per (eV/atom)², p_F per (eV/Å)², p_S per GPa².
    public var energyWeight = 1.0, forceWeight = 1.0, stressWeight = 0.0
    /// (p_E, p_F, p_S) of the frames of a `config_type`, replacing the defaults.
    public var groups: [String: (energy: Double, force: Double, stress: Double)] = [:]
    /// Ridge parameters λ; the fit keeps the one with the lowest validation loss (the first
    /// when nothing is held out).
    public var ridge: [Double] = [0, 1e-8, 1e-6, 1e-4]

    /// Zuo et al.'s bispectrum defaults (twojmax 6, rcutfac 4.1, radius 0.5, weight 1 per element).
    public init(species: [Element], quadratic: Bool) {
        parameters = SNAPParameters(species: species, radii: species.map { _ in 0.5 }, weights: species.map { _ in 1 },
                                    twojmax: 6, rcutfac: 4.1)
        parameters.quadratic = quadratic
    }

    /// The weights (p_E, p_F, p_S) of a frame of `configType`.
    public func weights(_ configType: String?) -> (energy: Double, force: Double, stress: Double) {
        configType.flatMap { groups[$0] } ?? (energyWeight, forceWeight, stressWeight)
    }

    public func check() throws {
        try parameters.check()
        let all = [energyWeight, forceWeight, stressWeight] + groups.values.flatMap { [$0.energy, $0.force, $0.stress] }
        guard all.allSatisfy({ $0 >= 0 && $0.isFinite }) else { throw InputError("SNAP loss weights must be ≥ 0") }
        guard !ridge.isEmpty, ridge.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
            throw InputError("snap.ridge needs one or more parameters ≥ 0")
        }
    }

    /// Settings from a recipe's `snap` object (keys left out keep their defaults; unknown keys
    /// are errors with the line). `radii` and `weights` take one value for all elements or one each.
    public init(json: PotJSON?, species: [Element], quadratic: Bool) throws {
        self.init(species: species, quadratic: quadratic)
        guard let json else { return }
        try json.onlyKeys(["twojmax", "rcutfac", "rfac0", "rmin0", "switchflag", "bzeroflag", "radii", "weights",
                           "energy_weight", "force_weight", "stress_weight", "ridge", "groups"])
        func perElement(_ key: String) throws -> [Double]? {
            guard let v = json.optionalField(key) else { return nil }
            let list = try v.doubles(key)
            guard list.count == 1 || list.count == species.count else {
                throw v.error("'\(key)' takes one value or one per element (\(species.map(\.symbol).joined(separator: " ")))")
            }
            return list.count == 1 ? species.map { _ in list[0] } : list
        }
        if let v = json.optionalField("twojmax") { parameters.twojmax = try v.int("twojmax") }
        if let v = json.optionalField("rcutfac") { parameters.rcutfac = try v.double("rcutfac") }
        if let v = json.optionalField("rfac0") { parameters.rfac0 = try v.double("rfac0") }
        if let v = json.optionalField("rmin0") { parameters.rmin0 = try v.double("rmin0") }
        if let v = json.optionalField("switchflag") { parameters.switching = try v.int("switchflag") != 0 }
        if let v = json.optionalField("bzeroflag") { parameters.bzero = try v.int("bzeroflag") != 0 }
        if let r = try perElement("radii") { parameters.radii = r }
        if let w = try perElement("weights") { parameters.weights = w }
        if let v = json.optionalField("energy_weight") { energyWeight = try v.double("energy_weight") }
        if let v = json.optionalField("force_weight") { forceWeight = try v.double("force_weight") }
        if let v = json.optionalField("stress_weight") { stressWeight = try v.double("stress_weight") }
        if let v = json.optionalField("ridge") { ridge = try v.doubles("ridge") }
        if let g = json.optionalField("groups"), case .object(let pairs) = g.value {
            for (name, value) in pairs {
                let w = try value.doubles(name)
                guard w.count == 3 else { throw value.error("snap.groups.\(name) takes p_E, p_F, p_S") }
                groups[name] = (w[0], w[1], w[2])
            }
        }
        do { try check() } catch let e as InputError { throw json.error(e.message) }
    }

    /// The settings as a `snap` object of a recipe.
    public var json: PotJSON {
        let p = parameters
        return .object([
            ("twojmax", .number(Double(p.twojmax))), ("rcutfac", .number(p.rcutfac)), ("rfac0", .number(p.rfac0)),
            ("rmin0", .number(p.rmin0)), ("switchflag", .number(p.switching ? 1 : 0)), ("bzeroflag", .number(p.bzero ? 1 : 0)),
            ("quadraticflag", .number(p.quadratic ? 1 : 0)), ("radii", .numbers(p.radii)), ("weights", .numbers(p.weights)),
            ("energy_weight", .number(energyWeight)), ("force_weight", .number(forceWeight)),
            ("stress_weight", .number(stressWeight)), ("ridge", .numbers(ridge)),
            ("groups", .object(groups.sorted { $0.key < $1.key }.map { ($0.key, .numbers([$0.value.energy, $0.value.force, $0.value.stress])) })),
        ])
    }
}

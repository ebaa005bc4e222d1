import Atoms
import Potentials

/// The rows of a SNAP fit's design matrix for one labelled frame: the energy per atom, each
/// force component and the six stress components (xx, yy, zz, yz, xz, xy) as linear functions of
/// the coefficients, with their labels. Columns are per element (in the parameters' species
/// order): the atom count (the constant term), Σ_i B_{i,t}, and for qSNAP Σ_i ½B_k² and
/// Σ_i B_k B_l (k < l) — the coefficient order of `.snapcoeff`.
struct SNAPDesign {
    /// Coefficients per element.
    let perElement: Int
    /// Row-major values, `columns` per row.
    var values: [Double] = []
    var targets: [Double] = []
    /// √ of each row's weight in the loss.
    var rootWeights: [Double] = []

    var columns: Int { perElement * speciesCount }
    let speciesCount: Int
    var rowCount: Int { targets.count }

    /// eV/Å³ → GPa.
    static let gigapascal = 160.21766208

    /// The rows of `frame`, from its bispectrum derivatives under `basis` (any coefficients).
    init(frame: Frame, basis: BispectrumPotential, settings: SNAPFitSettings) throws {
        let p = settings.parameters
        let n = p.descriptorCount, nc = p.coefficientCount
        perElement = nc
        speciesCount = p.species.count
        let s = frame.structure, atoms = s.count
        let d = try basis.bispectrumDerivatives(s)
        let width = nc * speciesCount
        let (pE, pF, pS) = settings.weights(frame.configType)
        let c = try Example.configWeight(frame, number: 1)
        let hasForces = frame.forces != nil, hasStress = frame.stress != nil
        // Energy row, then 3 per atom, then 6 stress rows (present labels only).
        var energy = [Double](repeating: 0, count: width)
        var force = [Double](repeating: 0, count: hasForces ? 3 * atoms * width : 0)
        var virial = [Double](repeating: 0, count: hasStress ? 6 * width : 0)
        var feature = [SIMD3<Double>](repeating: .zero, count: nc)
        let pairsOfStress = [(0, 0), (1, 1), (2, 2), (1, 2), (0, 2), (0, 1)]
        for i in 0..<atoms {
            let base = d.types[i] * nc
            let b = d.b[(i * n)..<((i + 1) * n)]
            energy[base] += 1
            var q = n + 1
            for k in 0..<n {
                energy[base + 1 + k] += b[b.startIndex + k]
                guard p.quadratic else { continue }
                for l in k..<n {
                    energy[base + q] += (l == k ? 0.5 : 1) * b[b.startIndex + k] * b[b.startIndex + l]
                    q += 1
                }
            }
            guard hasForces || hasStress else { continue }
            for pair in d.start[i]..<d.start[i + 1] {
                let g = d.gradient[(pair * n)..<((pair + 1) * n)]
                var q = n + 1
                for k in 0..<n {
                    feature[1 + k] = g[g.startIndex + k]
                    guard p.quadratic else { continue }
                    for l in k..<n {
                        feature[q] = l == k ? b[b.startIndex + k] * g[g.startIndex + k]
                            : b[b.startIndex + k] * g[g.startIndex + l] + b[b.startIndex + l] * g[g.startIndex + k]
                        q += 1
                    }
                }
                if hasForces {
                    // F_j = −∂E/∂r_j: the neighbour loses ∂/∂d, the centre gains it.
                    let j = d.neighbor[pair]
                    for a in 0..<3 {
                        let rj = (3 * j + a) * width + base, ri = (3 * i + a) * width + base
                        for f in 1..<nc {
                            force[rj + f] -= feature[f][a]
                            force[ri + f] += feature[f][a]
                        }
                    }
                }
                if hasStress {
                    let v = d.vector[pair]
                    for (row, (a, bb)) in pairsOfStress.enumerated() {
                        let r = row * width + base
                        for f in 1..<nc { virial[r + f] += 0.5 * (v[a] * feature[f][bb] + v[bb] * feature[f][a]) }
                    }
                }
            }
        }
        if let e = frame.energy {
            values += energy.map { $0 / Double(atoms) }
            targets.append(e / Double(atoms))
            rootWeights.append((c * pE).squareRoot())
        }
        if let forces = frame.forces {
            values += force
            for i in 0..<atoms { for a in 0..<3 { targets.append(forces[i][a]) } }
            rootWeights += repeatElement((c * pF).squareRoot(), count: 3 * atoms)
        }
        if let stress = frame.stress {
            let volume = s.cell.volume
            values += virial.map { $0 / volume }
            for (a, b) in pairsOfStress { targets.append(stress[a, b]) }
            rootWeights += repeatElement((c * pS).squareRoot() * Self.gigapascal, count: 6)
        }
    }

    /// The weighted rows with the weighted target as a last column, row-major, for `QRFold`.
    var weightedRows: [Double] {
        var out = [Double]()
        out.reserveCapacity(rowCount * (columns + 1))
        for r in 0..<rowCount {
            let w = rootWeights[r]
            for col in 0..<columns { out.append(w * values[r * columns + col]) }
            out.append(w * targets[r])
        }
        return out
    }
}

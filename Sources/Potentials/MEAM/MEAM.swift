import Atoms
import Foundation
import Neighbors

/// The modified embedded-atom method (Baskes, Phys. Rev. B 46, 2727 (1992); second-nearest
/// neighbour form of Lee and Baskes, Phys. Rev. B 62, 8564 (2000)) with the conventions of
/// LAMMPS's `pair_style meam`: E = Σᵢ F(ρ̄ᵢ) + ½ Σᵢⱼ S_ij f_c φ(r_ij), with many-body
/// screening S_ij (Cmin/Cmax ellipses), partial densities ρ₀…ρ₃ weighted by t̄ (`ialloy`),
/// ρ̄ = ρ₀ G(Γ)/ρ_ref (`ibar`, `bkgd_dyn`) and φ from the reference structures
/// (`MEAMPairTable`). Read from a LAMMPS library file plus parameter file.
public struct MEAM: Potential {
    public let name: String
    public var species: [Element] { parameters.species }
    /// Range of the energy, Å: r_c times the largest screening-ellipse reach, since an atom
    /// k screens a bond ij when r_ik² and r_jk² are below the ellipse bound times r_ij².
    public let cutoff: Double
    public var supplies: Quantities { .all }
    public var neighborKind: NeighborList.Kind { .full }
    let parameters: MEAMParameters
    /// The library entries used, in type order (LAMMPS's pair_coeff names them).
    public var labels: [String] { parameters.labels }
    /// The library file and, when given, the parameter file, as read.
    public let files: [TextFile]
    /// φ per element pair, indexed `a * n + b` (symmetric).
    let tables: [MEAMPairTable]

    /// Reads a LAMMPS MEAM library file and optional parameter file, with the library
    /// entries `map` names (all, by symbol, when empty).
    public static func read(library: TextFile, parameters: TextFile?, map: LabelMap = LabelMap()) throws -> MEAM {
        let p = try MEAMParameters.read(library: library, parameters: parameters, map: map)
        let n = p.count
        var tables: [MEAMPairTable?] = Array(repeating: nil, count: n * n)
        for a in 0..<n {
            for b in a..<n {
                let table = MEAMPairTable(p, a, b)
                tables[a * n + b] = table
                tables[b * n + a] = table
            }
        }
        let reach = p.rc * p.ellipseBound.max()!.squareRoot()
        let files = [library.path] + (parameters.map { [$0.path] } ?? [])
        return MEAM(name: "MEAM \(files.joined(separator: ","))", cutoff: max(reach, p.rc), parameters: p,
                    files: [library] + (parameters.map { [$0] } ?? []), tables: tables.map { $0! })
    }

    public func evaluate(_ structure: Structure, neighbors: NeighborList, wanted: Quantities) throws -> Evaluation {
        precondition(neighbors.kind == .full, "MEAM needs a full neighbor list")
        let types = try typeIndices(structure)
        let n = structure.count
        let widest = (0..<n).lazy.map { neighbors.range(of: $0).count }.max() ?? 0
        let width = MEAMDensityTerms.width
        var terms = [Double](repeating: 0, count: n * width)
        var adjoints = [Double](repeating: 0, count: n * width)
        var embedding = [Double](repeating: 0, count: n)
        return neighbors.withLoop(structure.positions) { loop in
            types.withUnsafeBufferPointer { type in
                terms.withUnsafeMutableBufferPointer { tb in
                    let base = tb.baseAddress!
                    Parallel.forEachBalancedChunk(neighbors.rowStarts) { _, range in
                        var s = MEAMNeighbors(capacity: widest)
                        for i in range {
                            s.gather(i, loop: loop, type: type, reach: cutoff)
                            let row = MEAMDensityTerms(base + i * width)
                            for a in 0..<s.count where s.squared[a] < parameters.rc * parameters.rc {
                                let value = screening(type[i], a, &s, gradients: false).value
                                if value != 0 { row.add(parameters, s.type[a], s.vector[a], s.squared[a].squareRoot(), value) }
                            }
                        }
                    }
                }
                for i in 0..<n {
                    embedding[i] = terms.withUnsafeMutableBufferPointer { tb in
                        adjoints.withUnsafeMutableBufferPointer { ab in
                            MEAMDensityTerms(tb.baseAddress! + i * width)
                                .embed(parameters, type[i], adjoint: MEAMDensityTerms(ab.baseAddress! + i * width))
                        }
                    }
                }
                return adjoints.withUnsafeMutableBufferPointer { ab in
                    let adjointBase = ab.baseAddress!
                    return ParallelEvaluation.run(count: n, volume: structure.cell.volume, wanted: wanted,
                                                  balance: neighbors.rowStarts) { range, sink in
                        var s = MEAMNeighbors(capacity: widest)
                        for i in range {
                            sink.addEnergy(i, embedding[i])
                            s.gather(i, loop: loop, type: type, reach: cutoff)
                            let adjoint = MEAMDensityTerms(adjointBase + i * width)
                            let ti = type[i]
                            for a in 0..<s.count where s.squared[a] < parameters.rc * parameters.rc {
                                let (value, dValue) = screening(ti, a, &s, gradients: true)
                                guard value != 0 else { continue }
                                let tj = s.type[a], d = s.vector[a], r = s.squared[a].squareRoot()
                                let (phi, dPhi) = tables[ti * parameters.count + tj](r)
                                sink.addEnergy(i, 0.5 * phi * value)
                                var (w, g) = adjoint.pullBack(parameters, tj, d, r, value)
                                w += 0.5 * phi
                                g += (0.5 * value * dPhi / r) * d
                                sink.add(i, s.atom[a], d: d, gradient: g + w * dValue)
                                for m in 0..<s.screenerCount {
                                    let k = s.screener[m]
                                    sink.add(i, s.atom[k], d: s.vector[k], gradient: w * s.screenerGradient[m])
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// s_ij = S_ij f_c((r_c − r)/Δr) for neighbour `a` of an atom of element `ti`, and
    /// with `gradients` ∂s/∂d_ij (returned) and ∂s/∂d_ik of each screening atom k (in
    /// `s.screener…`).
    @inline(__always)
    func screening(_ ti: Int, _ a: Int, _ s: inout MEAMNeighbors, gradients: Bool) -> (value: Double, gradient: SIMD3<Double>) {
        let p = parameters
        let tj = s.type[a], u = s.vector[a], r2 = s.squared[a]
        let bound = p.ellipseBound[p.pair(ti, tj)] * r2
        let tripletBase = p.pair(ti, tj) * p.count
        var product = 1.0
        s.screenerCount = 0
        for k in 0..<s.count where k != a {
            let rik2 = s.squared[k]
            guard rik2 <= bound else { continue }
            let v = s.vector[k], w = v - u
            let rjk2 = lengthSquared(w)
            guard rjk2 <= bound else { continue }
            let x = rik2 / r2, y = rjk2 / r2, diff = x - y
            let ellipse = 1 - diff * diff
            guard ellipse > 0 else { continue }
            let c = (2 * (x + y) + ellipse - 2) / ellipse
            let cmax = p.cmax[tripletBase + s.type[k]], cmin = p.cmin[tripletBase + s.type[k]]
            if c >= cmax { continue }
            if c <= cmin { return (0, .zero) }
            let width = cmax - cmin
            let (f, df) = MEAMMath.smoothStepDerivative((c - cmin) / width)
            product *= f
            if gradients {
                // ∂ ln S_ikj/∂C, then C through x = r_ik²/r_ij² and y = r_jk²/r_ij².
                let dLog = df / (width * f)
                let cx = (2 - 2 * (1 - c) * diff) / ellipse, cy = (2 + 2 * (1 - c) * diff) / ellipse
                s.screener[s.screenerCount] = k
                s.screenerGradient[s.screenerCount] = (dLog * 2 / r2) * (cx * v + cy * w)
                s.pairGradient[s.screenerCount] = (dLog * -2 / r2) * ((cx * x + cy * y) * u + cy * w)
                s.screenerCount += 1
            }
        }
        let r = r2.squareRoot()
        let (fc, dfc) = MEAMMath.smoothStepDerivative((p.rc - r) / p.delr)
        let value = product * fc
        guard gradients, value != 0 else { return (value, .zero) }
        var gradient = (-product * dfc / (p.delr * r)) * u
        for m in 0..<s.screenerCount {
            gradient += value * s.pairGradient[m]
            s.screenerGradient[m] *= value
        }
        return (value, gradient)
    }
}

/// Scratch for one atom's neighbours within the MEAM reach, reused for every atom.
struct MEAMNeighbors {
    var count = 0
    var atom: [Int], type: [Int]
    var vector: [SIMD3<Double>]
    var squared: [Double]
    /// For the current bond: the neighbours k that screen it, ∂s/∂d_ik, and ∂ln S/∂d_ij from each.
    var screenerCount = 0
    var screener: [Int]
    var screenerGradient: [SIMD3<Double>], pairGradient: [SIMD3<Double>]

    init(capacity: Int) {
        atom = Array(repeating: 0, count: capacity)
        type = atom
        screener = atom
        vector = Array(repeating: .zero, count: capacity)
        screenerGradient = vector
        pairGradient = vector
        squared = Array(repeating: 0, count: capacity)
    }

    /// Collects the neighbours of atom i within `reach` Å.
    @inline(__always)
    mutating func gather(_ i: Int, loop: PairLoop, type types: UnsafeBufferPointer<Int>, reach: Double) {
        count = 0
        let reach2 = reach * reach
        for k in loop.range(of: i) {
            let d = loop.displacement(k, from: loop.positions[i])
            let r2 = lengthSquared(d)
            guard r2 < reach2 else { continue }
            let j = loop.neighbor(k)
            atom[count] = j
            type[count] = types[j]
            vector[count] = d
            squared[count] = r2
            count += 1
        }
    }
}

extension MEAM {
    /// Whether `file` looks like a LAMMPS MEAM library file: its first entry is a quoted
    /// label followed by a quoted reference structure.
    static func isLibraryFile(_ file: TextFile) -> Bool {
        let words = file.lines.lazy
            .map { $0.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "" }
            .flatMap { $0.split(whereSeparator: \.isWhitespace) }
            .prefix(2)
        let first = Array(words)
        return first.count == 2 && first.allSatisfy { $0.count >= 3 && $0.hasPrefix("'") && $0.hasSuffix("'") }
    }
}

import Atoms
import Neighbors
import Potentials

/// One loaded potential and the buffers of its evaluations on a LAMMPS domain (the atoms a
/// process owns plus its ghost atoms), kept from step to step: after the first steps the
/// positions, elements and neighbor rows are rewritten in place, without allocating per
/// atom. What the potential itself allocates per evaluation (its O(N) force and energy
/// buffers, as in `props md`) is the same as in props.
final class LAMMPSDomain {
    let potential: DomainPotential
    /// Element of each LAMMPS type (index type − 1), set by `mapTypes`.
    var typeElements: [Element] = []
    /// The domain's atoms (cell unused).
    var atoms = Structure(cell: Cell(.identity), positions: [], elements: [])
    /// Compressed rows of the owned atoms, rebuilt every step from LAMMPS's list.
    var start: [Int] = []
    var index: [Int32] = []
    /// Descriptor values outside the training range since the last `takeExtrapolations`.
    var extrapolations = 0

    init(_ potential: DomainPotential) { self.potential = potential }

    /// Maps LAMMPS types 1...n to the potential's elements by symbol (`pair_coeff * * FILE El1 El2 ...`).
    func mapTypes(_ symbols: [String]) throws {
        typeElements = try symbols.enumerated().map { k, s in
            guard let e = Element(symbol: s), potential.species.contains(e) else {
                throw InputError("pair_coeff: type \(k + 1) is '\(s)', which \(potential.name) does not describe (it has "
                                 + potential.species.map(\.symbol).joined(separator: " ") + ")")
            }
            return e
        }
    }

    /// LAMMPS's arrays, as the C interface receives them.
    struct Arrays {
        var owned: Int
        var all: Int
        /// 3 per atom, Å.
        var x: UnsafePointer<Double>
        /// LAMMPS types, 1-based.
        var type: UnsafePointer<Int32>
        /// LAMMPS's full list (nil: props builds its own from the positions).
        var list: (ilist: UnsafePointer<Int32>, numneigh: UnsafePointer<Int32>,
                   firstneigh: UnsafePointer<UnsafeMutablePointer<Int32>?>, count: Int, mask: Int32)?
    }

    /// Evaluates the domain; returns the energy of the owned atoms' rows (eV), adds forces
    /// (eV/Å, 3 per atom, owned and ghost) to `f`, per-atom energies to `eatom` and per-atom
    /// virials (6 per atom, owned and ghost) to `vatom` when given, and writes LAMMPS's
    /// virial Σ r ⊗ f = −W (eV; xx yy zz xy xz yz) into `virial`. A potential without an
    /// energy (forces only: AGNI, direct-force networks) gives energy 0 and virials 0.
    func evaluate(_ a: Arrays, f: UnsafeMutablePointer<Double>, eatom: UnsafeMutablePointer<Double>?,
                  vatom: UnsafeMutablePointer<Double>?, virial: UnsafeMutablePointer<Double>) throws -> Double {
        try fill(a)
        let list: NeighborList
        if let l = a.list {
            rows(l, owned: a.owned)
            list = NeighborList(openRows: start, index: index, count: a.all, cutoff: potential.cutoff)
        } else {
            list = NeighborList(openBoundary: atoms.positions, rowCount: a.owned, cutoff: potential.cutoff)
        }
        var wanted: Quantities = [.energy, .forces, .stress]
        if eatom != nil { wanted.insert(.perAtomEnergies) }
        if vatom != nil { wanted.insert(.perAtomVirials) }
        let e = try potential.evaluateDomain(atoms, owned: a.owned, neighbors: list, wanted: wanted)
        extrapolations += e.extrapolations ?? 0
        if let forces = e.forces {
            for i in 0..<a.all {
                f[3 * i] += forces[i].x
                f[3 * i + 1] += forces[i].y
                f[3 * i + 2] += forces[i].z
            }
        }
        if let eatom, let energies = e.perAtomEnergies {
            for i in 0..<a.all { eatom[i] += energies[i] }
        }
        if let vatom, let virials = e.perAtomVirials {
            // LAMMPS's many-body styles tally x_ij f_y for xy (the lower triangle of W).
            for i in 0..<a.all { Self.addVirial(virials[i].transpose, to: vatom + 6 * i) }
        }
        for k in 0..<6 { virial[k] = 0 }
        Self.addVirial(e.stress ?? .zero, to: virial)
        return e.energy ?? 0
    }

    /// Adds LAMMPS's virial −W (xx yy zz xy xz yz) of a strain derivative W (eV) to `v`.
    static func addVirial(_ w: Matrix3, to v: UnsafeMutablePointer<Double>) {
        v[0] -= w[0, 0]
        v[1] -= w[1, 1]
        v[2] -= w[2, 2]
        v[3] -= w[0, 1]
        v[4] -= w[0, 2]
        v[5] -= w[1, 2]
    }

    /// Copies positions and elements into `atoms`, in place when the count is unchanged.
    func fill(_ a: Arrays) throws {
        if atoms.count != a.all {
            atoms.positions = [SIMD3<Double>](repeating: .zero, count: a.all)
            atoms.elements = [Element](repeating: typeElements.first ?? Element(symbol: "H")!, count: a.all)
            atoms.masses = [Double](repeating: 1, count: a.all)
        }
        let types = typeElements.count
        for i in 0..<a.all {
            let t = Int(a.type[i])
            guard t >= 1 && t <= types else {
                throw InputError("atom \(i + 1) has LAMMPS type \(t), but pair_coeff mapped types 1...\(types)")
            }
            atoms.positions[i] = SIMD3(a.x[3 * i], a.x[3 * i + 1], a.x[3 * i + 2])
            atoms.elements[i] = typeElements[t - 1]
        }
    }

    /// Compressed rows of the owned atoms from LAMMPS's full list (neighbor indices masked).
    func rows(_ l: (ilist: UnsafePointer<Int32>, numneigh: UnsafePointer<Int32>,
                    firstneigh: UnsafePointer<UnsafeMutablePointer<Int32>?>, count: Int, mask: Int32), owned: Int) {
        start.removeAll(keepingCapacity: true)
        start.append(contentsOf: repeatElement(0, count: owned + 1))
        for ii in 0..<l.count {
            let i = Int(l.ilist[ii])
            if i < owned { start[i + 1] = Int(l.numneigh[i]) }
        }
        for i in 0..<owned { start[i + 1] += start[i] }
        index.removeAll(keepingCapacity: true)
        index.append(contentsOf: repeatElement(0, count: start[owned]))
        for ii in 0..<l.count {
            let i = Int(l.ilist[ii])
            guard i < owned, let row = l.firstneigh[i] else { continue }
            for jj in 0..<Int(l.numneigh[i]) { index[start[i] + jj] = row[jj] & l.mask }
        }
    }
}

import Atoms
import Neighbors

/// A potential that can evaluate a piece of a larger system, as a LAMMPS process holds it:
/// the atoms it owns (`0..<owned`) and, after them, ghost atoms — periodic images and other
/// processes' atoms — with open boundaries, in a `Structure` whose cell is not used.
///
/// The domain energy is the part of the total energy attributed to the owned atoms' rows
/// of a full neighbor list (`NeighborList(openRows:…)`, ghost rows empty): the potential's
/// atomic energies E_i for i < owned, where E_i depends only on atoms within the cutoff of
/// i. Its gradient gives forces on owned **and** ghost atoms; the domains' energies, their
/// forces added back onto the owners of the ghosts, and their virials sum to those of the
/// whole system (LAMMPS with `newton_pair on`). The `stress` of the result is the strain
/// derivative W = Σ g ⊗ d, eV (not divided by a volume); per-atom energies may be
/// non-zero on ghosts (LAMMPS adds them back as it adds forces).
public protocol DomainPotential: Potential {
    /// Evaluates the domain energy and its gradients (see the protocol).
    func evaluateDomain(_ atoms: Structure, owned: Int, neighbors: NeighborList, wanted: Quantities) throws -> Evaluation
}

/// A potential whose evaluation with a full list attributes to row i every gradient of the
/// energy terms computed on that row, each term depending only on the atoms in the row
/// (Stillinger–Weber and Tersoff: i's pair and three-body terms; SNAP, ML-IAP, GAP, MEAM,
/// Lennard-Jones with a full list: E_i of i's neighborhood; forces-only models (AGNI,
/// direct-force networks): the force on i from i's neighborhood), and that visits only the
/// atoms with rows (`NeighborList.rowStarts`). Its ordinary evaluation of a domain, ghosts
/// without rows, is then the domain evaluation: the one generic path of `pair_style props`.
public protocol RowLocalPotential: DomainPotential {}

public extension RowLocalPotential {
    func evaluateDomain(_ atoms: Structure, owned: Int, neighbors: NeighborList, wanted: Quantities) throws -> Evaluation {
        try evaluateRows(atoms, neighbors: neighbors, wanted: wanted)
    }

    /// The ordinary evaluation of the domain as a cluster, with the volume set to 1 so the
    /// stress is the strain derivative.
    func evaluateRows(_ atoms: Structure, neighbors: NeighborList, wanted: Quantities) throws -> Evaluation {
        precondition(neighbors.kind == .full, "a domain is evaluated with a full list")
        return try evaluate(atoms.withUnitCell, neighbors: neighbors, wanted: wanted)
    }
}

extension Structure {
    /// The same atoms in a unit cube: a domain's evaluation then reports the strain
    /// derivative W (eV) as its stress W/V.
    var withUnitCell: Structure {
        var s = self
        s.cell = Cell(.identity)
        return s
    }
}

extension StillingerWeber: RowLocalPotential {}
extension Tersoff: RowLocalPotential {}
extension BispectrumPotential: RowLocalPotential {}
extension PowerSpectrumPotential: RowLocalPotential {}
extension GAP: RowLocalPotential {}
extension MEAM: RowLocalPotential {}
extension AGNI: RowLocalPotential {}
extension DirectForceNetwork: RowLocalPotential {}
extension LennardJones: RowLocalPotential {}

import Atoms
import Foundation
import Neighbors

/// The rotation-covariant input of a direct-force network (after N. Kuritz, G. Gordon and
/// A. Natan, Phys. Rev. B 98, 094109 (2018)): the neighbours of an atom within the cutoff,
/// sorted by distance, the first N_nb of them, written in a local frame that turns with the
/// environment.
///
/// The frame: e₁ points to the nearest neighbour; e₂ is the part of the next neighbour (in
/// distance order) that is not nearly parallel to e₁ (sin θ > 0.1), normalised, orthogonal to
/// e₁; e₃ = e₁ × e₂. Neighbour k (0-based, by distance) gives inputs 3k..3k+2,
/// (e₁·d, e₂·d, e₃·d) f_c(r)/r with d = r_j − r_i and f_c(r) = ½(cos(π r/R_c) + 1): a unit
/// vector weighted by the cosine cutoff, so an atom crossing the cutoff enters at zero.
/// Fewer than N_nb neighbours leave zeros. The network's outputs are the force components
/// along e₁, e₂, e₃, turned back into the lab frame.
///
/// Exact distance ties (perfect lattices) are broken by neighbour-list order, so the frame
/// there is one of the equivalent choices, not a covariant one.
public struct LocalEnvironment: Sendable, Equatable {
    /// N_nb.
    public let neighbours: Int
    /// R_c, Å.
    public let cutoff: Double

    public init(neighbours: Int, cutoff: Double) {
        self.neighbours = neighbours
        self.cutoff = cutoff
    }

    /// Network inputs: 3 N_nb.
    public var inputCount: Int { 3 * neighbours }

    /// An orthonormal frame: rows e₁, e₂, e₃ in lab coordinates.
    public struct Axes: Sendable, Equatable {
        public var e1: SIMD3<Double>, e2: SIMD3<Double>, e3: SIMD3<Double>

        /// Components of lab vector `v` in this frame.
        @inline(__always)
        public func local(_ v: SIMD3<Double>) -> SIMD3<Double> {
            SIMD3((e1 * v).sum(), (e2 * v).sum(), (e3 * v).sum())
        }

        /// The lab vector of local components `c`.
        @inline(__always)
        public func lab(_ c: SIMD3<Double>) -> SIMD3<Double> { c.x * e1 + c.y * e2 + c.z * e3 }

        public static let identity = Axes(e1: SIMD3(1, 0, 0), e2: SIMD3(0, 1, 0), e3: SIMD3(0, 0, 1))
    }

    /// Sorts the first N_nb of `count` displacements `d` (r_j − r_i, Å, all inside the cutoff)
    /// to the front of the buffer by distance (a partial insertion sort, no allocation), writes
    /// the 3 N_nb inputs into `input` and returns the frame.
    public func encode(_ d: UnsafeMutablePointer<SIMD3<Double>>, count: Int,
                       into input: UnsafeMutablePointer<Double>) -> Axes {
        let kept = min(count, neighbours)
        // Selection of the kept nearest, each inserted into the sorted front.
        for j in 0..<count {
            let v = d[j], r2 = (v * v).sum()
            var k = min(j, kept)
            if k == kept && r2 >= (d[kept - 1] * d[kept - 1]).sum() { continue }
            if k == kept { k -= 1; d[j] = d[k] }
            while k > 0 && (d[k - 1] * d[k - 1]).sum() > r2 {
                d[k] = d[k - 1]
                k -= 1
            }
            d[k] = v
        }
        let axes = frame(d, count: kept)
        for k in 0..<neighbours {
            guard k < kept else {
                input[3 * k] = 0; input[3 * k + 1] = 0; input[3 * k + 2] = 0
                continue
            }
            let r = (d[k] * d[k]).sum().squareRoot()
            let c = axes.local(d[k]) * (0.5 * (cos(Double.pi * r / cutoff) + 1) / r)
            input[3 * k] = c.x; input[3 * k + 1] = c.y; input[3 * k + 2] = c.z
        }
        return axes
    }

    /// A unit vector perpendicular to unit vector `e`: the lab axis least parallel to it,
    /// with its part along `e` removed.
    static func perpendicular(to e: SIMD3<Double>) -> SIMD3<Double> {
        let a = SIMD3<Double>(abs(e.x), abs(e.y), abs(e.z))
        let axis: SIMD3<Double> = a.x <= a.y && a.x <= a.z ? SIMD3(1, 0, 0) : a.y <= a.z ? SIMD3(0, 1, 0) : SIMD3(0, 0, 1)
        let p = axis - (e * axis).sum() * e
        return p / (p * p).sum().squareRoot()
    }

    /// The frame of the sorted displacements `d[0..<count]`.
    func frame(_ d: UnsafePointer<SIMD3<Double>>, count: Int) -> Axes {
        guard count > 0 else { return .identity }
        let e1 = d[0] / (d[0] * d[0]).sum().squareRoot()
        var e2: SIMD3<Double>?
        for k in 1..<count {
            let p = d[k] - (e1 * d[k]).sum() * e1
            let n2 = (p * p).sum()
            if n2 > 0.01 * (d[k] * d[k]).sum() { e2 = p / n2.squareRoot(); break }
        }
        // All neighbours (nearly) on one line: any axis perpendicular to e₁ (not covariant;
        // the force of such an environment lies along e₁).
        let second = e2 ?? Self.perpendicular(to: e1)
        let e3 = SIMD3<Double>(e1.y * second.z - e1.z * second.y, e1.z * second.x - e1.x * second.z,
                               e1.x * second.y - e1.y * second.x)
        return Axes(e1: e1, e2: second, e3: e3)
    }
}

public extension LocalEnvironment {
    /// Writes the displacements r_j − r_i (Å) of atom i's neighbours inside the cutoff into
    /// `d` (room for `loop.range(of: i).count`) and returns how many there are.
    @inline(__always)
    func gather(_ loop: PairLoop, atom i: Int, into d: UnsafeMutablePointer<SIMD3<Double>>) -> Int {
        let xi = loop.positions[i], rc2 = cutoff * cutoff
        var count = 0
        for n in loop.range(of: i) {
            let v = loop.displacement(n, from: xi)
            let r2 = (v * v).sum()
            guard r2 > 0, r2 < rc2 else { continue }
            d[count] = v
            count += 1
        }
        return count
    }

    /// Every atom's inputs (`inputCount` per atom, atom by atom) and frame in `structure`.
    func encode(_ structure: Structure) throws -> (inputs: [Double], axes: [Axes]) {
        let list = try NeighborList(structure, cutoff: cutoff, kind: .full)
        var inputs = [Double](repeating: 0, count: structure.count * inputCount)
        var axes = [Axes](repeating: .identity, count: structure.count)
        list.withLoop(structure.positions) { loop in
            let widest = (0..<structure.count).map { loop.range(of: $0).count }.max() ?? 0
            var d = [SIMD3<Double>](repeating: .zero, count: max(widest, 1))
            d.withUnsafeMutableBufferPointer { d in
                inputs.withUnsafeMutableBufferPointer { x in
                    for i in 0..<structure.count {
                        let count = gather(loop, atom: i, into: d.baseAddress!)
                        axes[i] = encode(d.baseAddress!, count: count, into: x.baseAddress! + i * inputCount)
                    }
                }
            }
        }
        return (inputs, axes)
    }
}

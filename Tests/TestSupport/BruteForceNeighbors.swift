import Atoms

/// All pairs (i, j, image) within `cutoff`, found by trying every periodic image in a box
/// large enough for the cell: O(N² × images), obviously right, for testing the fast list.
public func bruteForcePairs(_ s: Structure, cutoff: Double) -> [(i: Int, j: Int, d: SIMD3<Double>)] {
    let heights = s.cell.faceDistances
    let reach = (0..<3).map { Int((cutoff / heights[$0]).rounded(.up)) + 1 }
    // Wrapped positions give the same displacement vectors and keep the image box small.
    let wrapped = s.positions.map { s.cell.wrap($0) }
    var out: [(Int, Int, SIMD3<Double>)] = []
    for i in 0..<s.count {
        for j in 0..<s.count {
            for a in -reach[0]...reach[0] { for b in -reach[1]...reach[1] { for c in -reach[2]...reach[2] {
                if i == j && a == 0 && b == 0 && c == 0 { continue }
                let shift = s.cell.cartesian(SIMD3(Double(a), Double(b), Double(c)))
                let d = wrapped[j] + shift - wrapped[i]
                if length(d) < cutoff { out.append((i, j, d)) }
            }}}
        }
    }
    return out
}

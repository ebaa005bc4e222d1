extension DescriptorSet {
    /// Per-thread buffers for one set, for atoms of up to `capacity` neighbours: per
    /// neighbour, the cutoff functions, Gaussians and radial slopes; per neighbour pair of
    /// the angular functions, its slots and `pairColumnCount` doubles in columns (grown
    /// as needed).
    final class Scratch {
        /// f_c, f_c' and the Gaussians of the neighbours, one column per cutoff or Gaussian.
        private let cutoffValues: UnsafeMutablePointer<Double>, cutoffSlopes: UnsafeMutablePointer<Double>
        private let gaussianValues: UnsafeMutablePointer<Double>
        /// Neighbour slots per column of the per-neighbour tables (`fc`, `dfc`, `gauss`).
        let slots: Int
        /// ∂G/∂r of radial function q for neighbour s at `s * radial.count + q`.
        let radialSlope: UnsafeMutablePointer<Double>
        /// One entry per (run, power) of the angular functions: sums over neighbour pairs in
        /// the first pass, the weights of the functions in the second.
        let runPower: UnsafeMutablePointer<Double>
        let chebyshev: UnsafeMutablePointer<Double>, chebyshevSlope: UnsafeMutablePointer<Double>
        /// `AngularMoments`: the monomials of each neighbour (row s at `s * basis.padded`); per
        /// channel the moments M_α and D, their weights Λ_α = ∂E/∂M_α and Δ = ∂E/∂D, and five
        /// rows of `basis.padded` made from Λ (`momentGradients`); per run the sums S_n (first
        /// pass) or their weights (second).
        let monomials: UnsafeMutablePointer<Double>, moments: UnsafeMutablePointer<Double>
        let momentDiagonal: UnsafeMutablePointer<Double>, momentSlope: UnsafeMutablePointer<Double>
        let momentDiagonalSlope: UnsafeMutablePointer<Double>, momentRun: UnsafeMutablePointer<Double>
        let momentTable: UnsafeMutablePointer<Double>
        /// The neighbour slots within one species pair's angular reach (`gatherPairs`).
        let near: UnsafeMutablePointer<Int>
        /// The neighbour pairs (j, k) kept by the last `evaluate`, species pair by species
        /// pair: those of species pair p are `pairStart[p]..<pairStart[p + 1]`.
        private(set) var pairs: UnsafeMutablePointer<SIMD2<Int32>>
        let pairStart: UnsafeMutablePointer<Int>
        var pairCount: Int { pairStart[speciesPairs] }
        private var columns: UnsafeMutablePointer<Double>
        private var pairCapacity = 0
        private let columnCount: Int, speciesPairs: Int

        init(_ set: DescriptorSet, capacity: Int) {
            slots = max(1, capacity)
            cutoffValues = .allocate(capacity: slots * max(1, set.cutoffs.count))
            cutoffSlopes = .allocate(capacity: slots * max(1, set.cutoffs.count))
            gaussianValues = .allocate(capacity: slots * max(1, set.gaussians.count))
            radialSlope = .allocate(capacity: slots * max(1, set.radial.count))
            near = .allocate(capacity: slots)
            runPower = .allocate(capacity: max(1, set.runs.count * set.powers.count))
            let order = set.chebyshev.map { max($0.basis.radialOrder, $0.basis.angularOrder) }.max() ?? 0
            chebyshev = .allocate(capacity: order + 1)
            chebyshevSlope = .allocate(capacity: order + 1)
            let mo = set.moments, nm = mo.basis.count
            monomials = .allocate(capacity: slots * mo.basis.padded)
            moments = .allocate(capacity: max(1, mo.channels.count * nm))
            momentSlope = .allocate(capacity: max(1, mo.channels.count * nm))
            momentDiagonal = .allocate(capacity: max(1, mo.channels.count))
            momentDiagonalSlope = .allocate(capacity: max(1, mo.channels.count))
            momentRun = .allocate(capacity: max(1, mo.runs.count * (mo.basis.degree + 1)))
            momentTable = .allocate(capacity: max(1, mo.channels.count * 5 * mo.basis.padded))
            speciesPairs = set.speciesCount * set.speciesCount
            pairStart = .allocate(capacity: speciesPairs + 1)
            pairStart.initialize(repeating: 0, count: speciesPairs + 1)
            columnCount = set.pairColumnCount
            pairs = .allocate(capacity: 1)
            columns = .allocate(capacity: columnCount)
        }

        /// f_c (r_s) of cutoff c for each neighbour slot s.
        @inline(__always)
        func fc(_ c: Int) -> UnsafeMutablePointer<Double> { cutoffValues + c * slots }
        /// f_c'(r_s) of cutoff c, 1/Å.
        @inline(__always)
        func dfc(_ c: Int) -> UnsafeMutablePointer<Double> { cutoffSlopes + c * slots }
        /// exp(−η (r_s − r_s⁰)²) of Gaussian g.
        @inline(__always)
        func gauss(_ g: Int) -> UnsafeMutablePointer<Double> { gaussianValues + g * slots }

        /// Room for `n` neighbour pairs.
        func reservePairs(_ n: Int) {
            guard n > pairCapacity else { return }
            pairs.deallocate()
            columns.deallocate()
            pairCapacity = max(n, 2 * pairCapacity)
            pairs = .allocate(capacity: pairCapacity)
            columns = .allocate(capacity: pairCapacity * columnCount)
        }

        /// Column c of the neighbour-pair table (entries `0..<pairCount`); column c + i
        /// starts `i * columnStride` further on.
        @inline(__always)
        func column(_ c: Int) -> UnsafeMutablePointer<Double> { columns + c * pairCapacity }
        var columnStride: Int { pairCapacity }

        deinit {
            cutoffValues.deallocate(); cutoffSlopes.deallocate(); gaussianValues.deallocate(); radialSlope.deallocate(); runPower.deallocate()
            near.deallocate()
            chebyshev.deallocate(); chebyshevSlope.deallocate(); pairs.deallocate(); pairStart.deallocate()
            columns.deallocate()
            monomials.deallocate(); moments.deallocate(); momentSlope.deallocate(); momentDiagonal.deallocate()
            momentDiagonalSlope.deallocate(); momentRun.deallocate(); momentTable.deallocate()
        }
    }

    func makeScratch(capacity: Int) -> Scratch { Scratch(self, capacity: capacity) }
}

import Foundation

/// A parity plot: predicted against reference values for one or more series, with the
/// y = x line, equal axes, and the error statistics written in a corner.
public struct ParityPlot {
    public struct Series {
        public let name: String
        public let reference: [Double]
        public let predicted: [Double]
        public init(name: String, reference: [Double], predicted: [Double]) {
            self.name = name
            self.reference = reference
            self.predicted = predicted
        }
    }

    public var title: String
    /// Axis quantity with unit, e.g. "energy (meV/atom)".
    public var quantity: String
    public var series: [Series]
    /// Lines of text for the corner (e.g. "RMSE 6.9 meV/atom").
    public var notes: [String]

    public init(title: String, quantity: String, series: [Series], notes: [String] = []) {
        self.title = title
        self.quantity = quantity
        self.series = series
        self.notes = notes
    }

    /// At most this many points per series are drawn (evenly thinned), to keep files small.
    public static let maximumPoints = 4000

    public func svg(size: Double = 420) -> String {
        var doc = SVGDocument(width: size, height: size)
        let left = 62.0, top = 36.0, right = size - 16, bottom = size - 50
        let values = series.flatMap { $0.reference + $0.predicted }.filter(\.isFinite)
        var lo = values.min() ?? 0, hi = values.max() ?? 1
        let pad = 0.04 * max(hi - lo, 1e-12)
        lo -= pad
        hi += pad
        let x = LinearScale(domain: (lo, hi), range: (left, right))
        let y = LinearScale(domain: (lo, hi), range: (bottom, top))
        doc.text(title, size / 2, 22, size: 14)
        let ticks = x.ticks(5)
        let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
        for t in ticks {
            doc.line(x(t), top, x(t), bottom, stroke: "#eee")
            doc.line(left, y(t), right, y(t), stroke: "#eee")
            doc.text(LinearScale.label(t, step: step), x(t), bottom + 16, size: 10)
            doc.text(LinearScale.label(t, step: step), left - 5, y(t) + 4, size: 10, anchor: .end)
        }
        doc.line(x(lo), y(lo), x(hi), y(hi), stroke: "#999", dash: "4,3")
        for (k, s) in series.enumerated() {
            let color = Palette.colors[k % Palette.colors.count]
            let stride = max(1, s.reference.count / Self.maximumPoints)
            for i in Swift.stride(from: 0, to: s.reference.count, by: stride) where s.reference[i].isFinite && s.predicted[i].isFinite {
                doc.circle(x(s.reference[i]), y(s.predicted[i]), r: 1.8, fill: color)
            }
            if series.count > 1 { doc.text(s.name, right - 6, bottom - 10 - 14 * Double(series.count - 1 - k), size: 11, anchor: .end, fill: color) }
        }
        for (k, note) in notes.enumerated() { doc.text(note, left + 6, top + 14 + 13 * Double(k), size: 10.5, anchor: .start) }
        doc.rect(left, top, right - left, bottom - top)
        doc.text("reference \(quantity)", (left + right) / 2, size - 14, size: 12)
        doc.text("predicted \(quantity)", 16, (top + bottom) / 2, size: 12, rotate: -90)
        return doc.text
    }
}

/// A histogram of errors (prediction − reference) for one or more series, as outlines.
public struct ErrorHistogram {
    public var title: String
    public var quantity: String
    public var series: [(name: String, errors: [Double])]
    public var bins: Int

    public init(title: String, quantity: String, series: [(name: String, errors: [Double])], bins: Int = 40) {
        self.title = title
        self.quantity = quantity
        self.series = series
        self.bins = bins
    }

    public func svg(width: Double = 460, height: Double = 320) -> String {
        var doc = SVGDocument(width: width, height: height)
        let left = 56.0, top = 36.0, right = width - 16, bottom = height - 46
        let all = series.flatMap(\.errors).filter(\.isFinite)
        let extent = max(all.map(abs).max() ?? 1, 1e-12)
        let edges = (0...bins).map { -extent + 2 * extent * Double($0) / Double(bins) }
        let counts = series.map { s -> [Double] in
            var c = [Double](repeating: 0, count: bins)
            for e in s.errors where e.isFinite { c[min(bins - 1, max(0, Int((e / extent + 1) / 2 * Double(bins))))] += 1 }
            let total = max(1.0, c.reduce(0, +))
            return c.map { $0 / total }
        }
        let x = LinearScale(domain: (-extent, extent), range: (left, right))
        let y = LinearScale(domain: (0, (counts.flatMap { $0 }.max() ?? 1) * 1.1), range: (bottom, top))
        doc.text(title, width / 2, 22, size: 14)
        let ticks = x.ticks(6)
        let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
        for t in ticks { doc.text(LinearScale.label(t, step: step), x(t), bottom + 16, size: 10) }
        doc.line(x(0), top, x(0), bottom, stroke: "#999", dash: "4,3")
        for (k, c) in counts.enumerated() {
            var points: [(Double, Double)] = [(x(edges[0]), y(0))]
            for b in 0..<bins { points += [(x(edges[b]), y(c[b])), (x(edges[b + 1]), y(c[b]))] }
            points.append((x(edges[bins]), y(0)))
            let color = Palette.colors[k % Palette.colors.count]
            doc.polyline(points, stroke: color, width: 1.4)
            doc.text(series[k].name, right - 6, top + 14 + 14 * Double(k), size: 11, anchor: .end, fill: color)
        }
        doc.rect(left, top, right - left, bottom - top)
        doc.text("error \(quantity)", (left + right) / 2, height - 12, size: 12)
        doc.text("fraction", 16, (top + bottom) / 2, size: 12, rotate: -90)
        return doc.text
    }
}

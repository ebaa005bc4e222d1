import Foundation

/// One panel of x–y curves and points with ticks, axis labels and a legend, drawn into a
/// region of an `SVGDocument` (several panels make a multi-panel figure).
public struct LinePlot {
    public struct Series {
        public let name: String
        public let x: [Double]
        public let y: [Double]
        /// Points drawn as circles instead of a line.
        public let points: Bool
        public let dash: String?
        /// Index into `Palette.colors`.
        public let color: Int

        public init(name: String, x: [Double], y: [Double], points: Bool = false, dash: String? = nil, color: Int) {
            self.name = name
            self.x = x
            self.y = y
            self.points = points
            self.dash = dash
            self.color = color
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [Series]
    /// Vertical marker lines (x, colour index).
    public var markers: [(x: Double, color: Int)] = []
    /// x range to show; nil: the data's.
    public var xRange: (Double, Double)?
    /// At most this many points per line are drawn (evenly thinned).
    public static let maximumPoints = 1500

    public init(title: String, xLabel: String, yLabel: String, series: [Series]) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
    }

    /// Draws the panel in the rectangle (left, top, width, height) of `doc`.
    public func draw(into doc: inout SVGDocument, left x0: Double, top y0: Double, width: Double, height: Double) {
        let left = x0 + 58, top = y0 + 28, right = x0 + width - 12, bottom = y0 + height - 40
        let xs = series.flatMap(\.x).filter(\.isFinite), ys = series.flatMap(\.y).filter(\.isFinite)
        let xr = xRange ?? (xs.min() ?? 0, xs.max() ?? 1)
        let ylo = ys.min() ?? 0, yhi = ys.max() ?? 1, pad = 0.05 * max(yhi - ylo, 1e-12)
        let x = LinearScale(domain: xr, range: (left, right))
        let y = LinearScale(domain: (ylo - pad, yhi + pad), range: (bottom, top))
        doc.text(title, (left + right) / 2, y0 + 18, size: 13)
        for (ticks, horizontal) in [(x.ticks(6), true), (y.ticks(5), false)] {
            let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
            for t in ticks {
                let label = LinearScale.label(t, step: step)
                if horizontal {
                    doc.line(x(t), top, x(t), bottom, stroke: "#eee")
                    doc.text(label, x(t), bottom + 15, size: 10)
                } else {
                    doc.line(left, y(t), right, y(t), stroke: "#eee")
                    doc.text(label, left - 5, y(t) + 4, size: 10, anchor: .end)
                }
            }
        }
        for m in markers where m.x >= xr.0 && m.x <= xr.1 {
            doc.line(x(m.x), top, x(m.x), bottom, stroke: Palette.colors[m.color % Palette.colors.count], dash: "3,3")
        }
        for (k, s) in series.enumerated() {
            let color = Palette.colors[s.color % Palette.colors.count]
            let pairs = zip(s.x, s.y).filter { $0.0.isFinite && $0.1.isFinite && $0.0 >= xr.0 && $0.0 <= xr.1 }
            if s.points {
                for (a, b) in pairs { doc.circle(x(a), y(b), r: 3, fill: color) }
            } else {
                let stride = max(1, pairs.count / Self.maximumPoints)
                doc.polyline(Swift.stride(from: 0, to: pairs.count, by: stride).map { (x(pairs[$0].0), y(pairs[$0].1)) },
                             stroke: color, dash: s.dash)
            }
            if !s.name.isEmpty { doc.text(s.name, left + 6, top + 13 + 13 * Double(k), size: 10.5, anchor: .start, fill: color) }
        }
        doc.rect(left, top, right - left, bottom - top)
        doc.text(xLabel, (left + right) / 2, y0 + height - 10, size: 11)
        doc.text(yLabel, x0 + 14, (top + bottom) / 2, size: 11, rotate: -90)
    }
}

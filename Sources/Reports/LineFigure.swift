import Foundation

/// Curves y(x) on shared axes with a legend: spectra, densities of states, time series.
public struct LineFigure {
    public struct Series {
        public let name: String
        public let x: [Double]
        public let y: [Double]
        public let dashed: Bool
        public init(name: String, x: [Double], y: [Double], dashed: Bool = false) {
            self.name = name
            self.x = x
            self.y = y
            self.dashed = dashed
        }
    }

    public var title: String
    /// Axis titles with units, e.g. "frequency (THz)".
    public var xLabel: String
    public var yLabel: String
    public var series: [Series]
    /// Vertical marker lines: position and the index of the series whose colour they take.
    public var markers: [(x: Double, series: Int)]

    public init(title: String, xLabel: String, yLabel: String, series: [Series], markers: [(x: Double, series: Int)] = []) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.markers = markers
    }

    /// The figure as SVG text; y starts at 0 when all values are non-negative.
    public func svg(width: Double = 720, height: Double = 440) -> String {
        var doc = SVGDocument(width: width, height: height)
        let left = 64.0, top = 40.0, right = width - 20, bottom = height - 50
        let xs = series.flatMap(\.x), ys = series.flatMap(\.y).filter(\.isFinite)
        let yMin = min(0, ys.min() ?? 0), yMax = (ys.max() ?? 1) * 1.05
        let x = LinearScale(domain: (xs.min() ?? 0, xs.max() ?? 1), range: (left, right))
        let y = LinearScale(domain: (yMin, yMax), range: (bottom, top))
        doc.text(title, (left + right) / 2, 24, size: 15)
        for (scale, horizontal) in [(x, false), (y, true)] {
            let ticks = scale.ticks(horizontal ? 6 : 8)
            let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
            for t in ticks {
                if horizontal {
                    doc.line(left, y(t), right, y(t), stroke: "#e5e5e5")
                    doc.text(LinearScale.label(t, step: step), left - 6, y(t) + 4, size: 11, anchor: .end)
                } else {
                    doc.line(x(t), top, x(t), bottom, stroke: "#e5e5e5")
                    doc.text(LinearScale.label(t, step: step), x(t), bottom + 16, size: 11)
                }
            }
        }
        doc.text(xLabel, (left + right) / 2, height - 12, size: 13)
        doc.text(yLabel, 18, (top + bottom) / 2, size: 13, rotate: -90)
        for m in markers {
            doc.line(x(m.x), top, x(m.x), bottom, stroke: Palette.colors[m.series % Palette.colors.count], width: 0.8, dash: "2,3")
        }
        for (k, s) in series.enumerated() {
            let color = Palette.colors[k % Palette.colors.count]
            doc.polyline(zip(s.x, s.y).filter { $0.1.isFinite }.map { (x($0.0), y($0.1)) }, stroke: color, width: 1.4,
                         dash: s.dashed ? "5,3" : nil)
            let ly = top + 14 + 16 * Double(k)
            doc.line(right - 190, ly, right - 166, ly, stroke: color, width: 2, dash: s.dashed ? "5,3" : nil)
            doc.text(s.name, right - 160, ly + 4, size: 11, anchor: .start)
        }
        doc.rect(left, top, right - left, bottom - top)
        return doc.text
    }
}

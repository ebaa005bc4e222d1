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
    /// Logarithmic y axis (decades; non-positive values are left out), e.g. learning curves.
    public var logY = false
    /// Start the y axis at zero when every value is non-negative (densities, spectra).
    public var yFromZero = false
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
        // Values as plotted: log10 on a logarithmic axis.
        let plotted: (Double) -> Double = logY ? { $0 > 0 ? log10($0) : .nan } : { $0 }
        let xs = series.flatMap(\.x).filter(\.isFinite), ys = series.flatMap(\.y).map(plotted).filter(\.isFinite)
        let xr = xRange ?? (xs.min() ?? 0, xs.max() ?? 1)
        var ylo = ys.min() ?? 0, yhi = ys.max() ?? 1
        if logY {
            ylo = ylo.rounded(.down)
            yhi = max(yhi.rounded(.up), ylo + 1)
        } else {
            let pad = 0.05 * max(yhi - ylo, 1e-12)
            ylo = yFromZero && ylo >= 0 ? 0 : ylo - pad
            yhi += pad
        }
        let x = LinearScale(domain: xr, range: (left, right))
        let y = LinearScale(domain: (ylo, yhi), range: (bottom, top))
        doc.text(title, (left + right) / 2, y0 + 18, size: 13)
        let xTicks = x.ticks(6), xStep = xTicks.count > 1 ? xTicks[1] - xTicks[0] : 1
        for t in xTicks {
            doc.line(x(t), top, x(t), bottom, stroke: "#eee")
            doc.text(LinearScale.label(t, step: xStep), x(t), bottom + 15, size: 10)
        }
        let yTicks = logY ? Array(stride(from: ylo, through: yhi, by: 1)) : y.ticks(5)
        let yStep = yTicks.count > 1 ? yTicks[1] - yTicks[0] : 1
        for t in yTicks {
            doc.line(left, y(t), right, y(t), stroke: "#eee")
            let label = logY ? String(format: "%g", pow(10, t)) : LinearScale.label(t, step: yStep)
            doc.text(label, left - 5, y(t) + 4, size: 10, anchor: .end)
        }
        for m in markers where m.x >= xr.0 && m.x <= xr.1 {
            doc.line(x(m.x), top, x(m.x), bottom, stroke: Palette.colors[m.color % Palette.colors.count], dash: "3,3")
        }
        for (k, s) in series.enumerated() {
            let color = Palette.colors[s.color % Palette.colors.count]
            let pairs = zip(s.x, s.y.map(plotted)).filter { $0.0.isFinite && $0.1.isFinite && $0.0 >= xr.0 && $0.0 <= xr.1 }
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

    /// Panels laid out in rows of `columns`, as one SVG document.
    public static func figure(_ panels: [LinePlot], columns: Int, panelWidth: Double = 520, panelHeight: Double = 330) -> String {
        let rows = (panels.count + columns - 1) / max(columns, 1)
        var doc = SVGDocument(width: panelWidth * Double(min(columns, panels.count)), height: panelHeight * Double(rows))
        for (k, panel) in panels.enumerated() {
            panel.draw(into: &doc, left: Double(k % columns) * panelWidth, top: Double(k / columns) * panelHeight,
                       width: panelWidth, height: panelHeight)
        }
        return doc.text
    }
}

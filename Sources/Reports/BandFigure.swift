import Foundation

/// A phonon (or electronic) band structure figure: bands along a path with labelled
/// high-symmetry points, an optional second data set drawn on the same axes (e.g. DFT),
/// and an optional density-of-states panel on the right sharing the frequency axis.
public struct BandFigure {
    /// One continuous piece of path: x positions and the bands' values at them.
    public struct Segment {
        public let x: [Double]
        /// `bands[k][i]`: band k at point i.
        public let bands: [[Double]]
        public init(x: [Double], bands: [[Double]]) {
            self.x = x
            self.bands = bands
        }
    }

    public struct Series {
        public let name: String
        public let segments: [Segment]
        public let color: String
        public let dashed: Bool
        public init(name: String, segments: [Segment], color: String, dashed: Bool = false) {
            self.name = name
            self.segments = segments
            self.color = color
            self.dashed = dashed
        }
    }

    public var title: String
    public var yLabel: String
    public var series: [Series]
    /// Positions and labels of the high-symmetry points.
    public var ticks: [(x: Double, label: String)]
    /// DOS panel: energies and curves (name, values).
    public var dos: (y: [Double], curves: [(String, [Double])])?
    /// Title of the path axis.
    public var xLabel = "Wave vector"
    /// Title of the DOS panel's axis (e.g. "DOS (states/THz)").
    public var dosLabel = "DOS"
    /// Frequency axis range (in the plotted unit); nil ends follow the data.
    public var yRange: (min: Double?, max: Double?) = (nil, nil)

    public init(title: String, yLabel: String, series: [Series], ticks: [(x: Double, label: String)],
                dos: (y: [Double], curves: [(String, [Double])])? = nil) {
        self.title = title
        self.yLabel = yLabel
        self.series = series
        self.ticks = ticks
        self.dos = dos
    }

    /// The figure as SVG text, `width` × `height` px. Legends sit in a strip between the
    /// title and the panels, so they never cover a curve; the DOS panel has its own axis.
    public func svg(width: Double = 760, height: Double = 480) -> String {
        var doc = SVGDocument(width: width, height: height)
        let dosCurves = dos?.curves ?? []
        let legends = series.count > 1 || dosCurves.count > 1
        let left = 64.0, top = legends ? 60.0 : 40.0, bottom = height - 56
        let dosWidth = dos == nil ? 0.0 : min(170.0, 0.24 * width)
        let right = width - 20 - dosWidth - (dos == nil ? 0 : 16)
        let allX = series.flatMap { $0.segments.flatMap(\.x) }
        let allY = series.flatMap { $0.segments.flatMap { $0.bands.flatMap { $0 } } }
        let yMin = yRange.min ?? min(0, allY.min() ?? 0)
        let yMax = yRange.max ?? (allY.max() ?? 1) * 1.05
        let x = LinearScale(domain: (allX.min() ?? 0, allX.max() ?? 1), range: (left, right))
        let y = LinearScale(domain: (yMin, yMax), range: (bottom, top))
        doc.text(title, width / 2, 24, size: 15)
        // Axes, frequency ticks and grid.
        let yt = y.ticks(8)
        let step = yt.count > 1 ? yt[1] - yt[0] : 1
        for t in yt {
            doc.line(left, y(t), right, y(t), stroke: "#e5e5e5")
            doc.text(LinearScale.label(t, step: step), left - 6, y(t) + 4, size: 11, anchor: .end)
        }
        if yMin < 0 && yMax > 0 { doc.line(left, y(0), right, y(0), stroke: "#999") }
        doc.text(yLabel, 18, (top + bottom) / 2, size: 13, rotate: -90)
        for (pos, label) in ticks {
            doc.line(x(pos), top, x(pos), bottom, stroke: "#888", width: 0.8)
            doc.text(label == "G" ? "Γ" : label, x(pos), bottom + 18, size: 13)
        }
        doc.text(xLabel, (left + right) / 2, bottom + 40, size: 13)
        doc.beginClip(left, top, right - left, bottom - top)
        for s in series {
            for seg in s.segments {
                for band in seg.bands {
                    doc.polyline(zip(seg.x, band).map { (x($0), y($1)) }, stroke: s.color, width: 1.3, dash: s.dashed ? "5,3" : nil)
                }
            }
        }
        doc.endClip()
        doc.rect(left, top, right - left, bottom - top)
        // Legend of the series, in the strip above the band panel.
        if series.count > 1 {
            var lx = left
            for s in series {
                doc.line(lx, top - 12, lx + 24, top - 12, stroke: s.color, width: 2, dash: s.dashed ? "5,3" : nil)
                doc.text(s.name, lx + 30, top - 8, size: 11, anchor: .start)
                lx += 46 + 6.5 * Double(s.name.count)
            }
        }
        if let dos {
            let dl = right + 16, dr = width - 20
            let inRange = dosCurves.flatMap { curve in zip(dos.y, curve.1).filter { $0.0 >= yMin && $0.0 <= yMax }.map(\.1) }
            let maxValue = max(inRange.max() ?? 1, 1e-300)
            let dx = LinearScale(domain: (0, maxValue * 1.05), range: (dl, dr))
            for t in yt { doc.line(dl, y(t), dr, y(t), stroke: "#e5e5e5") }
            let xt = dx.ticks(3)
            let xstep = xt.count > 1 ? xt[1] - xt[0] : 1
            for t in xt {
                doc.line(dx(t), bottom, dx(t), bottom + 4, stroke: "#000")
                doc.text(LinearScale.label(t, step: xstep), dx(t), bottom + 16, size: 10)
            }
            func color(_ k: Int) -> String { k == 0 ? "#000" : Palette.colors[(k - 1) % Palette.colors.count] }
            doc.beginClip(dl, top, dr - dl, bottom - top)
            for (k, curve) in dosCurves.enumerated() {
                let points = zip(dos.y, curve.1).map { (dx($0.1), y($0.0)) }
                doc.polyline(points, stroke: color(k), width: k == 0 ? 1.3 : 1)
            }
            doc.endClip()
            // Legend of the curves, in the strip above the DOS panel.
            if dosCurves.count > 1 {
                var lx = dl
                for (k, curve) in dosCurves.enumerated() {
                    doc.line(lx, top - 12, lx + 12, top - 12, stroke: color(k), width: 2)
                    doc.text(curve.0, lx + 15, top - 8, size: 10, anchor: .start, fill: color(k))
                    lx += 24 + 6 * Double(curve.0.count)
                }
            }
            doc.rect(dl, top, dr - dl, bottom - top)
            doc.text(dosLabel, (dl + dr) / 2, bottom + 40, size: 13)
        }
        return doc.text
    }
}

import Foundation

/// Learning curves: panels side by side, each a quantity (e.g. force RMSE in eV/Å) against
/// the epoch on a logarithmic y axis, with a solid line per training series and a dashed
/// one per validation series.
public struct LearningCurves {
    public struct Curve {
        public let name: String
        public let values: [Double]
        public let dashed: Bool
        public init(name: String, values: [Double], dashed: Bool) {
            self.name = name
            self.values = values
            self.dashed = dashed
        }
    }

    public struct Panel {
        /// Quantity with unit, e.g. "force RMSE (eV/Å)".
        public let title: String
        public let curves: [Curve]
        public init(title: String, curves: [Curve]) {
            self.title = title
            self.curves = curves
        }
    }

    public var epochs: [Double]
    public var panels: [Panel]

    public init(epochs: [Double], panels: [Panel]) {
        self.epochs = epochs
        self.panels = panels
    }

    public func svg(panelWidth: Double = 300, height: Double = 300) -> String {
        var doc = SVGDocument(width: panelWidth * Double(max(panels.count, 1)), height: height)
        for (p, panel) in panels.enumerated() {
            draw(panel, into: &doc, left: Double(p) * panelWidth, width: panelWidth, height: height)
        }
        return doc.text
    }

    func draw(_ panel: Panel, into doc: inout SVGDocument, left x0: Double, width: Double, height: Double) {
        let left = x0 + 58, right = x0 + width - 12, top = 30.0, bottom = height - 42
        let positive = panel.curves.flatMap(\.values).filter { $0.isFinite && $0 > 0 }
        let lo = log10(positive.min() ?? 1).rounded(.down), hi = log10(positive.max() ?? 10).rounded(.up)
        let x = LinearScale(domain: (epochs.first ?? 0, epochs.last ?? 1), range: (left, right))
        let y = LinearScale(domain: (lo, max(hi, lo + 1)), range: (bottom, top))
        doc.text(panel.title, x0 + width / 2, 18, size: 12)
        doc.rect(left, top, right - left, bottom - top, stroke: "#999")
        for decade in stride(from: y.domain.0, through: y.domain.1, by: 1) {
            doc.line(left, y(decade), right, y(decade), stroke: "#eee")
            doc.text(String(format: "%g", pow(10, decade)), left - 4, y(decade) + 4, size: 10, anchor: .end)
        }
        let ticks = x.ticks(4)
        let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
        for t in ticks { doc.text(LinearScale.label(t, step: step), x(t), bottom + 14, size: 10) }
        doc.text("epoch", (left + right) / 2, bottom + 32, size: 11)
        for (k, curve) in panel.curves.enumerated() {
            let color = Palette.colors[k % Palette.colors.count]
            let points = zip(epochs, curve.values).filter { $0.1.isFinite && $0.1 > 0 }.map { (x($0.0), y(log10($0.1))) }
            doc.polyline(points, stroke: color, dash: curve.dashed ? "5,3" : nil)
            doc.text(curve.name, right - 4, top + 14 + 13 * Double(k), size: 10, anchor: .end, fill: color)
        }
    }
}

import Foundation

/// A minimal SVG document: shapes in pixel coordinates, text escaped, numbers rounded to
/// 0.01 px so files stay small and diff well.
public struct SVGDocument {
    public let width: Double
    public let height: Double
    private var body: [String] = []
    private var clips = 0

    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// A coordinate rounded to 0.01 px; one that is not finite (a value off every
    /// scale) is drawn at 0 rather than written as "nan".
    static func n(_ x: Double) -> String {
        let r = (x * 100).rounded() / 100
        guard r.isFinite else { return "0" }
        return r == r.rounded() && abs(r) < 1e15 ? String(Int(r)) : String(r)
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    public mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double,
                              stroke: String = "#000", width: Double = 1, dash: String? = nil) {
        body.append("<line x1=\"\(Self.n(x1))\" y1=\"\(Self.n(y1))\" x2=\"\(Self.n(x2))\" y2=\"\(Self.n(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(Self.n(width))\"\(dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")/>")
    }

    public mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 1.2, dash: String? = nil) {
        guard points.count > 1 else { return }
        let p = points.map { "\(Self.n($0.0)),\(Self.n($0.1))" }.joined(separator: " ")
        body.append("<polyline points=\"\(p)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(Self.n(width))\" stroke-linejoin=\"round\"\(dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")/>")
    }

    public mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, stroke: String = "#000", fill: String = "none") {
        body.append("<rect x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" width=\"\(Self.n(w))\" height=\"\(Self.n(h))\" fill=\"\(fill)\" stroke=\"\(stroke)\"/>")
    }

    public mutating func circle(_ x: Double, _ y: Double, r: Double, fill: String) {
        body.append("<circle cx=\"\(Self.n(x))\" cy=\"\(Self.n(y))\" r=\"\(Self.n(r))\" fill=\"\(fill)\"/>")
    }

    public enum Anchor: String { case start, middle, end }

    public mutating func text(_ s: String, _ x: Double, _ y: Double, size: Double = 12, anchor: Anchor = .middle,
                              rotate: Double? = nil, fill: String = "#000") {
        let transform = rotate.map { " transform=\"rotate(\(Self.n($0)) \(Self.n(x)) \(Self.n(y)))\"" } ?? ""
        body.append("<text x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" font-size=\"\(Self.n(size))\" text-anchor=\"\(anchor.rawValue)\" fill=\"\(fill)\"\(transform)>\(Self.escape(s))</text>")
    }

    /// Starts a group whose drawing is clipped to the rectangle (x, y, w, h); close it with
    /// `endClip()`.
    public mutating func beginClip(_ x: Double, _ y: Double, _ w: Double, _ h: Double) {
        clips += 1
        body.append("<clipPath id=\"clip\(clips)\"><rect x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" width=\"\(Self.n(w))\" height=\"\(Self.n(h))\"/></clipPath>")
        body.append("<g clip-path=\"url(#clip\(clips))\">")
    }

    public mutating func endClip() { body.append("</g>") }

    /// The document text.
    public var text: String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.n(width))\" height=\"\(Self.n(height))\" viewBox=\"0 0 \(Self.n(width)) \(Self.n(height))\" font-family=\"Helvetica, Arial, sans-serif\">\n"
            + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n" + body.joined(separator: "\n") + "\n</svg>\n"
    }
}

/// A linear map from data to pixels with "nice" tick positions.
public struct LinearScale {
    public let domain: (Double, Double)
    public let range: (Double, Double)

    /// A domain whose ends are equal, or differ by round-off (a few ulps, as an energy
    /// shift fitted to one structure leaves), is widened around its middle: by 1, or by
    /// 1e-6 of its magnitude when that is larger.
    public init(domain: (Double, Double), range: (Double, Double)) {
        let middle = domain.0 / 2 + domain.1 / 2
        let scale = max(abs(domain.0), abs(domain.1))
        if !(abs(domain.1 - domain.0) > 1e-9 * scale) {
            let half = max(1, 1e-6 * scale)
            self.domain = (middle - half, middle + half)
        } else {
            self.domain = domain
        }
        self.range = range
    }

    public func callAsFunction(_ x: Double) -> Double {
        range.0 + (x - domain.0) / (domain.1 - domain.0) * (range.1 - range.0)
    }

    /// About `count` round-numbered ticks inside the domain (none for a domain that is
    /// not finite).
    public func ticks(_ count: Int = 6) -> [Double] {
        let span = domain.1 - domain.0
        let raw = span / Double(max(count, 1))
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        guard span.isFinite, span > 0, step.isFinite, step > 0 else { return [] }
        var t = (domain.0 / step).rounded(.up) * step
        var out: [Double] = []
        // At most about 2 × count + 2 ticks; the bound also ends the loop should `t + step`
        // round back to `t`.
        while t <= domain.1 + 1e-9 * span, out.count <= 2 * max(count, 1) + 2 {
            out.append(abs(t) < 1e-12 * span ? 0 : t)
            t += step
        }
        return out
    }

    /// Tick label with as many decimals as the step needs.
    public static func label(_ x: Double, step: Double) -> String {
        var decimals = 0
        while decimals < 6 {
            let scaled = step * pow(10, Double(decimals))
            if abs(scaled - scaled.rounded()) < 1e-9 * max(1, scaled) { break }
            decimals += 1
        }
        return String(format: "%.\(decimals)f", x)
    }
}

/// A colour palette for series.
public enum Palette {
    public static let colors = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]
}

import Foundation

/// A chart drawn as inline SVG: a plot area with axes, ticks and labels, and marks added in
/// data coordinates. Every mark carries a class, so a page's style sheet colours it and a test
/// can find it.
struct SVGChart {
    let width = 720.0, height = 300.0
    let left = 60.0, right = 20.0, top = 16.0, bottom = 44.0
    let x: ClosedRange<Double>
    let y: ClosedRange<Double>
    let id: String
    let title: String
    private var marks: [String] = []

    init(id: String, title: String, x: ClosedRange<Double>, y: ClosedRange<Double>) {
        self.id = id
        self.title = title
        self.x = x.lowerBound < x.upperBound ? x : x.lowerBound...(x.lowerBound + 1)
        self.y = y.lowerBound < y.upperBound ? y : y.lowerBound...(y.lowerBound + 1)
    }

    func px(_ v: Double) -> Double { left + (v - x.lowerBound) / (x.upperBound - x.lowerBound) * (width - left - right) }
    func py(_ v: Double) -> Double { height - bottom - (v - y.lowerBound) / (y.upperBound - y.lowerBound) * (height - top - bottom) }

    static func number(_ v: Double) -> String { String(format: "%.2f", v) }

    /// A line through the points, broken where a point is missing.
    mutating func line(_ points: [(Double, Double?)], class name: String) {
        var d = "", pen = false
        for (a, b) in points {
            guard let b else { pen = false; continue }
            d += (pen ? "L" : "M") + Self.number(px(a)) + "," + Self.number(py(b))
            pen = true
        }
        if !d.isEmpty { marks.append("<path class=\"\(name)\" d=\"\(d)\"/>") }
    }

    /// The region between two curves where both are defined.
    mutating func band(_ points: [(x: Double, low: Double?, high: Double?)], class name: String) {
        let defined = points.compactMap { p in p.low.flatMap { l in p.high.map { (p.x, l, $0) } } }
        guard !defined.isEmpty else { return }
        let upper = defined.map { "\(Self.number(px($0.0))),\(Self.number(py($0.2)))" }
        let lower = defined.reversed().map { "\(Self.number(px($0.0))),\(Self.number(py($0.1)))" }
        marks.append("<path class=\"\(name)\" d=\"M" + (upper + lower).joined(separator: "L") + "Z\"/>")
    }

    mutating func dots(_ points: [(Double, Double)], class name: String, radius: Double = 2.5) {
        for (a, b) in points {
            marks.append("<circle class=\"\(name)\" cx=\"\(Self.number(px(a)))\" cy=\"\(Self.number(py(b)))\" r=\"\(radius)\"/>")
        }
    }

    /// A horizontal rule across the plot with a label at its right end, above the rule or
    /// below it (so that two close rules keep their labels apart).
    mutating func rule(at v: Double, class name: String, label: String, below: Bool = false) {
        let yy = Self.number(py(v))
        marks.append("<line class=\"\(name)\" x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(yy)\" y2=\"\(yy)\"/>")
        marks.append("<text class=\"\(name)-label\" x=\"\(width - right - 4)\" y=\"\(Self.number(py(v) + (below ? 13 : -4)))\" text-anchor=\"end\">\(HTML.escape(label))</text>")
    }

    /// A vertical rule with a label at its top.
    mutating func marker(at v: Double, class name: String, label: String) {
        let xx = Self.number(px(v))
        marks.append("<line class=\"\(name)\" x1=\"\(xx)\" x2=\"\(xx)\" y1=\"\(top)\" y2=\"\(height - bottom)\"/>")
        marks.append("<text class=\"\(name)-label\" x=\"\(Self.number(px(v) - 4))\" y=\"\(top + 12)\" text-anchor=\"end\">\(HTML.escape(label))</text>")
    }

    /// A bar from `from` to `to` on x, of height `value`, with its count above it.
    mutating func bar(from a: Double, to b: Double, value: Double, class name: String) {
        let (x0, x1, y0) = (px(a), px(b), py(value))
        marks.append("<rect class=\"\(name)\" x=\"\(Self.number(x0 + 0.5))\" y=\"\(Self.number(y0))\" width=\"\(Self.number(max(x1 - x0 - 1, 0.5)))\" "
                     + "height=\"\(Self.number(py(y.lowerBound) - y0))\"><title>\(Self.number(a))–\(Self.number(b)): \(Int(value))</title></rect>")
    }

    /// Round tick values: steps of 1, 2 or 5 × 10^k, about five of them.
    static func ticks(_ range: ClosedRange<Double>, count: Int = 5) -> [Double] {
        let span = range.upperBound - range.lowerBound
        guard span > 0 else { return [range.lowerBound] }
        let raw = span / Double(count), power = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= raw } ?? 10 * power
        var v = (range.lowerBound / step).rounded(.up) * step, out: [Double] = []
        while v <= range.upperBound + step * 1e-9 {
            out.append(v)
            v += step
        }
        return out
    }

    /// The smallest multiple of the tick step that is at least `v`: a round upper end for an axis.
    static func roundedUp(_ v: Double) -> Double {
        let ticks = ticks(0...max(v, 1e-12))
        guard ticks.count >= 2 else { return v }
        let step = ticks[1] - ticks[0]
        return (v / step).rounded(.up) * step
    }

    static func tickText(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e9 ? String(Int(v)) : String(format: "%g", (v * 1e6).rounded() / 1e6)
    }

    func svg(xLabel: String, yLabel: String) -> String {
        var out = ["<svg id=\"\(id)\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(HTML.escape(title))\">",
                   "<title>\(HTML.escape(title))</title>"]
        let (x0, x1, y0, y1) = (left, width - right, height - bottom, top)
        for t in Self.ticks(y) {
            let yy = Self.number(py(t))
            out.append("<line class=\"grid\" x1=\"\(x0)\" x2=\"\(x1)\" y1=\"\(yy)\" y2=\"\(yy)\"/>")
            out.append("<text class=\"tick\" x=\"\(x0 - 6)\" y=\"\(yy)\" text-anchor=\"end\" dominant-baseline=\"middle\">\(Self.tickText(t))</text>")
        }
        for t in Self.ticks(x) {
            out.append("<text class=\"tick\" x=\"\(Self.number(px(t)))\" y=\"\(y0 + 16)\" text-anchor=\"middle\">\(Self.tickText(t))</text>")
        }
        out.append("<line class=\"axis\" x1=\"\(x0)\" x2=\"\(x1)\" y1=\"\(y0)\" y2=\"\(y0)\"/>")
        out.append("<line class=\"axis\" x1=\"\(x0)\" x2=\"\(x0)\" y1=\"\(y0)\" y2=\"\(y1)\"/>")
        out.append("<text class=\"axis-label\" x=\"\((x0 + x1) / 2)\" y=\"\(height - 6)\" text-anchor=\"middle\">\(HTML.escape(xLabel))</text>")
        out.append("<text class=\"axis-label\" transform=\"translate(14 \((y0 + y1) / 2)) rotate(-90)\" text-anchor=\"middle\">\(HTML.escape(yLabel))</text>")
        out += marks
        out.append("</svg>")
        return out.joined(separator: "\n")
    }
}

/// Text for HTML pages.
enum HTML {
    /// `text` with `&`, `<`, `>`, `"` and `'` escaped, safe in element content and attributes.
    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}

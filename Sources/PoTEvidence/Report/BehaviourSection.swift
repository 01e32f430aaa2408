import Foundation
import PoTBehaviour
import PoTSystem

/// The behavioural test drawn: its parameters, the confidence sequence (running bounds and
/// mean against queries, with γ and δ) and the histogram of per-challenge scores.
enum BehaviourSection {
    static func html(_ claim: BehaviourClaim, bundle: EvidenceBundle) -> String {
        let parameters = """
            <table class="parameters"><tbody>
            <tr><th>decision</th><td><strong>\(claim.decision.word)</strong> after \(claim.queries) challenges</td></tr>
            <tr><th>mode</th><td>\(HTML.escape(claim.mode)): α = \(claim.alpha), γ = \(claim.gamma), δ = \(claim.delta), n_max = \(claim.maxQueries)</td></tr>
            <tr><th>score</th><td>\(HTML.escape(claim.scoringMethod ?? "not claimed (a version 1 bundle)"))</td></tr>
            \(sides(claim, bundle: bundle))
            <tr><th>commitment</th><td><code>\(Hex.encode(claim.commitment))</code></td></tr>
            </tbody></table>
            """
        let records: [ChallengeRecord]
        do { records = try challenges(bundle.parts[claim.transcriptPart]) } catch {
            return section(parameters + "<p class=\"note\">The transcript does not read, so nothing is drawn: \(HTML.escape("\(error)"))</p>")
        }
        guard !records.isEmpty else { return section(parameters + "<p class=\"note\">The transcript has no challenges.</p>") }
        return section(parameters + "\n<h3>Confidence sequence</h3>\n" + confidenceSequence(records, claim)
                       + "\n<p class=\"note\">Running mean score and the anytime-valid bounds after each challenge (docs/sequential-test.md): "
                       + "SAME once the upper bound falls below γ, DIFFERENT once the lower bound rises above δ.</p>"
                       + "\n<h3>Scores</h3>\n" + histogram(records, claim))
    }

    /// The reference and the candidate: a model root, or for a served side its endpoint, said plainly.
    static func sides(_ claim: BehaviourClaim, bundle: EvidenceBundle) -> String {
        [ModelRole.reference, .candidate].map { role in
            let what: String
            if let e = claim.endpoint, e.role == role {
                what = "endpoint \(HTML.escape(e.url)), model \(HTML.escape(e.model)), top-k \(e.topK)"
                    + (announced(bundle.parts[claim.transcriptPart]).map { root in
                        let same = bundle.manifest.models.filter { Hex.encode($0.modelRoot) == root }.map(\.role.description)
                        return " (the server announced model root <code>\(root)</code>, "
                            + (same.isEmpty ? "no model of this bundle" : "the \(same.joined(separator: " and ")) root") + ": its own word, not proved)"
                    } ?? "")
            } else if let model = bundle.manifest.models.first(where: { $0.role == role }) {
                what = "model root <code>\(Hex.encode(model.modelRoot))</code>"
            } else {
                what = "none in the bundle"
            }
            return "<tr><th>\(role)</th><td>\(what)</td></tr>"
        }.joined(separator: "\n")
    }

    /// The model root the transcript header records the server announcing, if any.
    static func announced(_ transcript: [UInt8]) -> String? {
        guard let first = try? BehaviourParts.lines(transcript, "the transcript").first,
              let header = try? TranscriptJSON.decode(TranscriptHeader.self, from: first, at: "line 1") else { return nil }
        return header.endpoint?.servedModelRoot
    }

    static func section(_ body: String) -> String {
        "<section id=\"behaviour\">\n<h2>Behavioural test</h2>\n\(body)\n</section>"
    }

    /// The transcript's challenge lines, read strictly: every line between the header and the
    /// last, and the last too when it is a challenge (a transcript without its decision line).
    static func challenges(_ transcript: [UInt8]) throws -> [ChallengeRecord] {
        let lines = try BehaviourParts.lines(transcript, "the transcript")
        var records: [ChallengeRecord] = []
        for (i, line) in lines.enumerated().dropFirst() {
            do { records.append(try TranscriptJSON.decode(ChallengeRecord.self, from: line, at: "line \(i + 1)")) } catch {
                if i == lines.count - 1 { break }
                throw error
            }
        }
        return records
    }

    static func confidenceSequence(_ records: [ChallengeRecord], _ claim: BehaviourClaim) -> String {
        let top = min(1, max(records.compactMap(\.upper).max() ?? 0, records.map(\.score).max() ?? 0, claim.delta) * 1.1)
        var chart = SVGChart(id: "confidence-sequence", title: "Running bounds and mean score against queries",
                             x: 0...Double(max(records.count, 2)), y: 0...top)
        let n = records.map { Double($0.n) }
        chart.band(zip(n, records).map { (x: $0, low: $1.lower, high: $1.upper) }, class: "bounds-band")
        chart.line(zip(n, records).map { ($0, $1.upper) }, class: "bound-upper")
        chart.line(zip(n, records).map { ($0, $1.lower) }, class: "bound-lower")
        chart.dots(zip(n, records).map { ($0, $1.score) }, class: "score")
        chart.line(zip(n, records).map { ($0, $1.mean) }, class: "running-mean")
        chart.rule(at: claim.gamma, class: "threshold-gamma", label: "γ = \(claim.gamma)", below: true)
        chart.rule(at: claim.delta, class: "threshold-delta", label: "δ = \(claim.delta)")
        chart.marker(at: Double(claim.queries), class: "decision", label: "\(claim.decision.word) at n = \(claim.queries)")
        return chart.svg(xLabel: "queries n", yLabel: "score")
    }

    static func histogram(_ records: [ChallengeRecord], _ claim: BehaviourClaim) -> String {
        let scores = records.map(\.score)
        let high = SVGChart.roundedUp(max(scores.max() ?? 0, claim.delta) * 1.05)
        let bins = 20, width = high / Double(bins)
        var counts = [Int](repeating: 0, count: bins)
        for s in scores { counts[min(Int(s / width), bins - 1)] += 1 }
        var chart = SVGChart(id: "score-histogram", title: "Histogram of per-challenge scores", x: 0...high,
                             y: 0...Double(max(counts.max() ?? 1, 1)) * 1.1)
        for (i, c) in counts.enumerated() where c > 0 {
            chart.bar(from: Double(i) * width, to: Double(i + 1) * width, value: Double(c), class: "bar")
        }
        chart.marker(at: claim.gamma, class: "threshold-gamma", label: "γ")
        chart.marker(at: claim.delta, class: "threshold-delta", label: "δ")
        return chart.svg(xLabel: "score of one challenge (\(scores.count) challenges)", yLabel: "challenges")
    }
}

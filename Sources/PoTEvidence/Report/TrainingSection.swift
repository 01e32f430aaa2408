import Foundation
import PoTAlgebra
import PoTSystem
import PoTTraining

/// The training run drawn: the batch loss per step, the hold-out accuracy before and after,
/// and the step proofs' table.
enum TrainingSection {
    static func html(_ claim: TrainingClaim, bundle: EvidenceBundle, verification: BundleVerification) -> String {
        var body = """
            <table class="parameters"><tbody>
            <tr><th>run id</th><td><code>\(TrainingChecks.hex(claim.runId))</code></td></tr>
            <tr><th>steps</th><td>\(claim.steps), from C(W_0) = <code>\(TrainingChecks.hex(claim.initialCommitment))</code> to C(W_T) = <code>\(TrainingChecks.hex(claim.finalCommitment))</code></td></tr>
            <tr><th>dataset D, schedule S</th><td><code>\(TrainingChecks.hex(claim.datasetRoot))</code>, <code>\(TrainingChecks.hex(claim.seedCommitment))</code></td></tr>
            </tbody></table>
            """
        do {
            let config = try TrainingConfig(json: bundle.parts[claim.configPart], name: "the configuration")
            let record = try RunManifest(config: config, runJSON: bundle.parts[claim.runPart], name: "the run record")
            body += "\n<h3>Loss</h3>\n" + loss(record.loss)
            body += "\n<h3>Hold-out accuracy</h3>\n" + accuracy(record, runJSON: bundle.parts[claim.runPart])
        } catch {
            body += "<p class=\"note\">The run record does not read, so nothing is drawn: \(HTML.escape("\(error)"))</p>"
        }
        body += "\n<h3>Step proofs</h3>\n" + stepProofs(claim, proofs: bundle.manifest.proofs, verification: verification)
        return "<section id=\"training\">\n<h2>Training run</h2>\n\(body)\n</section>"
    }

    static func loss(_ values: [Double]) -> String {
        var chart = SVGChart(id: "training-loss", title: "Mean batch loss per step", x: 0...Double(max(values.count - 1, 1)),
                             y: 0...max(values.max() ?? 1, 1e-9) * 1.1)
        chart.line(values.enumerated().map { (Double($0), $1) }, class: "loss")
        return chart.svg(xLabel: "step t", yLabel: "batch loss")
    }

    /// Accuracy on the hold-out split before the first and after the last step (the run record
    /// holds no accuracy in between).
    static func accuracy(_ record: RunManifest, runJSON: [UInt8]) -> String {
        let object = (try? JSONSerialization.jsonObject(with: Data(runJSON))) as? [String: Any]
        var points = [(Double(record.steps), record.holdoutAccuracy)]
        if let initial = object?["holdout_accuracy_initial"] as? Double { points.insert((0, initial), at: 0) }
        var chart = SVGChart(id: "training-accuracy", title: "Hold-out accuracy before and after training", x: 0...Double(record.steps), y: 0...1)
        chart.line(points.map { ($0.0, $0.1) }, class: "accuracy-line")
        chart.dots(points, class: "accuracy", radius: 4)
        return chart.svg(xLabel: "step t", yLabel: "hold-out accuracy")
    }

    static func stepProofs(_ claim: TrainingClaim, proofs: [ProofClaim], verification: BundleVerification) -> String {
        guard !claim.stepProofs.isEmpty else {
            return "<p id=\"step-proofs\" class=\"note\">The bundle has no step proofs: the \(claim.steps) steps are the run record's statement, not proved.</p>"
        }
        let verdicts = Dictionary(verification.checks.map { ($0.id, $0.verdict) }, uniquingKeysWith: { a, _ in a })
        let rows = claim.stepProofs.map { i -> String in
            let p = proofs[i], values = p.publicInputs.map(\.value)
            let t = values.count > TrainingChecks.Row.step.rawValue ? "\(values[TrainingChecks.Row.step.rawValue])" : "?"
            let verdict = verdicts["proof[\(i)].verifies"]?.rawValue ?? "not checked"
            return "<tr><td>\(t)</td><td>proof \(i)</td><td><code>\(HTML.escape(p.statement))</code></td><td><code>\(Hex.encode(p.keyDigest))</code></td><td>\(verdict)</td></tr>"
        }
        return "<table id=\"step-proofs\"><thead><tr><th>first step</th><th>proof</th><th>statement</th><th>key digest</th><th>verifies</th></tr></thead><tbody>\n"
            + rows.joined(separator: "\n") + "\n</tbody></table>"
    }
}

import PoTAlgebra
import PoTSystem

/// `pot report`: one self-contained HTML page of a bundle and its verification — no script, no
/// network, no external file; charts are inline SVG drawn here (docs/report.md).
public enum BundleReport {
    /// The page for `bundle` (named `name`, e.g. its file name) and the verification run on it.
    public static func html(_ bundle: EvidenceBundle, verification: BundleVerification, name: String) -> String {
        let m = bundle.manifest
        var sections = [summary(bundle, verification, name: name), claims(m), checks(verification)]
        if let behaviour = m.behaviour { sections.append(BehaviourSection.html(behaviour, bundle: bundle)) }
        if let training = m.training { sections.append(TrainingSection.html(training, bundle: bundle, verification: verification)) }
        if let srs = m.srs { sections.append(KeysSection.html(srs, proofs: m.proofs, verification: verification)) }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>PoT evidence report: \(HTML.escape(name))</title>
            <style>\(style)</style>
            </head>
            <body>
            \(sections.joined(separator: "\n"))
            </body>
            </html>

            """
    }

    static func summary(_ bundle: EvidenceBundle, _ verification: BundleVerification, name: String) -> String {
        let counts = Dictionary(grouping: verification.checks, by: \.verdict).mapValues(\.count)
        let verdict = verification.isValid ? "VALID" : "INVALID"
        return """
            <header id="summary">
            <h1>PoT evidence report</h1>
            <p class="bundle">\(HTML.escape(name)) · \(bundle.encoded.count) bytes · SHA-256 <code>\(Hex.encode(bundle.digest))</code></p>
            <p id="verdict" class="verdict \(verdict.lowercased())">\(verdict): \(counts[.pass] ?? 0) checks passed, \(counts[.fail] ?? 0) failed, \(counts[.skip] ?? 0) skipped</p>
            </header>
            """
    }

    static func claims(_ m: Manifest) -> String {
        var items: [String] = []
        for model in m.models {
            items.append((model.role == .model ? "a committed model" : "the \(model.role) model") + " has model root <code>\(Hex.encode(model.modelRoot))</code>")
        }
        if let b = m.behaviour, let e = b.endpoint {
            items.append("the \(e.role): endpoint <code>\(HTML.escape(e.url))</code>, model <code>\(HTML.escape(e.model))</code>, top-k \(e.topK) "
                         + "(endpoint identity <code>\(Hex.encode(e.identity))</code>; an address, not a model file: nothing binds it to weights)")
        }
        if let b = m.behaviour {
            items.append("the behavioural test (mode \(HTML.escape(b.mode)), α = \(b.alpha), γ = \(b.gamma), δ = \(b.delta), n_max = \(b.maxQueries)) "
                         + (b.scoringMethod.map { "scored by \(HTML.escape($0)) " } ?? "") + "decided <strong>\(b.decision.word)</strong> after \(b.queries) challenges, under commitment <code>\(Hex.encode(b.commitment))</code>")
        }
        for p in m.proofs {
            let inputs = p.publicInputs.map { "\(HTML.escape($0.name)) = \(value($0.value))" }.joined(separator: ", ")
            items.append("a proof of <code>\(HTML.escape(p.statement))</code> verifies with public inputs \(inputs)")
        }
        if let t = m.training {
            items.append("a training run of \(t.steps) steps went from C(W_0) = <code>\(TrainingChecks.hex(t.initialCommitment))</code> "
                         + "to C(W_T) = <code>\(TrainingChecks.hex(t.finalCommitment))</code>, proved by \(t.stepProofs.count) step proofs")
        }
        return "<section id=\"claims\">\n<h2>Claims</h2>\n<ul>\n" + items.map { "<li>\($0)</li>" }.joined(separator: "\n") + "\n</ul>\n</section>"
    }

    /// A public input as people read it: small values in decimal, field-sized ones (roots,
    /// commitments) as 0x and 64 hex digits, as run records print them.
    static func value(_ x: Fr) -> String {
        x.canonical.dropFirst().allSatisfy { $0 == 0 } ? "\(x.canonical[0])" : "<code>\(TrainingChecks.hex(x))</code>"
    }

    static func checks(_ verification: BundleVerification) -> String {
        let rows = verification.checks.map { c in
            "<tr class=\"\(c.verdict.rawValue)\"><td class=\"verdict\">\(c.verdict.rawValue.uppercased())</td><td><code>\(HTML.escape(c.id))</code></td>"
                + "<td>\(HTML.escape(c.title))</td><td>\(HTML.escape(c.reason))</td></tr>"
        }
        return """
            <section id="checks">
            <h2>Checks</h2>
            <table>
            <thead><tr><th>verdict</th><th>check</th><th>what</th><th>reason</th></tr></thead>
            <tbody>
            \(rows.joined(separator: "\n"))
            </tbody>
            </table>
            </section>
            """
    }

    static let style = """
        body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #1d2430; padding: 0 1em; }
        h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { border-bottom: 1px solid #d5dae3; padding-bottom: 0.2em; margin-top: 1.8em; }
        code { font: 12px ui-monospace, monospace; word-break: break-all; }
        .verdict.valid { color: #0a6b2f; font-weight: 600; } .verdict.invalid { color: #b3261e; font-weight: 600; }
        table { border-collapse: collapse; width: 100%; } th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid #e6e9ef; }
        #checks td:nth-child(2) { white-space: nowrap; } #checks td:nth-child(3) { min-width: 14em; }
        tr.pass td.verdict { color: #0a6b2f; } tr.fail td.verdict { color: #b3261e; font-weight: 700; } tr.skip td.verdict { color: #8a6100; }
        svg.chart { width: 100%; max-width: 720px; height: auto; display: block; margin: 0.8em 0; background: #fbfcfe; }
        .axis { stroke: #394150; } .grid { stroke: #e6e9ef; } .tick, .axis-label { font-size: 11px; fill: #394150; }
        .bounds-band { fill: #c9dcf5; opacity: 0.6; } .bound-upper, .bound-lower { fill: none; stroke: #2f6db5; stroke-width: 1.5; }
        .running-mean { fill: none; stroke: #1d2430; stroke-width: 2; } .score { fill: #7a8699; }
        .threshold-gamma, .threshold-delta { stroke-dasharray: 6 4; stroke-width: 1.5; }
        .threshold-gamma { stroke: #0a6b2f; } .threshold-delta { stroke: #b3261e; }
        .threshold-gamma-label { fill: #0a6b2f; font-size: 11px; } .threshold-delta-label { fill: #b3261e; font-size: 11px; }
        .decision { stroke: #8a6100; stroke-dasharray: 2 3; } .decision-label { fill: #8a6100; font-size: 11px; }
        .bar { fill: #5b8fd1; } .loss { fill: none; stroke: #b35c1e; stroke-width: 1.5; } .accuracy { fill: #0a6b2f; }
        .accuracy-line { fill: none; stroke: #0a6b2f; stroke-dasharray: 4 3; } .note { color: #5a6372; }
        """
}

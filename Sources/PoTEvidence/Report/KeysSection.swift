import PoTSystem

/// The SRS identity and each proof's verifying key, with how the key was anchored.
enum KeysSection {
    static func html(_ srs: SRSIdentity, proofs: [ProofClaim], verification: BundleVerification) -> String {
        let checks = Dictionary(verification.checks.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let rows = proofs.enumerated().map { i, p in
            let anchor = checks["proof[\(i)].anchor"]
            return "<tr><td>proof \(i)</td><td><code>\(HTML.escape(p.statement))</code></td><td><code>\(Hex.encode(p.keyDigest))</code></td>"
                + "<td class=\"\(anchor?.verdict.rawValue ?? "")\">\(HTML.escape(anchor.map { "\($0.verdict.rawValue): \($0.reason)" } ?? "not checked"))</td></tr>"
        }
        let kind = srs.development ? "an insecure development SRS: whoever made it can forge proofs" : "not a development SRS"
        return """
            <section id="keys">
            <h2>Keys and SRS</h2>
            <p>SRS <code id="srs-digest">\(Hex.encode(srs.digest))</code> — \(kind) (\(HTML.escape(checks["srs"].map { "\($0.verdict.rawValue): \($0.reason)" } ?? "not checked")))</p>
            <table><thead><tr><th>proof</th><th>statement</th><th>key digest</th><th>anchor</th></tr></thead><tbody>
            \(rows.joined(separator: "\n"))
            </tbody></table>
            </section>
            """
    }
}

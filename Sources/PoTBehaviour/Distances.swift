import Foundation

/// The two bounded distances behind ``ScoringMethod``.
public enum Distances {
    /// ½ Σ |p − q| for two log-probability rows over one vocabulary, in [0, 1].
    ///
    /// Returns `nil`, for the caller to report as a scoring failure, when a row is not a
    /// distribution: a NaN or positive entry, or probabilities that do not sum to 1 within
    /// 10^-3 (float32 softmax over ~10^5 entries is far closer). Rounding can push the
    /// distance a little past 1; up to 10^-6 above is read as 1.
    public static func totalVariation(_ p: [Float], _ q: [Float]) -> Double? {
        guard p.count == q.count, !p.isEmpty else { return nil }
        var sum = 0.0, massP = 0.0, massQ = 0.0
        for i in p.indices {
            let a = Double(p[i]), b = Double(q[i])
            guard !a.isNaN, !b.isNaN, a <= 0, b <= 0 else { return nil }  // log-probabilities are ≤ 0
            let x = exp(a), y = exp(b)
            massP += x
            massQ += y
            sum += abs(x - y)
        }
        guard abs(massP - 1) <= 1e-3, abs(massQ - 1) <= 1e-3 else { return nil }
        let tv = sum / 2
        guard tv.isFinite, tv <= 1 + 1e-6 else { return nil }
        return min(tv, 1)
    }

    /// The total variation over the endpoint's top-k support S plus one bucket R for the rest
    /// of the vocabulary: ½ (Σ_{v∈S} |p(v) − q(v)| + |p(R) − q(R)|), p the local model's full
    /// row of log-probabilities, q the endpoint's log-probabilities of the tokens in `top`,
    /// p(R) = 1 − Σ_S p and q(R) = 1 − Σ_S q (each at least 0). It is the total variation of the
    /// two distributions coarsened to the partition {each v in S, R}, so in [0, 1], and by the
    /// data-processing inequality at most ½ Σ_v |p(v) − q(v)|; the rest of the full distance
    /// is ½ Σ_{v∉S} |p(v) − q(v)| − ½ |p(R) − q(R)| ≤ min(p(R), q(R)).
    ///
    /// Both sides are read alike, exp of the binary32 value in binary64, and neither is
    /// renormalised: the endpoint's mass is known only on S, so dividing the local row by its
    /// sum (which float32 rounding of the log-normaliser puts about 10^-6 off 1) would score two
    /// identical rows about 10^-7 apart. The same row on both sides gives the same terms in the
    /// same order and so exactly 0. A row whose sum is 1 ± ε meets the bounds above within ε.
    ///
    /// Returns `nil`, for the caller to report, when `full` is not a distribution (as in
    /// ``totalVariation(_:_:)``), `top` is empty, names a token twice or outside `full`, holds a
    /// log-probability that is NaN, infinite or above 10^-6, or more than 1 + 10^-3 of mass.
    public static func topKTotalVariation(full: [Float], top: [TopToken]) -> Double? {
        guard !full.isEmpty, !top.isEmpty else { return nil }
        var mass = 0.0
        for value in full {
            let a = Double(value)
            guard !a.isNaN, a <= 0 else { return nil }
            mass += exp(a)
        }
        guard abs(mass - 1) <= 1e-3 else { return nil }
        var seen = Set<Int32>(), sum = 0.0, inP = 0.0, inQ = 0.0
        for token in top {
            guard token.id >= 0, Int(token.id) < full.count, seen.insert(token.id).inserted,
                  token.logProb.isFinite, token.logProb <= 1e-6 else { return nil }
            let p = exp(Double(full[Int(token.id)])), q = exp(Double(min(token.logProb, 0)))
            inP += p
            inQ += q
            sum += abs(p - q)
        }
        guard inQ <= 1 + 1e-3 else { return nil }
        let restP = max(0, 1 - inP), restQ = max(0, 1 - inQ)
        let tv = (sum + abs(restP - restQ)) / 2
        guard tv.isFinite, tv <= 1 + 1e-6 else { return nil }
        return min(tv, 1)
    }

    /// Levenshtein distance of the two texts cut to the shorter length n (in Unicode scalars),
    /// divided by n; 0 when both are empty and 1 when exactly one is.
    public static func truncatedEditDistance(_ a: String, _ b: String) -> Double {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        let n = min(x.count, y.count)
        if n == 0 { return x.count == y.count ? 0 : 1 }
        let s = x[0..<n], t = y[0..<n]
        var previous = Array(0...n), current = [Int](repeating: 0, count: n + 1)
        for (i, c) in s.enumerated() {
            current[0] = i + 1
            for (j, d) in t.enumerated() {
                current[j + 1] = Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (c == d ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return Double(previous[n]) / Double(n)
    }
}

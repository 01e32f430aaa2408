import PoTAlgebra

/// The copy constraints as one permutation of the cells of the equality columns: each set of
/// cells constrained equal becomes a cycle, and σ_c(ω^i) names the next cell of the cycle
/// through (c, i) by its identity δ^c'·ω^i'. The values are equal along every cycle iff the
/// multiset {(v, id)} equals {(v, σ)}, which the running products check.
enum Permutation {
    /// σ_c in Lagrange form for every equality column. Cycles are merged as copies arrive,
    /// relabelling the smaller cycle, so building them takes O(cells · log cells).
    static func sigmas(_ layout: ArgumentLayout, copies: [(Cell, Cell)], elements: [Fr]) throws(PlonkError) -> [[Fr]] {
        let n = layout.n
        let columns = layout.equality.count
        var position: [Column: Int] = [:]
        for (i, c) in layout.equality.enumerated() { position[c] = i }
        func flat(_ cell: Cell) throws(PlonkError) -> Int {
            guard let c = position[cell.column] else { throw .equalityNotEnabled(cell.column) }
            guard cell.row < layout.usableRows else {
                throw .notEnoughRows(region: "copy constraint", row: cell.row, usable: layout.usableRows)
            }
            return c * n + cell.row
        }
        var next = Array(0..<(columns * n))
        var cycle = Array(0..<(columns * n))
        var size = [Int](repeating: 1, count: columns * n)
        for (a, b) in copies {
            var (x, y) = (try flat(a), try flat(b))
            if cycle[x] == cycle[y] { continue }
            if size[cycle[x]] < size[cycle[y]] { swap(&x, &y) }
            // Relabel y's cycle into x's, then splice the two cycles by swapping successors.
            let (keep, drop) = (cycle[x], cycle[y])
            var walk = y
            repeat {
                cycle[walk] = keep
                walk = next[walk]
            } while walk != y
            size[keep] += size[drop]
            next.swapAt(x, y)
        }
        let deltas = layout.deltaPowers
        return (0..<columns).map { c in
            (0..<n).map { row in
                let target = next[c * n + row]
                return deltas[target / n] * elements[target % n]
            }
        }
    }

    /// The running products Z_j in Lagrange form: Z_0(1) = 1, Z_j(ω^(i+1)) = Z_j(ω^i) · Π(v +
    /// β·δ^c·ω^i + γ) / Π(v + β·σ_c(ω^i) + γ) over chunk j's columns for i < u, each chunk
    /// starting from the previous one's value on row u, and random values after row u.
    /// `sigma(c)` gives σ_c on H; each is asked for once and dropped after use. The chunks'
    /// ratios, which hold nearly all the work, are computed concurrently; only the products
    /// along the rows, which chain one chunk to the next, run in order.
    static func runningProducts(_ layout: ArgumentLayout, values: [[Fr]], sigma: (Int) -> [Fr], elements: [Fr],
                                beta: Fr, gamma: Fr, threads: Int, random: () -> Fr) -> [[Fr]] {
        let (n, u) = (layout.n, layout.usableRows)
        let deltas = layout.deltaPowers
        func ratios(_ j: Int) -> [Fr] {
            var numerators = [Fr](repeating: .one, count: u)
            var denominators = [Fr](repeating: .one, count: u)
            for c in (j * layout.chunkSize)..<min(layout.equality.count, (j + 1) * layout.chunkSize) {
                let identity = VectorArithmetic.scaledSum(elements, beta * deltas[c], values[c], plus: gamma, count: u)
                VectorArithmetic.multiply(&numerators, by: identity, count: u)
                let permuted = VectorArithmetic.scaledSum(sigma(c), beta, values[c], plus: gamma, count: u)
                VectorArithmetic.multiply(&denominators, by: permuted, count: u)
            }
            VectorArithmetic.multiply(&numerators, by: Fr.batchInverse(denominators), count: u)
            return numerators
        }
        var chunks = [[Fr]](repeating: [], count: layout.permutationChunks)
        chunks.withUnsafeMutableBufferPointer { out in
            Parallelism.forEachRange(out.count, threads: threads) { range in
                for j in range { out[j] = ratios(j) }
            }
        }
        var start = Fr.one
        return chunks.indices.map { j in
            let ratio = chunks[j]
            chunks[j] = []
            var z = [Fr](repeating: .zero, count: n)
            z[0] = start
            for i in 0..<u { z[i + 1] = z[i] * ratio[i] }
            start = z[u]
            for i in (u + 1)..<n { z[i] = random() }
            return z
        }
    }
}

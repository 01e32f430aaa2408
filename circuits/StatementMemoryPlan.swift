import PoTPlonk

extension MemoryPlan {
    /// The estimate for proving `statement` in a table of 2^k rows.
    public init(statement: any ProvableStatement, k: Int) {
        self.init(cs: type(of: statement).constraintSystem, k: k)
    }

    /// The largest instance of the statement `name` (over k = 4 … 26) whose proof fits `budget` bytes.
    public static func largestFitting(_ name: String, budget: Int) -> (k: Int, statement: any ProvableStatement)? {
        var best: (Int, any ProvableStatement)?
        for k in 4...26 {
            // Tables too small for even one step hold nothing; past the budget, larger k only grow.
            guard let statement = try? Statements.filling(name, k: k) else { continue }
            guard MemoryPlan(statement: statement, k: k).peakBytes <= budget else { break }
            best = (k, statement)
        }
        return best
    }
}

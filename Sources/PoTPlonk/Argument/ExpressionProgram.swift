import CBN254
import CNTT
import PoTAlgebra

/// An expression compiled to straight-line vector code, for evaluating it on every row of a
/// domain: the prover's quotient numerator (on each coset of the extended domain) and the
/// lookup inputs (on the table's own rows).
///
/// Walking the `Expr` tree once per row would cost a Swift call per node per row; instead each
/// node becomes one vector kernel call over a block of rows, and equal sub-expressions (the
/// same cell read by several constraints, x + c reused by a gate) are computed once per block.
struct ExpressionProgram {
    enum Instruction: Hashable {
        /// Values of source `source` at row + rotation (wrapping around the domain).
        case load(source: Int, rotation: Int)
        case constant(Fr)
        case add(Int, Int)
        case sub(Int, Int)
        case mul(Int, Int)
        case scale(Int, Fr)
    }

    let instructions: [Instruction]
    let result: Int

    /// Rows per kernel call: long enough to amortise the call, short enough that a program's
    /// registers stay in cache.
    static let block = 128

    /// Compiles `expression`; `source` names the buffer that holds a column's values (selectors
    /// and challenges must have been lowered to fixed columns and constants first).
    init(_ expression: Expr, source: (Column) -> Int) {
        var instructions: [Instruction] = []
        var index: [Instruction: Int] = [:]
        func emit(_ instruction: Instruction) -> Int {
            if let i = index[instruction] { return i }
            instructions.append(instruction)
            index[instruction] = instructions.count - 1
            return instructions.count - 1
        }
        func compile(_ e: Expr) -> Int {
            switch e {
            case .constant(let c): return emit(.constant(c))
            case .selector(let s): preconditionFailure("\(s) was not lowered to a fixed column")
            case .challenge(let c): preconditionFailure("\(c) was not lowered to its value")
            case .query(let q): return emit(.load(source: source(q.column), rotation: q.rotation))
            case .negated(let a): return emit(.scale(compile(a), -.one))
            case .sum(let a, .negated(let b)): return emit(.sub(compile(a), compile(b)))
            case .sum(let a, let b): return emit(.add(compile(a), compile(b)))
            case .product(let a, .constant(let c)), .product(.constant(let c), let a): return emit(.scale(compile(a), c))
            case .product(let a, let b): return emit(.mul(compile(a), compile(b)))
            }
        }
        result = compile(expression)
        self.instructions = instructions
    }

    /// Evaluates the program on rows 0 ..< n: `sources[s]` points at n values of source s,
    /// `out` receives n values. Rows are shared out between threads in whole blocks.
    func evaluate(sources: [UnsafePointer<bn254_fr>], rows n: Int, into out: UnsafeMutablePointer<bn254_fr>,
                  threads: Int = Parallelism.available) {
        let blocks = (n + Self.block - 1) / Self.block
        Parallelism.forEachRange(blocks, threads: min(threads, max(1, blocks / 8))) { range in
            let registers = UnsafeMutablePointer<bn254_fr>.allocate(capacity: instructions.count * Self.block)
            defer { registers.deallocate() }
            var pointers = [UnsafePointer<bn254_fr>](repeating: UnsafePointer(registers), count: instructions.count)
            // Constants never change between blocks: fill their registers once.
            for (i, instruction) in instructions.enumerated() {
                guard case .constant(let c) = instruction else { continue }
                let r = registers + i * Self.block
                for j in 0..<Self.block { r[j] = c.raw }
                pointers[i] = UnsafePointer(r)
            }
            for b in range {
                let start = b * Self.block
                let count = min(Self.block, n - start)
                for (i, instruction) in instructions.enumerated() {
                    let r = registers + i * Self.block
                    switch instruction {
                    case .constant: continue
                    case .load(let s, let rotation):
                        let first = ((start + rotation) % n + n) % n
                        if first + count <= n {
                            // Read in place; the register is not written.
                            pointers[i] = sources[s] + first
                            continue
                        }
                        let head = n - first
                        r.update(from: sources[s] + first, count: head)
                        (r + head).update(from: sources[s], count: count - head)
                    case .add(let a, let b): bn254_fr_vec_add(r, pointers[a], pointers[b], count)
                    case .sub(let a, let b): bn254_fr_vec_sub(r, pointers[a], pointers[b], count)
                    case .mul(let a, let b): bn254_fr_vec_mul(r, pointers[a], pointers[b], count)
                    case .scale(let a, let c): withUnsafePointer(to: c.raw) { bn254_fr_vec_scale(r, pointers[a], $0, count) }
                    }
                    pointers[i] = UnsafePointer(r)
                }
                (out + start).update(from: pointers[result], count: count)
            }
        }
    }

    /// The value at one point, `value(source, rotation)` giving each load: how the verifier
    /// evaluates the constraints at x, with each shared sub-expression computed once.
    func evaluate(_ value: (_ source: Int, _ rotation: Int) -> Fr) -> Fr {
        var registers: [Fr] = []
        registers.reserveCapacity(instructions.count)
        for instruction in instructions {
            let v: Fr = switch instruction {
            case .load(let s, let rotation): value(s, rotation)
            case .constant(let c): c
            case .add(let a, let b): registers[a] + registers[b]
            case .sub(let a, let b): registers[a] - registers[b]
            case .mul(let a, let b): registers[a] * registers[b]
            case .scale(let a, let c): registers[a] * c
            }
            registers.append(v)
        }
        return registers[result]
    }
}

/// Runs `body` with stable pointers to every array's elements (empty arrays give a pointer
/// that must not be read).
func withPointers<R>(_ arrays: [[Fr]], _ body: ([UnsafePointer<bn254_fr>]) -> R) -> R {
    var pointers: [UnsafePointer<bn254_fr>] = []
    pointers.reserveCapacity(arrays.count)
    let dangling = UnsafePointer<bn254_fr>(bitPattern: MemoryLayout<bn254_fr>.alignment)!
    func nest(_ i: Int) -> R {
        if i == arrays.count { return body(pointers) }
        return arrays[i].withRawElements { p in
            pointers.append(p ?? dangling)
            return nest(i + 1)
        }
    }
    return nest(0)
}

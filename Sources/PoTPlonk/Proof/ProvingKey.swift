import Foundation
import PoTAlgebra
import PoTCommitments
import PoTSystem

/// The prover's key: the verifying key plus every fixed column as coefficients (the quotient
/// evaluates them on cosets, the openings divide them), and, for the few columns the lookups
/// read row by row, their values on H as well. Any other column's values (the σ's for the
/// permutation, every column when the key is written) are recomputed by one NTT when needed:
/// a second form of every column would double the key's share of the prover's memory.
public final class ProvingKey: @unchecked Sendable {
    public let vk: VerifyingKey
    let cs: ConstraintSystem
    let layout: ArgumentLayout
    let domain: Domain
    /// ω^i for i < n.
    let elements: [Fr]
    /// Values on H of the committed fixed columns that lookups read (inputs and tables), by index.
    let lookupFixedValues: [Int: [Fr]]
    /// Coefficients of the committed fixed columns, then L_0, L_last and L_active.
    let fixedPolynomials: [Polynomial]
    private let lagrangeLock = NSLock()
    private var lagrange: LagrangeBasis?

    /// Computes, once, the SRS's Lagrange basis for this key's domain (`LagrangeBasis`: about
    /// (k/2 + 1)·2^k scalar multiplications, about 590,000 at k = 16, and 64·2^k
    /// bytes); every later proof with this key then commits its witness columns and lookup
    /// multiplicities from their values, whose small entries take short MSMs. Worth it for a
    /// run of proofs, not for one. `srs` must be the key's.
    public func prepareLagrangeBasis(srs: SRS, threads: Int = Parallelism.available) throws(PlonkError) {
        guard srs.verifierKey.digest == vk.srsDigest else {
            throw .keyMismatch("the SRS is not the one the proving key was made with")
        }
        guard lagrangeBasis == nil else { return }
        let basis = LagrangeBasis(srs: srs, k: layout.k, threads: threads)
        lagrangeLock.withLock { lagrange = basis }
    }

    /// The Lagrange basis of the key's SRS and domain, once prepared.
    var lagrangeBasis: LagrangeBasis? { lagrangeLock.withLock { lagrange } }

    /// Generates keys for `circuit` in a table of 2^k rows. Only the fixed cells and copy
    /// constraints that `synthesize` produces matter, so any witness will do; the circuit is
    /// synthesized without challenge values, so neither may depend on them. `circuitName`
    /// goes into the verifying key, to tell keys apart. `publicInputCounts` (one per instance
    /// column) is how many public inputs a proof must carry in each column; by default, as
    /// many as the rows the circuit copies into the column, up to the last one. A degenerate
    /// SRS (`KZGVerifierKey.defect`) is refused.
    public convenience init<C: Circuit>(_ circuit: C, k: Int, srs: SRS, circuitName: String,
                                        publicInputCounts: [Int]? = nil) throws(PlonkError) {
        let synthesis = try Synthesis(circuit, k: k)
        let (cs, assignment) = (synthesis.cs, synthesis.assignment)
        guard srs.maxCoefficients >= 1 << k else { throw .srsTooSmall(needed: k, available: srs.k) }
        guard srs.maxCoefficients >= 2 else { throw .degenerateSRS("a single G1 power") }
        if let defect = srs.verifierKey.defect { throw .degenerateSRS(defect) }
        var copied = [Int](repeating: 0, count: cs.instanceColumns)
        for (a, b) in assignment.copies {
            for cell in [a, b] where cell.column.kind == .instance {
                copied[cell.column.index] = max(copied[cell.column.index], cell.row + 1)
            }
        }
        let counts = publicInputCounts ?? copied
        guard counts.count == cs.instanceColumns else {
            throw .instanceColumnCount(given: counts.count, expected: cs.instanceColumns)
        }
        for (column, (count, needed)) in zip(counts, copied).enumerated() where count < needed || count > cs.usableRows(k: k) {
            throw .publicInputCount("instance column \(column) is declared with \(count) public inputs; the circuit copies \(needed) "
                                    + "and \(cs.usableRows(k: k)) rows are usable")
        }
        let layout = ArgumentLayout(cs: cs, k: k)
        let domain = Domain(logSize: k)
        let elements = domain.elements
        var values = assignment.fixed
        for s in 0..<cs.selectors { values.append(assignment.selectors[s].map { $0 ? Fr.one : Fr.zero }) }
        values += try Permutation.sigmas(layout, copies: assignment.copies, elements: elements)
        let polynomials = values.map { Evaluations(values: $0, domain: domain).interpolate() }
        let prover = KZGProver(srs: srs)
        let vk = VerifyingKey(circuit: circuitName, k: k, constraintDigest: cs.digest, srsFlags: srs.flags,
                              kzg: srs.verifierKey, instanceCounts: counts, fixedCommitments: polynomials.map { prover.commit($0) })
        self.init(vk: vk, cs: cs, layout: layout, domain: domain, elements: elements, fixedValues: values,
                  committedPolynomials: polynomials)
    }

    /// Keeps of `fixedValues` (every committed column on H) only the columns lookups read.
    init(vk: VerifyingKey, cs: ConstraintSystem, layout: ArgumentLayout, domain: Domain, elements: [Fr],
         fixedValues: [[Fr]], committedPolynomials: [Polynomial]) {
        self.vk = vk
        self.cs = cs
        self.layout = layout
        self.domain = domain
        self.elements = elements
        var kept: [Int: [Fr]] = [:]
        for c in layout.lookupFixedColumns(cs) { kept[c] = fixedValues[c] }
        lookupFixedValues = kept
        let (n, u) = (layout.n, layout.usableRows)
        var first = [Fr](repeating: .zero, count: n), last = first, active = first
        first[0] = .one
        last[u] = .one
        for i in 0..<u { active[i] = .one }
        fixedPolynomials = committedPolynomials + [first, last, active].map { Evaluations(values: $0, domain: domain).interpolate() }
    }

    /// Values on H of committed fixed column `index`: kept, or recomputed from its coefficients.
    func fixedValues(_ index: Int) -> [Fr] {
        lookupFixedValues[index] ?? fixedPolynomials[index].evaluations(on: domain).values
    }

    static let magic = Array("PoT-PKEY".utf8)
    static let version: UInt32 = 3

    /// The file format of docs/plonk-format.md: the verifying key, then the committed fixed
    /// columns' values on H (coefficients are recomputed on load, one inverse NTT each), then
    /// the SHA-256 of every byte before it: a flipped bit in a column would otherwise give
    /// proofs that fail to verify, with nothing saying why.
    public func encoded() -> [UInt8] {
        var w = ByteWriter()
        w.raw(Self.magic)
        w.u32(Self.version)
        let vkBytes = vk.encoded()
        w.u32(UInt32(vkBytes.count))
        w.raw(vkBytes)
        w.u32(UInt32(layout.committedFixed))
        for c in 0..<layout.committedFixed { w.scalars(fixedValues(c)) }
        return w.bytes + SHA256.hash(w.bytes)
    }

    public func write(to path: String) throws(PlonkFileError) {
        try FileBytes.write(encoded(), to: path)
    }

    /// Reads a proving key for circuit type `C`; the circuit's shape must be the one the key
    /// was made for.
    public static func load<C: Circuit>(path: String, for circuit: C.Type) throws(PlonkError) -> ProvingKey {
        let cs = try C.configured().cs
        let (vk, values): (VerifyingKey, [[Fr]])
        do { (vk, values) = try read(path: path) } catch { throw .file(error) }
        guard cs.digest == vk.constraintDigest else {
            throw .keyMismatch("\(path) was made for another circuit than '\(vk.circuit)' as this build configures it")
        }
        // The circuit's blinding rows need a table of some size; a smaller k leaves no row.
        guard cs.usableRows(k: vk.k) > 0 else { throw .file(.malformed(path: path, reason: "k = \(vk.k) leaves this circuit no usable row")) }
        let layout = ArgumentLayout(cs: cs, k: vk.k)
        let domain = Domain(logSize: vk.k)
        return ProvingKey(vk: vk, cs: cs, layout: layout, domain: domain, elements: domain.elements, fixedValues: values,
                          committedPolynomials: values.map { Evaluations(values: $0, domain: domain).interpolate() })
    }

    /// The verifying key stored at the head of a proving-key file, read without the rest: it
    /// names the circuit, so a caller knows which circuit type to load the key for.
    public static func verifyingKey(inProvingKey path: String) throws(PlonkFileError) -> VerifyingKey {
        let file: InputFile
        do { file = try InputFile(path: path) } catch { throw .cannotRead(path: path, reason: error.reason) }
        let headSize = magic.count + 8
        var r = ByteReader((try? file.read(min(headSize, Int(clamping: file.size)), at: 0)) ?? [], path: path)
        try r.header(magic: magic, version: version, what: "a PoT proving key")
        let length = try r.count("verifying key bytes", limit: 16 << 20)
        guard let body = try? file.read(length, at: UInt64(headSize)) else { throw .truncated(path: path) }
        return try VerifyingKey(bytes: body, path: path)
    }

    private static func read(path: String) throws(PlonkFileError) -> (VerifyingKey, [[Fr]]) {
        let file = try FileBytes.read(path, limit: 1 << 36)
        guard file.count >= SHA256.digestSize else { throw .truncated(path: path) }
        let bytes = Array(file.dropLast(SHA256.digestSize))
        var r = ByteReader(bytes, path: path)
        try r.header(magic: magic, version: version, what: "a PoT proving key")
        guard SHA256.hash(bytes) == Array(file.suffix(SHA256.digestSize)) else {
            throw .malformed(path: path, reason: "checksum mismatch at byte \(bytes.count): the key was altered or corrupted")
        }
        let vk = try VerifyingKey(bytes: try r.raw(try r.count("verifying key bytes", limit: 16 << 20)), path: path)
        let n = 1 << vk.k
        let count = try r.count("fixed column", limit: 1 << 16)
        guard count == vk.fixedCommitments.count else {
            throw .malformed(path: path, reason: "\(count) fixed columns but \(vk.fixedCommitments.count) commitments")
        }
        guard r.remaining == count * n * 32 else { throw .truncated(path: path) }
        var values: [[Fr]] = []
        for c in 0..<count { values.append(try r.scalars(n, "fixed column \(c) row")) }
        return (vk, values)
    }
}

import XCTest
import PoTAlgebra
import PoTCommitments
@testable import PoTPlonk

/// Real key generation, proving and verification for the gadget tests, and forced proofs of
/// tampered witnesses, which must fail to verify.
enum GadgetProofs {
    static let srs = SRS.insecure(k: 10, tau: Fr(0x5eed_c0de))

    /// Proves and verifies `circuit` with its honest witness.
    static func proveAndVerify<C: Circuit>(_ circuit: C, k: Int, instances: [[Fr]], _ name: String) throws {
        let key = try ProvingKey(circuit, k: k, srs: srs, circuitName: name)
        let proof = try Prover.prove(circuit, instances: instances, key: key, srs: srs, threads: 2)
        try Verifier.verify(proof, key: key.vk, circuit: C.self)
    }

    /// The rows of the regions named `name`, in layout order.
    static func regionRows<C: Circuit>(_ circuit: C, k: Int, named name: String) throws -> [Range<Int>] {
        try Synthesis(circuit, k: k).assignment.regions.filter { $0.name == name }.map(\.rows)
    }

    /// Applies `tamper` to the honest witness: the debug checker must report a failure that
    /// `expect` accepts, and a proof forced through the prover must not verify.
    static func assertRejected<C: Circuit>(_ circuit: C, k: Int, instances: [[Fr]], _ what: String,
                                           expect: (CheckFailure) -> Bool = { _ in true },
                                           tamper: @escaping (inout [[Fr]]) -> Void = { _ in },
                                           file: StaticString = #filePath, line: UInt = #line) throws {
        let synthesis = try Synthesis(circuit, k: k)
        var assignment = synthesis.assignment
        tamper(&assignment.advice)
        let checker = try DebugChecker(cs: synthesis.cs, assignment: assignment, instances: instances)
        guard let failure = checker.firstFailure else { return XCTFail("\(what): the checker accepts", file: file, line: line) }
        XCTAssertTrue(expect(failure), "\(what): unexpected failure \(failure)", file: file, line: line)
        let key = try ProvingKey(circuit, k: k, srs: srs, circuitName: what)
        let forced = try Prover.prove(circuit, instances: instances, key: key, srs: srs, threads: 2, progress: { _ in },
                                      requireSatisfied: false, tamper: tamper)
        XCTAssertThrowsError(try Verifier.verify(forced, key: key.vk, circuit: C.self), "\(what): forced proof accepted",
                             file: file, line: line)
    }
}

extension CheckFailure {
    var isInstance: Bool { if case .instance = self { true } else { false } }
    var isCopy: Bool { if case .copy = self { true } else { false } }
    func isGate(_ name: String) -> Bool { if case .gate(let gate, _, _, _) = self { gate == name } else { false } }
    /// A range check's failure: a limb outside the table, or a running sum that does not close.
    var isRangeCheck: Bool {
        switch self {
        case .lookup: true
        case .gate(let gate, _, _, _): gate.hasPrefix("range ")
        default: false
        }
    }
}

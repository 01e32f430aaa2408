import XCTest
import PoTAlgebra

/// poseidon_vectors.json: the `poseidon-hash` PyPI package configured as circomlib's instance
/// (scripts/vectors/poseidon_vectors.py); an implementation independent of CPoseidon except
/// for the MDS matrix, which both take from circomlib.
private struct PoseidonVectors: Decodable {
    struct Hash: Decodable { let a, b, hash: String }
    struct Permutation: Decodable { let input, output: [String] }
    let hashes: [Hash]
    let permutations: [Permutation]
}

final class PoseidonTests: XCTestCase {
    private func fr(_ text: String) -> Fr { Fr(text)! }

    /// circomlib's own known answers (circomlibjs Poseidon tests).
    func testCircomlibKnownAnswers() {
        XCTAssertEqual(Poseidon.hash(1, 2),
                       fr("7853200120776062878684798364095072458815029376092732009249414926327459813530"))
        XCTAssertEqual(Poseidon.hash(0, 0),
                       fr("14744269619966411208579211824598458697587494354926760081771325075741142829156"))
    }

    func testHashesAgreeWithPoseidonHashPackage() throws {
        let vectors = try Fixtures.load("poseidon_vectors.json", as: PoseidonVectors.self)
        XCTAssertGreaterThanOrEqual(vectors.hashes.count, 22)
        for v in vectors.hashes {
            XCTAssertEqual(Poseidon.hash(fr(v.a), fr(v.b)), fr(v.hash), "Poseidon(\(v.a), \(v.b))")
        }
    }

    func testPermutationAgreesWithPoseidonHashPackage() throws {
        let vectors = try Fixtures.load("poseidon_vectors.json", as: PoseidonVectors.self)
        XCTAssertFalse(vectors.permutations.isEmpty)
        for v in vectors.permutations {
            XCTAssertEqual(Poseidon.permute(v.input.map(fr)), v.output.map(fr))
        }
    }

    /// The exported constants drive the circuit gadget, so they must be the ones the kernel uses:
    /// a plain Swift permutation over them must reproduce the kernel.
    func testExportedConstantsReproduceTheKernel() {
        XCTAssertEqual(Poseidon.roundConstants.count, Poseidon.fullRounds + Poseidon.partialRounds)
        var state: [Fr] = [3, 5, 7]
        let expected = Poseidon.permute(state)
        for (r, constants) in Poseidon.roundConstants.enumerated() {
            state = zip(state, constants).map(+)
            state = state.enumerated().map { i, x in
                i == 0 || Poseidon.isFullRound(r) ? x * x.squared.squared : x
            }
            state = Poseidon.mds.map { row in zip(row, state).map(*).reduce(Fr.zero, +) }
        }
        XCTAssertEqual(state, expected)
    }
}

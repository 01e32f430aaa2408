import Foundation
import PoTAlgebra
import PoTCircuits
import PoTCommitments
import PoTPlonk
import XCTest

@testable import PoTTraining

/// `TrainingChain.verify` checks a run's step proofs together, in one multi-pairing: a proved
/// run passes; a bad proof among good ones fails the chain and is named, alone; two proofs
/// whose errors would cancel if their equations were simply added are both caught.
final class ChainVerificationTests: XCTestCase {
    static let tau = Fr(0x7a12)

    /// A 6→4→3 MLP at batch 2 on 12 synthetic examples, three steps, one proof each, written
    /// as a run directory once; each test works on its own copy.
    static let proved: (directory: String, key: VerifyingKey, statement: TrainStepStatement) = {
        do {
            var generator = SeededRandom(seed: 41)
            let inputs = (0..<72).map { _ in Int64(generator.next() % 17) << 12 }
            let data = LabelledExamples(inputs: IntegerMatrix(rows: 12, columns: 6, values: inputs), labels: (0..<12).map { $0 % 3 })
            let config = try TrainingConfig(widths: [6, 4, 3], batchSize: 2, learningRate: 0.5, initSeed: 3, trainExamples: 10)
            var run = try TrainingRun(config: config, data: data, dataName: "synthetic",
                                      secrets: RunSecrets(scheduleSeed: Fr(5), runSecret: Fr(6), datasetSalt: Fr(7)))
            let records = try (0..<3).map { _ in try run.advance() }
            let witnesses = try StepWitnesses(run: run, stepsPerProof: 1)
            let k = witnesses.statement.minimumK
            let srs = SRS.insecure(k: k, tau: tau)
            let key = try witnesses.statement.keygen(k: k, srs: srs)
            let proved = try RunProver(witnesses: witnesses, key: key, srs: srs).proveAll(records)
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pot-chain-\(UUID().uuidString)").path
            let evaluation = try run.weights.evaluate(run.holdout)
            try RunDirectory.write(to: directory, run: run, steps: records.map(\.summary), before: evaluation, after: evaluation,
                                   dataSHA256: "", force: false, proved: proved)
            return (directory, key.vk, witnesses.statement)
        } catch {
            fatalError("the proved run builds: \(error)")
        }
    }()

    override class func tearDown() {
        try? FileManager.default.removeItem(atPath: proved.directory)
        super.tearDown()
    }

    /// A copy of the proved run, removed when the test ends.
    private func copy() throws -> String {
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("pot-chain-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: Self.proved.directory, toPath: target)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: target) }
        return target
    }

    private func stepProofs(_ directory: String) throws -> ChainCheck {
        let run = try TrainingChain.load(directory: directory)
        let checks = TrainingChain.verify(run, directory: directory, key: Self.proved.key, weights: nil)
        return try XCTUnwrap(checks.first { $0.name == "step proofs" })
    }

    /// Rewrites step `t`'s proof file with `change` applied.
    private func tamper(_ directory: String, step t: Int, _ change: (inout Proof) throws -> Void) throws {
        let run = try TrainingChain.load(directory: directory)
        let path = directory + "/" + run.proofs.files[t].file
        var (proof, digest) = try Proof.load(path: path)
        try change(&proof)
        try proof.write(to: path, vkDigest: digest)
    }

    private func files(_ directory: String) throws -> [String] { try TrainingChain.load(directory: directory).proofs.files.map(\.file) }

    func testAProvedRunVerifies() throws {
        let directory = try copy()
        let run = try TrainingChain.load(directory: directory)
        XCTAssertEqual(run.proofs.files.count, 3)
        let checks = TrainingChain.verify(run, directory: directory, key: Self.proved.key, weights: nil)
        XCTAssertTrue(checks.allSatisfy(\.passed), "\(checks.filter { !$0.passed })")
    }

    /// Each proof in turn made bad (W' moved, or a claimed evaluation changed): the chain fails
    /// and the detail names that proof's file and no other.
    func testOneBadProofIsNamed() throws {
        for t in 0..<3 {
            for part in ["W'", "evaluation"] {
                let directory = try copy()
                try tamper(directory, step: t) { proof in
                    if part == "W'" { proof.wPrime = proof.wPrime + .generator } else { proof.evaluations[0] += .one }
                }
                let check = try stepProofs(directory)
                XCTAssertFalse(check.passed, "step \(t) \(part)")
                let names = try files(directory)
                XCTAssertTrue(check.detail.contains(names[t]), check.detail)
                for other in names where other != names[t] { XCTAssertFalse(check.detail.contains(other), "\(other) named: \(check.detail)") }
            }
        }
    }

    /// Steps 0 and 2 with W' moved by Δ_0 and Δ_2 chosen (τ is known: a test SRS) so that the
    /// sum of their two pairing equations still holds: both are named.
    func testErrorsThatCancelUnderEqualWeightsAreCaught() throws {
        let directory = try copy()
        let (key, statement) = (Self.proved.key, Self.proved.statement)
        let names = try files(directory)
        let z = try [0, 2].map { t in
            try XCTUnwrap(statement.prepare(try Proof.load(path: directory + "/" + names[t]).proof, key: key).leftScalars.last)
        }
        try tamper(directory, step: 0) { $0.wPrime = $0.wPrime + .generator }
        try tamper(directory, step: 2) { $0.wPrime = $0.wPrime + G1.generator * -((z[0] - Self.tau) * (z[1] - Self.tau).inverse!) }
        let claims = try [0, 2].map { t in try statement.prepare(try Proof.load(path: directory + "/" + names[t]).proof, key: key) }
        let sum = KZGPairingClaim(key: claims[0].key, left: claims[0].left + claims[1].left,
                                  leftScalars: claims[0].leftScalars + claims[1].leftScalars,
                                  right: claims[0].right + claims[1].right, rightScalars: claims[0].rightScalars + claims[1].rightScalars)
        XCTAssertTrue(sum.holds(), "the errors cancel under weights (1, 1)")

        let check = try stepProofs(directory)
        XCTAssertFalse(check.passed)
        XCTAssertTrue(check.detail.contains(names[0]) && check.detail.contains(names[2]), check.detail)
        XCTAssertFalse(check.detail.contains(names[1]), check.detail)
    }
}

import Foundation
import PoTAlgebra
import PoTCommitments
import XCTest

@testable import PoTTraining

final class WeightsFileTests: XCTestCase {
    static let salt = Fr(99)

    func parameters() throws -> MLPParameters { try MLPParameters.initial(widths: [5, 4, 3], seed: 3) }

    func honestBytes() throws -> [UInt8] {
        let p = try parameters()
        return RunDirectory.weightsFile(p, step: 7, salt: Self.salt, commitment: try TensorCommitment.commit(p.tensors, salt: Self.salt))
    }

    /// The honest file with `change` applied to its tensors and metadata, written again.
    func tampered(_ change: (inout [(name: String, shape: [Int], data: SafetensorsFile.Values)], inout [String: String]) -> Void) throws -> [UInt8] {
        let file = try SafetensorsFile(bytes: try honestBytes(), name: "w")
        var tensors = file.tensors, metadata = file.metadata
        change(&tensors, &metadata)
        var out = SafetensorsFile()
        for t in tensors { out.add(t.name, shape: t.shape, t.data) }
        out.metadata = metadata
        return out.bytes
    }

    func testReadsBackWhatTheRunWrites() throws {
        let read = try WeightsFile(bytes: try honestBytes(), name: "w.safetensors")
        XCTAssertEqual(read.parameters, try parameters())
        XCTAssertEqual(read.step, 7)
        XCTAssertEqual(read.salt, Self.salt)
        XCTAssertEqual(read.commitment, try TensorCommitment.commit(try parameters().tensors, salt: Self.salt))
    }

    func testEveryTamperingIsRejectedWithItsReason() throws {
        func rejects(_ bytes: [UInt8], _ reason: String, line: UInt = #line) {
            assertTrainingError(try WeightsFile(bytes: bytes, name: "w.safetensors"), prefix: "w.safetensors", reason: reason, line: line)
        }
        func setValue(_ name: String, _ index: Int, _ delta: Int32, alsoFloat: Bool)
            -> (inout [(name: String, shape: [Int], data: SafetensorsFile.Values)], inout [String: String]) -> Void {
            { tensors, _ in
                for i in tensors.indices {
                    if tensors[i].name == name + ".fixed", case .i32(var v) = tensors[i].data {
                        v[index] += delta
                        tensors[i].data = .i32(v)
                    }
                    if alsoFloat, tensors[i].name == name, case .f32(var v) = tensors[i].data {
                        v[index] = Float((Double(v[index]) * 65536 + Double(delta)) / 65536)
                        tensors[i].data = .f32(v)
                    }
                }
            }
        }
        // One weight changed, its F32 copy too: the commitment no longer matches.
        rejects(try tampered(setValue("W_2", 5, 1, alsoFloat: true)), "commit to")
        rejects(try tampered(setValue("b_1", 0, -3, alsoFloat: true)), "the file states")
        // The exact value changed alone: its F32 copy says otherwise.
        rejects(try tampered(setValue("W_1", 0, 1, alsoFloat: false)), "W_1[0] =")
        rejects(try tampered { _, m in m["salt"] = "0x05" }, "commit to")
        rejects(try tampered { _, m in m["commitment"] = RunDirectory.hex(Fr(1)) }, "the file states")
        rejects(try tampered { _, m in m["salt"] = "salt" }, "metadata salt")
        rejects(try tampered { _, m in m["layers"] = "5,4" }, "unexpected tensor W_2 for layers [5, 4]")
        rejects(try tampered { _, m in m["layers"] = "5,3,3" }, "no I32 tensor W_1.fixed of shape [3, 5]")
        rejects(try tampered { _, m in m["layers"] = "5,4,x" }, "metadata layers")
        rejects(try tampered { _, m in m["format"] = "other" }, "metadata format")
        rejects(try tampered { t, _ in t.removeAll { $0.name == "b_2" } }, "no F32 tensor b_2")
        rejects(try tampered { t, _ in t.append((name: "extra", shape: [1], data: .i32([0]))) }, "unexpected tensor extra")
        rejects(try tampered { t, _ in
            let i = t.firstIndex { $0.name == "b_1.fixed" }!
            t[i].data = .i32([1 << 30, 0, 0, 0])
        }, "b_1.fixed[0] = 1073741824 is outside the value range")
        let honest = try honestBytes()
        rejects(Array(honest.dropLast(4)), "do not hold")
        rejects(honest + [0, 0, 0, 0], "4 bytes after the last tensor")
        rejects(Array(honest.prefix(5)), "too short")
        rejects([255, 255, 0, 0, 0, 0, 0, 0] + Array(honest.dropFirst(8)), "passes the end of the file")
        assertTrainingError(try WeightsFile.read(path: "/nonexistent/w.safetensors"), prefix: "/nonexistent/w.safetensors", reason: "No such file or directory")
        assertTrainingError(try WeightsFile.read(path: "/tmp"), prefix: "/tmp", reason: "directory, not a regular file")
    }
}

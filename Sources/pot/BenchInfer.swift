import ArgumentParser
import Foundation
import PoTBench

extension Bench {
    /// The infer group's workloads over `file` or `$POT_TEST_MODEL`. Without either, `bench
    /// infer` (and `bench behave`) fails and `bench all` says on stderr that it skips the group.
    func inferWorkloads(required: Bool) throws -> [Workload] {
        guard let path = try model(for: "infer", required: required) else { return [] }
        return try InferWorkloads.all(path: path)
    }

    /// The behave group's workloads: an audit of the model against a copy of itself.
    func behaveWorkloads(required: Bool) throws -> [Workload] {
        guard let path = try model(for: "behave", required: required) else { return [] }
        return try BehaveWorkloads.all(path: path)
    }

    private func model(for group: String, required: Bool) throws -> String? {
        guard let path = file ?? ProcessInfo.processInfo.environment["POT_TEST_MODEL"] else {
            if required { throw ValidationError("the \(group) group needs a MODEL file (or POT_TEST_MODEL)") }
            FileHandle.standardError.write(Data("bench: \(group) group skipped (no FILE and no POT_TEST_MODEL)\n".utf8))
            return nil
        }
        return path
    }
}

import ArgumentParser
import Foundation
import PoTBench

extension Bench {
    /// The infer group's workloads over `file` or `$POT_TEST_MODEL`. Without either, `bench
    /// infer` fails and `bench all` says on stderr that it skips the group.
    func inferWorkloads(required: Bool) throws -> [Workload] {
        guard let path = file ?? ProcessInfo.processInfo.environment["POT_TEST_MODEL"] else {
            if required { throw ValidationError("the infer group needs a MODEL file (or POT_TEST_MODEL)") }
            FileHandle.standardError.write(Data("bench: infer group skipped (no FILE and no POT_TEST_MODEL)\n".utf8))
            return []
        }
        return try InferWorkloads.all(path: path)
    }
}

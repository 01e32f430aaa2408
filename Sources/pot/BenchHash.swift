import ArgumentParser
import Foundation
import PoTBench

extension Bench {
    /// The hash group's workloads over `file` or `$POT_TEST_MODEL`. Without either, `bench
    /// hash` fails and `bench all` says on stderr that it skips the group.
    func hashWorkloads(required: Bool) throws -> [Workload] {
        guard let path = file ?? ProcessInfo.processInfo.environment["POT_TEST_MODEL"] else {
            if required { throw ValidationError("the hash group needs a FILE (or POT_TEST_MODEL)") }
            FileHandle.standardError.write(Data("bench: hash group skipped (no FILE and no POT_TEST_MODEL)\n".utf8))
            return []
        }
        return try HashWorkloads.all(path: path)
    }
}

import Foundation

/// Runs `body` on disjoint, contiguous ranges covering 0 ..< count, one range per core. The
/// kernels keep no hidden state, so ranges only need disjoint outputs.
func forEachRange(_ count: Int, minimumPerRange: Int = 1024, _ body: (Range<Int>) -> Void) {
    let parts = max(1, min(ProcessInfo.processInfo.activeProcessorCount, count / max(1, minimumPerRange)))
    if parts == 1 {
        body(0..<count)
        return
    }
    // The ranges write disjoint memory through raw pointers, which Sendable cannot express.
    struct Ranges: @unchecked Sendable { let run: (Range<Int>) -> Void }
    withoutActuallyEscaping(body) { body in
        let ranges = Ranges(run: body)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            ranges.run((part * count / parts)..<((part + 1) * count / parts))
        }
    }
}

/// The lowest failing index reported from parallel ranges, so the error a user sees does not
/// depend on thread timing.
final class LowestFailure: @unchecked Sendable {
    private let lock = NSLock()
    private var index: Int?

    func record(_ failing: Int) {
        lock.lock()
        defer { lock.unlock() }
        if index.map({ failing < $0 }) ?? true { index = failing }
    }

    var first: Int? {
        lock.lock()
        defer { lock.unlock() }
        return index
    }
}

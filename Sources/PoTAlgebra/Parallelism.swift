import Foundation

/// How the algebra kernels share work between threads: the C kernels process one chunk per
/// call and keep no state, so a computation splits into disjoint chunk ranges, one per thread.
public enum Parallelism {
    /// The number of cores this process may use: the default thread count of the kernels.
    public static var available: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// Runs `body` on `min(threads, count)` disjoint contiguous ranges covering 0 ..< count,
    /// concurrently when there is more than one, and returns when all are done.
    ///
    /// `body` is not required to be `@Sendable`: callers pass buffer pointers into it, and the
    /// contract that makes this safe is theirs to keep — each range writes only its own
    /// elements.
    package static func forEachRange(_ count: Int, threads: Int, _ body: (Range<Int>) -> Void) {
        let parts = max(1, min(threads, count))
        if parts == 1 {
            body(0..<count)
            return
        }
        withoutActuallyEscaping(body) { body in
            let shared = UncheckedSendable(value: body)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                shared.value((part * count / parts)..<((part + 1) * count / parts))
            }
        }
    }
}

private struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
}

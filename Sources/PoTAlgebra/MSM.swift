import CBN254
import CMSM
import Dispatch
import Foundation

/// Multi-scalar multiplication: sum_i k_i P_i over G1 or G2, by the C kernels of `CMSM`
/// (Pippenger's bucket method with signed digits; batch-affine buckets on G1), split across
/// threads here.
public enum MSM {
    /// The thread count used when a caller does not choose one: every active processor.
    public static var defaultThreads: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// Point references in the kernels are 32-bit (index and sign), so this is the largest
    /// number of points one MSM takes.
    public static let maxCount = 1 << 31 - 1
    /// Bytes a G1 MSM of `count` points allocates besides its inputs: the signed digits of
    /// every window, one scratch area (buckets, batch buffers) per thread and the window sums.
    public static func workingBytes(count: Int, threads: Int) -> Int {
        guard count > straussLimit else { return 0 }
        var plan = bn254_msm_g1_plan(count, UInt32(min(threads, 64)))
        let windows = Int(plan.windows)
        let tasks = Int(plan.point_parts * plan.window_parts)
        return windows * count * MemoryLayout<Int16>.size + min(threads, tasks) * bn254_msm_g1_scratch_size(&plan)
            + Int(plan.point_parts) * windows * MemoryLayout<bn254_g1>.size
    }

    /// Up to this many points, Straus's method on one thread beats the bucket method (whose
    /// window passes cost the same for 3 points as for 300).
    static let straussLimit = 32

    /// The kernel entry points of one group.
    struct Kernel<Point, Affine>: Sendable {
        typealias PlanPointer = UnsafePointer<bn254_msm_plan>?
        let plan: @Sendable (Int, UInt32) -> bn254_msm_plan
        let scratchSize: @Sendable (PlanPointer) -> Int
        let accumulate: @Sendable (UnsafeMutablePointer<Point>?, UnsafePointer<Affine>?, UnsafePointer<Int16>?,
                                   PlanPointer, UInt32, UnsafeMutableRawPointer?) -> Void
        let combine: @Sendable (UnsafeMutablePointer<Point>?, UnsafePointer<Point>?, PlanPointer) -> Void
    }

    /// A window count, a split into `pointParts * windowParts` tasks and the kernel choice
    /// (see msm.h); tests use it to reach every layout, split and kernel.
    struct Plan {
        let windows: Int, pointParts: Int, windowParts: Int, vector: Bool
    }

    /// Whether this CPU runs the AVX-512 IFMA kernels (chosen automatically when it does).
    public static var vectorKernelsAvailable: Bool { bn254_msm_vector_available() == 1 }

    /// sum_i scalars[i] bases[i]; `infinity` is returned for empty inputs. `plan` replaces
    /// the kernel's choice.
    static func run<Point, Affine>(
        _ kernel: Kernel<Point, Affine>, infinity: Point, bases: UnsafeBufferPointer<Affine>,
        scalars: UnsafeBufferPointer<bn254_fr>, threads: Int, plan: Plan?
    ) -> Point {
        precondition(bases.count == scalars.count, "MSM needs one scalar per base: \(bases.count) bases, \(scalars.count) scalars")
        guard let scalarPointer = scalars.baseAddress else { return infinity }
        var chosen = kernel.plan(bases.count, UInt32(min(threads, 64)))
        if let plan {
            chosen.windows = UInt32(plan.windows)
            chosen.point_parts = UInt32(plan.pointParts)
            chosen.window_parts = UInt32(plan.windowParts)
            chosen.vector = plan.vector ? 1 : 0
        }
        return run(kernel, infinity: infinity, bases: bases, plan: chosen, threads: threads) { digits, plan, begin, end in
            bn254_msm_digits(digits, scalarPointer, plan, begin, end)
        }
    }

    /// The bucket method on `plan`, with `recode(digits, plan, begin, end)` writing the signed
    /// digits of points begin ..< end.
    static func run<Point, Affine>(
        _ kernel: Kernel<Point, Affine>, infinity: Point, bases: UnsafeBufferPointer<Affine>, plan chosen: bn254_msm_plan,
        threads: Int, recode: (UnsafeMutablePointer<Int16>, UnsafePointer<bn254_msm_plan>, Int, Int) -> Void
    ) -> Point {
        let n = bases.count
        precondition(n <= maxCount, "MSM takes at most \(maxCount) points, got \(n)")
        precondition(threads >= 1, "MSM needs at least one thread, got \(threads)")
        guard n > 0, let basePointer = bases.baseAddress else { return infinity }
        return withUnsafePointer(to: chosen) { plan in
            let windows = Int(plan.pointee.windows)
            let digits = UnsafeMutablePointer<Int16>.allocate(capacity: windows * n)
            defer { digits.deallocate() }
            let digitParts = UInt32(min(threads, n))
            parallel(Int(digitParts)) { part in
                var begin = 0, end = 0
                bn254_msm_part(n, digitParts, UInt32(part), &begin, &end)
                recode(digits, plan, begin, end)
            }

            let sums = UnsafeMutablePointer<Point>.allocate(capacity: Int(plan.pointee.point_parts) * windows)
            defer { sums.deallocate() }
            let scratchBytes = kernel.scratchSize(plan)
            let tasks = TaskQueue(count: Int(plan.pointee.point_parts * plan.pointee.window_parts))
            parallel(min(threads, tasks.count)) { _ in
                let scratch = UnsafeMutableRawPointer.allocate(byteCount: scratchBytes, alignment: 64)
                defer { scratch.deallocate() }
                while let task = tasks.next() {
                    kernel.accumulate(sums, basePointer, digits, plan, UInt32(task), scratch)
                }
            }
            var result = infinity
            kernel.combine(&result, sums, plan)
            return result
        }
    }

    /// Hands out task numbers 0 ..< count, each once, to whichever thread asks first: a
    /// thread slowed by other work on its core then takes fewer tasks.
    final class TaskQueue: @unchecked Sendable {
        let count: Int
        private var issued = 0
        private let lock = NSLock()

        init(count: Int) { self.count = count }

        func next() -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard issued < count else { return nil }
            issued += 1
            return issued - 1
        }
    }

    /// Runs body(0), ..., body(count - 1) on `count` threads (the caller's among them).
    private static func parallel(_ count: Int, _ body: (Int) -> Void) {
        if count == 1 {
            body(0)
            return
        }
        // The tasks write disjoint memory through raw pointers, which Sendable cannot express.
        struct Tasks: @unchecked Sendable { let run: (Int) -> Void }
        withoutActuallyEscaping(body) { body in
            let tasks = Tasks(run: body)
            DispatchQueue.concurrentPerform(iterations: count) { tasks.run($0) }
        }
    }

    static let g1 = Kernel<bn254_g1, bn254_g1_affine>(
        plan: bn254_msm_g1_plan, scratchSize: bn254_msm_g1_scratch_size, accumulate: bn254_msm_g1_accumulate,
        combine: bn254_msm_g1_combine)
    static let g2 = Kernel<bn254_g2, bn254_g2_affine>(
        plan: bn254_msm_g2_plan, scratchSize: bn254_msm_g2_scratch_size, accumulate: bn254_msm_g2_accumulate,
        combine: bn254_msm_g2_combine)
}

extension G1 {
    /// The multi-scalar multiplication sum_i scalars[i] bases[i].
    ///
    /// - Parameters:
    ///   - bases: affine points (`G1.batchAffine` makes them); the point at infinity, (0, 0),
    ///     may appear and contributes nothing, as do zero scalars. Bases may repeat.
    ///   - scalars: one per base. An `Fr` is always below the group order r, so scalars are
    ///     never reduced or rejected.
    ///   - threads: how many threads share the work (the caller's thread among them).
    /// - Returns: the sum; the point at infinity when there are no points.
    /// - Precondition: `bases.count == scalars.count`, at most ``MSM/maxCount`` points, `threads >= 1`.
    public static func msm(
        bases: some Collection<bn254_g1_affine>, scalars: some Collection<Fr>, threads: Int = MSM.defaultThreads
    ) -> G1 {
        msm(bases: bases, scalars: scalars, threads: threads, plan: nil)
    }

    static func msm(
        bases: some Collection<bn254_g1_affine>, scalars: some Collection<Fr>, threads: Int, plan: MSM.Plan?
    ) -> G1 {
        if plan == nil && bases.count <= MSM.straussLimit { return straus(Array(bases), Array(scalars)) }
        return G1(raw: MSM.withBuffers(bases, scalars) {
            MSM.run(MSM.g1, infinity: G1.infinity.raw, bases: $0, scalars: $1, threads: threads, plan: plan)
        })
    }
}

extension G1 {
    /// A few points (a verifier's combinations): one doubling chain shared by all, GLV halves
    /// added from per-point tables, on the calling thread.
    static func straus(_ bases: [bn254_g1_affine], _ scalars: [Fr]) -> G1 {
        precondition(bases.count == scalars.count, "MSM needs one scalar per base: \(bases.count) bases, \(scalars.count) scalars")
        guard !bases.isEmpty else { return .infinity }
        let limbs = scalars.flatMap(\.canonical)
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: bn254_g1_msm_small_scratch(bases.count), alignment: 64)
        defer { scratch.deallocate() }
        var out = bn254_g1()
        bn254_g1_msm_small(&out, bases, limbs, bases.count, scratch)
        return G1(raw: out)
    }
}

extension G2 {
    /// The multi-scalar multiplication sum_i scalars[i] bases[i], with the same conventions as
    /// ``G1/msm(bases:scalars:threads:)``.
    public static func msm(
        bases: some Collection<bn254_g2_affine>, scalars: some Collection<Fr>, threads: Int = MSM.defaultThreads
    ) -> G2 {
        msm(bases: bases, scalars: scalars, threads: threads, plan: nil)
    }

    static func msm(
        bases: some Collection<bn254_g2_affine>, scalars: some Collection<Fr>, threads: Int, plan: MSM.Plan?
    ) -> G2 {
        G2(raw: MSM.withBuffers(bases, scalars) {
            MSM.run(MSM.g2, infinity: G2.infinity.raw, bases: $0, scalars: $1, threads: threads, plan: plan)
        })
    }
}

extension MSM {
    /// Contiguous views of bases and scalars (copied only when a collection has no
    /// contiguous storage); `Fr` is laid out exactly as `bn254_fr`.
    static func withBuffers<Affine, R>(
        _ bases: some Collection<Affine>, _ scalars: some Collection<Fr>,
        _ body: (UnsafeBufferPointer<Affine>, UnsafeBufferPointer<bn254_fr>) -> R
    ) -> R {
        func withBases(_ b: UnsafeBufferPointer<Affine>) -> R {
            func withScalars(_ s: UnsafeBufferPointer<Fr>) -> R { s.withMemoryRebound(to: bn254_fr.self) { body(b, $0) } }
            return scalars.withContiguousStorageIfAvailable(withScalars) ?? Array(scalars).withUnsafeBufferPointer(withScalars)
        }
        return bases.withContiguousStorageIfAvailable(withBases) ?? Array(bases).withUnsafeBufferPointer(withBases)
    }
}

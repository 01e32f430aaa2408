/*
 * Choosing the window count and the split into tasks from a cost model: each window of a
 * task costs its points times one bucket addition plus its buckets times the cost of
 * reducing one bucket, and the slowest task sets the time.
 */
#include "msm_internal.h"

typedef struct {
    double reduce_per_bucket; /* reducing one bucket, in bucket additions */
    double per_task;          /* starting a task and combining its sums, in bucket additions */
} cost_model;

static bn254_msm_plan best_plan(size_t n, unsigned threads, cost_model m)
{
    bn254_msm_plan best = {n, BN254_MSM_MIN_WINDOWS, 1, 1, 0};
    double best_cost = -1;
    if (threads == 0)
        threads = 1;
    for (unsigned windows = BN254_MSM_MIN_WINDOWS; windows <= BN254_MSM_MAX_WINDOWS; windows++) {
        for (unsigned point_parts = 1; point_parts <= threads; point_parts++) {
            for (unsigned window_parts = 1; point_parts * window_parts <= threads && window_parts <= windows;
                 window_parts++) {
                /* the first group holds the widest windows: it is the slowest */
                size_t first, last;
                bn254_msm_part(windows, window_parts, 0, &first, &last);
                double task_points = (double)((n + point_parts - 1) / point_parts), cost = 0;
                for (size_t w = first; w < last; w++)
                    cost += task_points + (double)msm_window_buckets(windows, (unsigned)w) * m.reduce_per_bucket;
                cost += m.per_task * point_parts * window_parts;
                if (best_cost < 0 || cost < best_cost) {
                    best_cost = cost;
                    best = (bn254_msm_plan){n, windows, point_parts, window_parts, 0};
                }
            }
        }
    }
    return best;
}

int bn254_msm_vector_available(void)
{
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl")
           && __builtin_cpu_supports("avx512ifma");
#else
    return 0;
#endif
}

bn254_msm_plan bn254_msm_g1_plan(size_t n, unsigned threads)
{
    bn254_msm_plan plan = best_plan(n, threads, (cost_model){2.0, 300.0});
    plan.vector = bn254_msm_vector_available();
    return plan;
}

bn254_msm_plan bn254_msm_g2_plan(size_t n, unsigned threads)
{
    return best_plan(n, threads, (cost_model){2.5, 100.0});
}

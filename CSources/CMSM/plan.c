/*
 * Choosing the window count and the split into tasks from a cost model, in units of one
 * batched bucket addition. A pass over the points (a group of windows, g1_buckets.c)
 * costs its points times its windows times one addition plus its share of an inversion
 * per batch, and its buckets times the cost of reducing one. Threads take tasks as they
 * finish, so with equal tasks the time is ceil(tasks / threads) times the largest task.
 */
#include "g1_batch_add.h"

typedef struct {
    double reduce_per_bucket; /* reducing one bucket */
    double inversion;         /* one inversion per batch (0: no batches) */
    double per_task;          /* starting a task and combining its sums */
    size_t group_buckets;     /* bucket budget of one pass */
} cost_model;

/* Plans within this factor of the cheapest count as equal, and among them the one with
   the most tasks, up to TASKS_PER_THREAD per thread, wins: on a shared machine a thread
   that lost its core then holds up less of the work. */
#define TIE 1.05
#define TASKS_PER_THREAD 4

static double plan_cost(size_t n, unsigned threads, unsigned windows, unsigned point_parts,
                        unsigned window_parts, cost_model m, unsigned bits)
{
    bn254_msm_plan plan = {n, windows, point_parts, window_parts, 0, bits};
    /* the first group holds the widest windows, the first slice the most points */
    size_t first, last;
    bn254_msm_part(windows, window_parts, 0, &first, &last);
    double points = (double)((n + point_parts - 1) / point_parts), largest = m.per_task;
    for (unsigned w = (unsigned)first; w < last;) {
        unsigned end = msm_group_end(&plan, w, (unsigned)last, m.group_buckets);
        size_t buckets = 0;
        for (unsigned v = w; v < end; v++)
            buckets += msm_window_buckets(&plan, v);
        double per_add = 1 + (m.inversion > 0 ? m.inversion / (double)g1_batch_capacity(buckets) : 0);
        largest += points * (end - w) * per_add + (double)buckets * m.reduce_per_bucket;
        w = end;
    }
    unsigned tasks = point_parts * window_parts;
    return (double)((tasks + threads - 1) / threads) * largest;
}

/* Window counts for `bits`: widths at most BN254_MSM_MAX_WIDTH (digits fit int16_t), at least 2. */
static unsigned fewest_windows(unsigned bits)
{
    return (bits + BN254_MSM_MAX_WIDTH - 1) / BN254_MSM_MAX_WIDTH;
}

static unsigned most_windows(unsigned bits)
{
    unsigned most = bits / 2 > 0 ? bits / 2 : 1;
    return most < BN254_MSM_MAX_WINDOWS ? most : BN254_MSM_MAX_WINDOWS;
}

static bn254_msm_plan best_plan(size_t n, unsigned threads, cost_model m, unsigned bits)
{
    if (threads == 0)
        threads = 1;
    unsigned fewest = fewest_windows(bits), most = most_windows(bits);
    double cost[BN254_MSM_MAX_WINDOWS + 1][9][BN254_MSM_MAX_WINDOWS + 1], cheapest = -1;
    unsigned max_point_parts = threads > 1 ? 2 * threads : 1;
    if (max_point_parts > 8)
        max_point_parts = 8;
    for (unsigned windows = fewest; windows <= most; windows++)
        for (unsigned pp = 1; pp <= max_point_parts; pp++)
            for (unsigned wp = 1; wp <= (threads > 1 ? windows : 1); wp++) {
                cost[windows][pp][wp] = plan_cost(n, threads, windows, pp, wp, m, bits);
                if (cheapest < 0 || cost[windows][pp][wp] < cheapest)
                    cheapest = cost[windows][pp][wp];
            }
    bn254_msm_plan best = {n, fewest, 1, 1, 0, bits};
    double best_cost = -1;
    for (unsigned windows = fewest; windows <= most; windows++)
        for (unsigned pp = 1; pp <= max_point_parts; pp++)
            for (unsigned wp = 1; wp <= (threads > 1 ? windows : 1); wp++) {
                double c = cost[windows][pp][wp];
                if (c > cheapest * TIE)
                    continue;
                unsigned enough = TASKS_PER_THREAD * threads, tasks = pp * wp;
                unsigned best_tasks = best.point_parts * best.window_parts;
                tasks = tasks < enough ? tasks : enough;
                best_tasks = best_tasks < enough ? best_tasks : enough;
                if (best_cost < 0 || tasks > best_tasks || (tasks == best_tasks && c < best_cost)) {
                    best_cost = c;
                    best = (bn254_msm_plan){n, windows, pp, wp, 0, bits};
                }
            }
    return best;
}

int bn254_msm_vector_available(void)
{
#ifdef MSM_IFMA
    return (bn254_kernel_features() & BN254_KERNEL_IFMA) != 0;
#else
    return 0;
#endif
}

bn254_msm_plan bn254_msm_g1_plan(size_t n, unsigned threads)
{
    return bn254_msm_g1_plan_bits(n, threads, BN254_MSM_SCALAR_BITS);
}

bn254_msm_plan bn254_msm_g1_plan_bits(size_t n, unsigned threads, unsigned bits)
{
    bn254_msm_plan plan = best_plan(n, threads, (cost_model){2.0, 150.0, 300.0, MSM_G1_GROUP_BUCKETS}, bits);
    plan.vector = bn254_msm_vector_available();
    return plan;
}

bn254_msm_plan bn254_msm_g2_plan(size_t n, unsigned threads)
{
    return best_plan(n, threads, (cost_model){2.5, 0.0, 100.0, MSM_G2_GROUP_BUCKETS}, BN254_MSM_SCALAR_BITS);
}

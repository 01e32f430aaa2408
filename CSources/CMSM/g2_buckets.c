/*
 * G2 bucket accumulation in Jacobian coordinates (mixed additions). G2 MSMs are rare and
 * small here (building a structured reference string), so this is the plain bucket method
 * over the same digits and plan as G1.
 */
#include "msm_internal.h"

static size_t bucket_capacity(const bn254_msm_plan *plan)
{
    size_t widest = msm_window_buckets(plan, 0);
    return widest > MSM_G2_GROUP_BUCKETS ? widest : MSM_G2_GROUP_BUCKETS;
}

size_t bn254_msm_g2_scratch_size(const bn254_msm_plan *plan)
{
    return bucket_capacity(plan) * sizeof(bn254_g2);
}

/* sum_j (j + 1) B_j by running sums. */
static void reduce(bn254_g2 *sum, const bn254_g2 *bucket, size_t buckets)
{
    bn254_g2 running, total;
    bn254_g2_set_infinity(&running);
    bn254_g2_set_infinity(&total);
    for (size_t j = buckets; j-- > 0;) {
        bn254_g2_add(&running, &running, &bucket[j]);
        bn254_g2_add(&total, &total, &running);
    }
    *sum = total;
}

static void accumulate_group(bn254_g2 *sums, bn254_g2 *bucket, const bn254_g2_affine *bases,
                             const int16_t *digits, size_t stride, size_t begin, size_t end,
                             const bn254_msm_plan *plan, unsigned first, unsigned last)
{
    size_t base[BN254_MSM_MAX_WINDOWS], total = 0;
    for (unsigned w = first; w < last; w++) {
        base[w] = total;
        total += msm_window_buckets(plan, w);
    }
    for (size_t j = 0; j < total; j++)
        bn254_g2_set_infinity(&bucket[j]);

    for (size_t i = begin; i < end; i++) {
        bn254_g2_affine negated = bases[i];
        fp2_neg(&negated.y, &bases[i].y);
        for (unsigned w = first; w < last; w++) {
            int d = digits[w * stride + i];
            if (d == 0)
                continue;
            bn254_g2 *b = &bucket[base[w] + (size_t)(d < 0 ? -d : d) - 1];
            bn254_g2_add_affine(b, b, d < 0 ? &negated : &bases[i]);
        }
    }
    for (unsigned w = first; w < last; w++)
        reduce(&sums[w - first], bucket + base[w], msm_window_buckets(plan, w));
}

void bn254_msm_g2_accumulate(bn254_g2 *sums, const bn254_g2_affine *bases, const int16_t *digits,
                             const bn254_msm_plan *plan, unsigned task, void *scratch)
{
    size_t begin, end, first, last;
    bn254_msm_part(plan->points, plan->point_parts, task / plan->window_parts, &begin, &end);
    bn254_msm_part(plan->windows, plan->window_parts, task % plan->window_parts, &first, &last);
    sums += (size_t)(task / plan->window_parts) * plan->windows;
    for (unsigned w = (unsigned)first; w < last;) {
        unsigned group_end = msm_group_end(plan, w, (unsigned)last, MSM_G2_GROUP_BUCKETS);
        accumulate_group(sums + w, scratch, bases, digits, plan->points, begin, end, plan, w, group_end);
        w = group_end;
    }
}

void bn254_msm_g2_combine(bn254_g2 *r, const bn254_g2 *sums, const bn254_msm_plan *plan)
{
    unsigned windows = plan->windows;
    bn254_g2 acc;
    bn254_g2_set_infinity(&acc);
    for (unsigned w = windows; w-- > 0;) {
        for (unsigned b = 0; w + 1 < windows && b < bn254_msm_window_width(plan, w); b++)
            bn254_g2_dbl(&acc, &acc);
        for (unsigned slice = 0; slice < plan->point_parts; slice++)
            bn254_g2_add(&acc, &acc, &sums[(size_t)slice * windows + w]);
    }
    *r = acc;
}

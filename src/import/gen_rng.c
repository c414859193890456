/* gen_rng.c - deterministic randomness for the generator (import stage): splitmix64 streams,
 * counter-based hashes (a value per object independent of draw order) and smooth fields. */
#include "gen_int.h"

#include <math.h>

static uint64_t
mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void
gen_rng_init(struct gen_rng *r, uint64_t seed, int stream)
{
    r->s = mix64(seed ^ mix64((uint64_t)stream * 0x9e3779b97f4a7c15ULL));
}

uint64_t
gen_rng_next(struct gen_rng *r)
{
    r->s += 0x9e3779b97f4a7c15ULL;
    return mix64(r->s);
}

static double
to_unit(uint64_t v)
{
    return (double)(v >> 11) * (1.0 / 9007199254740992.0);
}

double
gen_rng_unif(struct gen_rng *r)
{
    return to_unit(gen_rng_next(r));
}

/* Box-Muller from two uniforms; 1 - u keeps the logarithm finite. */
static double
box_muller(double u1, double u2)
{
    return sqrt(-2.0 * log(1.0 - u1)) * cos(2.0 * M_PI * u2);
}

double
gen_rng_normal(struct gen_rng *r)
{
    double u1 = gen_rng_unif(r);
    return box_muller(u1, gen_rng_unif(r));
}

double
gen_hash_unif(uint64_t seed, int stream, uint64_t i, uint64_t j)
{
    uint64_t h = mix64(seed ^ mix64((uint64_t)stream * 0x9e3779b97f4a7c15ULL));
    h = mix64(h ^ mix64(i + 0x632be59bd9b4e019ULL));
    return to_unit(mix64(h ^ mix64(j * 0xd1b54a32d192ed03ULL + 1)));
}

double
gen_hash_normal(uint64_t seed, int stream, uint64_t i, uint64_t j)
{
    return box_muller(gen_hash_unif(seed, stream, i, 2 * j),
                      gen_hash_unif(seed, stream, i, 2 * j + 1));
}

/* Sum of 8 plane waves with random directions, wavelengths and phases: smooth, cheap, and
 * about N(0,1) by the central limit theorem (each cosine has variance 1/2). */
void
gen_field_init(struct gen_field *f, uint64_t seed, int k)
{
    for (int j = 0; j < GEN_NWAVE; j++) {
        uint64_t kk = (uint64_t)k, jj = (uint64_t)(3 * j);
        double ang = 2 * M_PI * gen_hash_unif(seed, GEN_S_FIELDS, kk, jj);
        double lam = 150e3 + 550e3 * gen_hash_unif(seed, GEN_S_FIELDS, kk, jj + 1);
        f->kx[j] = 2 * M_PI * cos(ang) / lam, f->ky[j] = 2 * M_PI * sin(ang) / lam;
        f->ph[j] = 2 * M_PI * gen_hash_unif(seed, GEN_S_FIELDS, kk, jj + 2);
    }
}

double
gen_field_at(const struct gen_field *f, double x, double y)
{
    double s = 0;

    for (int j = 0; j < GEN_NWAVE; j++)
        s += cos(f->kx[j] * x + f->ky[j] * y + f->ph[j]);
    return s / 2.0; /* sqrt(8 * 1/2) */
}

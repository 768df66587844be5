// Information measures of attention rows, in bits, with 0·log 0 = 0:
//  * row_stats: per row, checks it is a distribution (finite, non-negative, positive sum),
//    normalises it by its sum as scipy does, and writes its Shannon entropy
//    H(p) = −Σ p_i log2 p_i and the reciprocal of its sum;
//  * js_matrix: the Jensen–Shannon distance sqrt(JSD(p_i, p_j)) between every two rows of a
//    batch, JSD(p, q) = ½ KL(p‖m) + ½ KL(q‖m) with m = (p + q)/2, as
//    scipy.spatial.distance.jensenshannon(p, q, base=2).
//
// The JS sum is written per element as (s/4)·f(d) with s = p + q, d = |p − q|/s and
// f(d) = (1+d) ln(1+d) + (1−d) ln(1−d): every term is >= 0, so nothing cancels across the
// sum, and f itself is evaluated without cancellation (2d·atanh d + ln(1 − d²) for d < ½,
// the direct form above it, where (1−d) ln(1−d) → 0 as d → 1). Rows that are nearly equal
// therefore get small distances with full relative accuracy, which the textbook form
// H(m) − (H(p) + H(q))/2 cannot give.

template <typename T> __device__ __forceinline__ T log2_of(T x);
template <> __device__ __forceinline__ float log2_of(float x) { return log2f(x); }
template <> __device__ __forceinline__ double log2_of(double x) { return log2(x); }

template <typename T> __device__ __forceinline__ T js_term(T p, T q) {
    const T s = p + q;
    if (s <= T(0)) return T(0);
    const T d = fabs(p - q) / s;
    T f;
    if (d < T(0.5)) {
        f = T(2) * d * atanh(d) + log1p(-d * d);
    } else {
        f = (T(1) + d) * log1p(d);
        if (d < T(1)) f += (T(1) - d) * log1p(-d);
    }
    return s * f;
}

// One block of 256 threads per row. status: 0 ok, 1 a negative, NaN or infinite element,
// 2 a row summing to zero. A bad row gets entropy 0 and inverse sum 0 (the host reports it).
template <typename T>
__device__ __forceinline__ void row_stats(const T* __restrict__ p, i64 rows, int m,
                                          T* __restrict__ entropy, T* __restrict__ inv_sum,
                                          int* __restrict__ status) {
    constexpr int THREADS = 256;
    __shared__ T scratch[THREADS / 32];
    __shared__ int bad_flag;
    const i64 row = blockIdx.x + (i64)blockIdx.y * gridDim.x;
    if (row >= rows) return;
    const T* x = p + row * m;
    if (threadIdx.x == 0) bad_flag = 0;
    __syncthreads();
    T sum = 0;
    int bad = 0;
    for (int i = threadIdx.x; i < m; i += THREADS) {
        const T v = x[i];
        if (!(v >= T(0)) || !(v - v == T(0))) bad = 1;  // NaN fails both; ±∞ fails the second
        else sum += v;
    }
    if (bad) atomicOr(&bad_flag, 1);
    const T total = block_sum<THREADS>(sum, scratch);  // its barriers also publish bad_flag
    if (bad_flag || !(total > T(0))) {
        if (threadIdx.x == 0) {
            status[row] = bad_flag ? 1 : 2;
            entropy[row] = T(0);
            inv_sum[row] = T(0);
        }
        return;
    }
    const T inv = T(1) / total;
    T h = 0;
    for (int i = threadIdx.x; i < m; i += THREADS) {
        const T v = x[i] * inv;
        if (v > T(0)) h -= v * log2_of(v);
    }
    h = block_sum<THREADS>(h, scratch);
    if (threadIdx.x == 0) {
        status[row] = 0;
        entropy[row] = h > T(0) ? h : T(0);
        inv_sum[row] = inv;
    }
}

// Tiles of 32 × 32 distances, 256 threads, 4 per thread; the rows' elements stream through
// shared memory 32 at a time. Only tiles on or above the diagonal work; an off-diagonal tile
// writes both (i, j) and (j, i). Batch index = blockIdx.z.
template <typename T>
__device__ __forceinline__ void js_matrix(const T* __restrict__ p, const T* __restrict__ inv_sum,
                                          int n, int m, T* __restrict__ out) {
    constexpr int TILE = 32;
    const int ti = blockIdx.y, tj = blockIdx.x;
    if (ti > tj) return;
    __shared__ T sa[TILE][TILE + 1];
    __shared__ T sb[TILE][TILE + 1];
    const i64 b = blockIdx.z;
    p += b * (i64)n * m;
    inv_sum += b * (i64)n;
    out += b * (i64)n * n;
    const int tx = threadIdx.x & 31, ty = threadIdx.x >> 5;  // ty in 0..8
    const int i0 = ti * TILE, j0 = tj * TILE;
    T acc[4] = {0, 0, 0, 0};
    for (int c0 = 0; c0 < m; c0 += TILE) {
#pragma unroll
        for (int r = 0; r < 4; ++r) {
            const int lr = ty + 8 * r, col = c0 + tx;
            const int gi = i0 + lr, gj = j0 + lr;
            sa[lr][tx] = (gi < n && col < m) ? p[(i64)gi * m + col] * inv_sum[gi] : T(0);
            sb[lr][tx] = (gj < n && col < m) ? p[(i64)gj * m + col] * inv_sum[gj] : T(0);
        }
        __syncthreads();
#pragma unroll 8
        for (int c = 0; c < TILE; ++c) {
            const T qv = sb[tx][c];
#pragma unroll
            for (int r = 0; r < 4; ++r) acc[r] += js_term(sa[ty + 8 * r][c], qv);
        }
        __syncthreads();
    }
#pragma unroll
    for (int r = 0; r < 4; ++r) {
        const int i = i0 + ty + 8 * r, j = j0 + tx;
        if (i < n && j < n) {
            // JSD in bits = ¼ Σ s f(d) / ln 2.
            T jsd = acc[r] * T(0.25) / T(0.693147180559945309417232121458176568);
            const T dist = jsd > T(0) ? sqrt(jsd) : T(0);
            out[(i64)i * n + j] = dist;
            if (ti != tj) out[(i64)j * n + i] = dist;
        }
    }
}

extern "C" __global__ void __launch_bounds__(256)
    row_stats_f32(const float* p, i64 rows, int m, float* entropy, float* inv_sum, int* status) {
    row_stats<float>(p, rows, m, entropy, inv_sum, status);
}
extern "C" __global__ void __launch_bounds__(256)
    row_stats_f64(const double* p, i64 rows, int m, double* entropy, double* inv_sum, int* status) {
    row_stats<double>(p, rows, m, entropy, inv_sum, status);
}
extern "C" __global__ void __launch_bounds__(256)
    js_matrix_f32(const float* p, const float* inv_sum, int n, int m, float* out) {
    js_matrix<float>(p, inv_sum, n, m, out);
}
extern "C" __global__ void __launch_bounds__(256)
    js_matrix_f64(const double* p, const double* inv_sum, int n, int m, double* out) {
    js_matrix<double>(p, inv_sum, n, m, out);
}

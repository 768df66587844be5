// Pairwise Euclidean distances between the rows of X [B, n, d] and Y [B, m, d]:
// out[b, i, j] = sqrt(Σ_k (x_ik − y_jk)²), as scipy.spatial.distance.cdist(X, Y).
//
// The differences are formed directly rather than through ‖x‖² + ‖y‖² − 2 x·y: that
// expansion cancels catastrophically for near points (a distance of 1e-4 between points of
// norm 1 comes out as noise in f32) and can even go negative. A block computes a 64 × 64 tile
// of distances, 4 × 4 per thread, streaming the coordinates through shared memory 16 at a time.

template <typename T>
__device__ __forceinline__ void euclidean(const T* __restrict__ x, const T* __restrict__ y, int n,
                                          int m, int d, T* __restrict__ out) {
    constexpr int TILE = 64, BK = 16, THREADS = 256;
    __shared__ T sx[BK][TILE + 1];
    __shared__ T sy[BK][TILE + 1];
    const i64 b = blockIdx.z;
    x += b * (i64)n * d;
    y += b * (i64)m * d;
    out += b * (i64)n * m;
    const int i0 = blockIdx.y * TILE, j0 = blockIdx.x * TILE;
    const int tx = threadIdx.x & 15, ty = threadIdx.x >> 4;
    T acc[4][4];
#pragma unroll
    for (int a = 0; a < 4; ++a)
#pragma unroll
        for (int c = 0; c < 4; ++c) acc[a][c] = T(0);
    for (int k0 = 0; k0 < d; k0 += BK) {
        for (int e = threadIdx.x; e < TILE * BK; e += THREADS) {
            const int r = e / BK, kk = e % BK;
            const int k = k0 + kk;
            sx[kk][r] = (i0 + r < n && k < d) ? x[(i64)(i0 + r) * d + k] : T(0);
            sy[kk][r] = (j0 + r < m && k < d) ? y[(i64)(j0 + r) * d + k] : T(0);
        }
        __syncthreads();
#pragma unroll
        for (int kk = 0; kk < BK; ++kk) {
            T xa[4], yb[4];
#pragma unroll
            for (int a = 0; a < 4; ++a) xa[a] = sx[kk][ty + 16 * a];
#pragma unroll
            for (int c = 0; c < 4; ++c) yb[c] = sy[kk][tx + 16 * c];
#pragma unroll
            for (int a = 0; a < 4; ++a)
#pragma unroll
                for (int c = 0; c < 4; ++c) {
                    const T diff = xa[a] - yb[c];
                    acc[a][c] = fma(diff, diff, acc[a][c]);
                }
        }
        __syncthreads();
    }
#pragma unroll
    for (int a = 0; a < 4; ++a) {
        const int i = i0 + ty + 16 * a;
        if (i >= n) continue;
#pragma unroll
        for (int c = 0; c < 4; ++c) {
            const int j = j0 + tx + 16 * c;
            if (j < m) out[(i64)i * m + j] = sqrt(acc[a][c]);
        }
    }
}

extern "C" __global__ void __launch_bounds__(256)
    euclidean_f32(const float* x, const float* y, int n, int m, int d, float* out) {
    euclidean<float>(x, y, n, m, d, out);
}
extern "C" __global__ void __launch_bounds__(256)
    euclidean_f64(const double* x, const double* y, int n, int m, int d, double* out) {
    euclidean<double>(x, y, n, m, d, out);
}

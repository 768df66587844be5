// Scaled dot-product attention forward, flash style: O = softmax(scale · Q Kᵀ + mask) V per
// (batch, head), tiled over keys with an online softmax, so the N_q × N_k score matrix never
// exists in memory. Layout [B, H, N, D] row-major for Q, K, V and O; LSE is [B, H, N_q] f32.
//
// Causal masking: query i may see key j when j <= i + causal_offset. causal_offset = 0 is
// PyTorch's `is_causal=True` (mask aligned to the top-left corner); causal_offset = N_k − N_q
// aligns it to the bottom-right corner (FlashAttention >= 2.1). A row that sees no key at all
// gets O = 0 and LSE = −∞.
//
// Two kernels:
//  * flash_mma_*: f16/bf16 on tensor cores (mma.sync m16n8k16, f32 accumulation), head dims
//    64 and 128, FlashAttention-2 structure: each of 4 warps owns 16·MT query rows, K/V tiles
//    are double-buffered in shared memory with cp.async, S = QKᵀ and O stay in registers, and
//    P is rounded to the input type before P·V (as FlashAttention does).
//  * flash_generic_*: any element type and head dim <= 256 on CUDA cores, everything in f32.
//
// Softmax runs in base 2: scores are multiplied by scale·log2(e) and exponentiated with
// exp2f, and LSE (natural log) = ln 2 · (m + log2 l) for the running max m and sum l.

// Row `row` (of `D` halves) and 16-byte chunk `chunk` of a shared tile, XOR-swizzled so that
// the 8 row addresses of one ldmatrix fall in 8 different bank groups.
template <int D> __device__ __forceinline__ int swizzle(int row, int chunk) {
    return row * D + ((chunk ^ (row & 7)) << 3);
}

#if __CUDA_ARCH__ >= 800
// Asynchronously copies `rows` rows (of D halves) starting at global row `row0` of `src`
// (which has `n` rows) into the swizzled shared tile `dst`; rows >= n are zero-filled.
template <int D, int ROWS, int THREADS>
__device__ __forceinline__ void load_tile_async(u16* dst, const u16* src, int row0, int n) {
    constexpr int CHUNKS = D / 8;
#pragma unroll
    for (int c = threadIdx.x; c < ROWS * CHUNKS; c += THREADS) {
        const int r = c / CHUNKS, ch = c % CHUNKS;
        const int g = row0 + r;
        const bool valid = g < n;
        const u16* p = src + (i64)(valid ? g : 0) * D + ch * 8;
        cp_async_16(shared_address(dst + swizzle<D>(r, ch)), p, valid);
    }
}

template <int KIND, int D, int MT, int BN>
__device__ __forceinline__ void flash_mma(const u16* __restrict__ q, const u16* __restrict__ k,
                                          const u16* __restrict__ v, u16* __restrict__ o,
                                          float* __restrict__ lse, int nq, int nk,
                                          float scale_log2, int causal, int causal_offset) {
    constexpr int WARPS = 4, THREADS = 32 * WARPS;
    constexpr int BM = WARPS * 16 * MT;  // query rows per block
    constexpr int NT = BN / 8;           // n8 tiles of scores per row block
    constexpr int DT = D / 8;            // n8 tiles of output per row block
    extern __shared__ __align__(16) unsigned char smem_raw[];
    u16* sq = reinterpret_cast<u16*>(smem_raw);
    u16* sk = sq + BM * D;      // [2][BN][D]
    u16* sv = sk + 2 * BN * D;  // [2][BN][D]

    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    const int g = lane >> 2, t = lane & 3;
    // Heavier causal blocks (late rows) are scheduled first.
    const int mblock = causal ? (int)gridDim.x - 1 - (int)blockIdx.x : (int)blockIdx.x;
    const int m0 = mblock * BM;
    const i64 bh = (i64)blockIdx.z * gridDim.y + blockIdx.y;
    q += bh * nq * D;
    o += bh * nq * D;
    k += bh * nk * D;
    v += bh * nk * D;
    if (lse) lse += bh * nq;

    // Keys this block needs: all, or under the causal mask up to its last row's limit.
    int n_end = nk;
    if (causal) {
        const int last_row = min(nq, m0 + BM) - 1;
        n_end = max(0, min(nk, last_row + causal_offset + 1));
    }
    const int tiles = (n_end + BN - 1) / BN;

    float acc[MT][DT][4];
    float row_max[MT][2], row_sum[MT][2];
#pragma unroll
    for (int mt = 0; mt < MT; ++mt) {
#pragma unroll
        for (int dt = 0; dt < DT; ++dt)
#pragma unroll
            for (int c = 0; c < 4; ++c) acc[mt][dt][c] = 0.f;
        row_max[mt][0] = row_max[mt][1] = GEOML_NEG_INF;
        row_sum[mt][0] = row_sum[mt][1] = 0.f;
    }

    if (tiles > 0) {
        load_tile_async<D, BM, THREADS>(sq, q, m0, nq);
        load_tile_async<D, BN, THREADS>(sk, k, 0, nk);
        load_tile_async<D, BN, THREADS>(sv, v, 0, nk);
        cp_async_commit();
    }

    const int warp_row0 = m0 + warp * 16 * MT;  // first query row of this warp
    for (int j = 0; j < tiles; ++j) {
        const int buf = j & 1;
        const int n0 = j * BN;
        if (j + 1 < tiles) {
            load_tile_async<D, BN, THREADS>(sk + (buf ^ 1) * BN * D, k, n0 + BN, nk);
            load_tile_async<D, BN, THREADS>(sv + (buf ^ 1) * BN * D, v, n0 + BN, nk);
            cp_async_commit();
            cp_async_wait<1>();
        } else {
            cp_async_wait<0>();
        }
        __syncthreads();
        const u16* kt = sk + buf * BN * D;
        const u16* vt = sv + buf * BN * D;

        // S = Q Kᵀ for this warp's rows and the BN keys of the tile.
        float s[MT][NT][4];
#pragma unroll
        for (int mt = 0; mt < MT; ++mt)
#pragma unroll
            for (int nt = 0; nt < NT; ++nt)
#pragma unroll
                for (int c = 0; c < 4; ++c) s[mt][nt][c] = 0.f;
#pragma unroll
        for (int kk = 0; kk < D / 16; ++kk) {
            u32 a[MT][4];
#pragma unroll
            for (int mt = 0; mt < MT; ++mt) {
                const int r = warp * 16 * MT + mt * 16 + (lane & 7) + ((lane >> 3) & 1) * 8;
                const int ch = kk * 2 + (lane >> 4);
                ldmatrix_x4(a[mt][0], a[mt][1], a[mt][2], a[mt][3],
                            shared_address(sq + swizzle<D>(r, ch)));
            }
#pragma unroll
            for (int np = 0; np < NT / 2; ++np) {
                u32 b0, b1, b2, b3;
                const int r = np * 16 + (lane & 7) + (lane >> 4) * 8;
                const int ch = kk * 2 + ((lane >> 3) & 1);
                ldmatrix_x4(b0, b1, b2, b3, shared_address(kt + swizzle<D>(r, ch)));
#pragma unroll
                for (int mt = 0; mt < MT; ++mt) {
                    mma_16816<KIND>(s[mt][2 * np], a[mt], b0, b1);
                    mma_16816<KIND>(s[mt][2 * np + 1], a[mt], b2, b3);
                }
            }
        }

        // Scale into base-2 logits, mask, and fold the tile into the running max and sum.
        const bool edge = (n0 + BN > nk) || (causal && n0 + BN - 1 > warp_row0 + causal_offset);
#pragma unroll
        for (int mt = 0; mt < MT; ++mt) {
#pragma unroll
            for (int h = 0; h < 2; ++h) {
                const int row = warp_row0 + mt * 16 + g + h * 8;
                float mx = GEOML_NEG_INF;
#pragma unroll
                for (int nt = 0; nt < NT; ++nt) {
#pragma unroll
                    for (int e = 0; e < 2; ++e) {
                        float x = s[mt][nt][2 * h + e] * scale_log2;
                        if (edge) {
                            const int key = n0 + nt * 8 + 2 * t + e;
                            if (key >= nk || (causal && key > row + causal_offset)) x = GEOML_NEG_INF;
                        }
                        s[mt][nt][2 * h + e] = x;
                        mx = fmaxf(mx, x);
                    }
                }
                mx = fmaxf(mx, __shfl_xor_sync(0xffffffffu, mx, 1));
                mx = fmaxf(mx, __shfl_xor_sync(0xffffffffu, mx, 2));
                const float m_new = fmaxf(row_max[mt][h], mx);
                // A row that has seen only masked keys keeps m = −∞; subtracting 0 instead
                // keeps every exp2 argument −∞ (→ 0) rather than NaN.
                const float m_ref = (m_new == GEOML_NEG_INF) ? 0.f : m_new;
                const float alpha = exp2f(row_max[mt][h] - m_ref);
                row_max[mt][h] = m_new;
                float sum = 0.f;
#pragma unroll
                for (int nt = 0; nt < NT; ++nt) {
#pragma unroll
                    for (int e = 0; e < 2; ++e) {
                        const float p = exp2f(s[mt][nt][2 * h + e] - m_ref);
                        s[mt][nt][2 * h + e] = p;
                        sum += p;
                    }
                }
                row_sum[mt][h] = row_sum[mt][h] * alpha + sum;
#pragma unroll
                for (int dt = 0; dt < DT; ++dt) {
                    acc[mt][dt][2 * h] *= alpha;
                    acc[mt][dt][2 * h + 1] *= alpha;
                }
            }
        }

        // O += P V, with P (rounded to the input type) taken straight from the S registers.
#pragma unroll
        for (int kk = 0; kk < BN / 16; ++kk) {
            u32 a[MT][4];
#pragma unroll
            for (int mt = 0; mt < MT; ++mt) {
                a[mt][0] = pack_half2<KIND>(s[mt][2 * kk][0], s[mt][2 * kk][1]);
                a[mt][1] = pack_half2<KIND>(s[mt][2 * kk][2], s[mt][2 * kk][3]);
                a[mt][2] = pack_half2<KIND>(s[mt][2 * kk + 1][0], s[mt][2 * kk + 1][1]);
                a[mt][3] = pack_half2<KIND>(s[mt][2 * kk + 1][2], s[mt][2 * kk + 1][3]);
            }
#pragma unroll
            for (int dp = 0; dp < D / 16; ++dp) {
                u32 b0, b1, b2, b3;
                const int r = kk * 16 + (lane & 7) + ((lane >> 3) & 1) * 8;
                const int ch = dp * 2 + (lane >> 4);
                ldmatrix_x4_trans(b0, b1, b2, b3, shared_address(vt + swizzle<D>(r, ch)));
#pragma unroll
                for (int mt = 0; mt < MT; ++mt) {
                    mma_16816<KIND>(acc[mt][2 * dp], a[mt], b0, b1);
                    mma_16816<KIND>(acc[mt][2 * dp + 1], a[mt], b2, b3);
                }
            }
        }
        // Every warp is done with this buffer before the next iteration refills it.
        __syncthreads();
    }

    // Normalise and write O (and LSE). The running sums are per thread; the row's total is
    // the sum over the 4 threads of a quad.
#pragma unroll
    for (int mt = 0; mt < MT; ++mt) {
#pragma unroll
        for (int h = 0; h < 2; ++h) {
            float l = row_sum[mt][h];
            l += __shfl_xor_sync(0xffffffffu, l, 1);
            l += __shfl_xor_sync(0xffffffffu, l, 2);
            const float inv = l > 0.f ? 1.f / l : 0.f;
            const int row = warp_row0 + mt * 16 + g + h * 8;
            if (row < nq) {
                u32* dst = reinterpret_cast<u32*>(o + (i64)row * D);
#pragma unroll
                for (int dt = 0; dt < DT; ++dt)
                    dst[dt * 4 + t] =
                        pack_half2<KIND>(acc[mt][dt][2 * h] * inv, acc[mt][dt][2 * h + 1] * inv);
                if (lse && t == 0)
                    lse[row] = l > 0.f ? (row_max[mt][h] + log2f(l)) * GEOML_LN2 : GEOML_NEG_INF;
            }
        }
    }
}
#endif

// The CUDA-core kernel: 8 warps, each owning ROWS query rows; a block covers 8·ROWS rows and
// walks the keys in tiles of 32 held in shared memory as f32. Lane j scores key j of a tile
// for all of its warp's rows; the output accumulators hold DPL = ceil(D/32) columns per lane.
template <typename T, int KIND, int DPL>
__device__ __forceinline__ void flash_generic(const T* __restrict__ q, const T* __restrict__ k,
                                              const T* __restrict__ v, T* __restrict__ o,
                                              float* __restrict__ lse, int nq, int nk, int d,
                                              float scale_log2, int causal, int causal_offset) {
    constexpr int WARPS = 8, ROWS = 4, BM = WARPS * ROWS, BN = 32, THREADS = 32 * WARPS;
    extern __shared__ __align__(16) unsigned char smem_raw[];
    float* sq = reinterpret_cast<float*>(smem_raw);  // [BM][d]
    // K rows are padded to an odd stride so that lane j reading row j hits distinct banks.
    const int ks = d | 1;
    float* sk = sq + BM * d;  // [BN][ks]
    float* sv = sk + BN * ks; // [BN][d]

    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    const int mblock = causal ? (int)gridDim.x - 1 - (int)blockIdx.x : (int)blockIdx.x;
    const int m0 = mblock * BM;
    const i64 bh = (i64)blockIdx.z * gridDim.y + blockIdx.y;
    q += bh * nq * d;
    o += bh * nq * d;
    k += bh * nk * d;
    v += bh * nk * d;
    if (lse) lse += bh * nq;

    for (int i = threadIdx.x; i < BM * d; i += THREADS) {
        const int r = i / d, c = i % d;
        sq[i] = (m0 + r < nq) ? Elem<T, KIND>::load(q, (i64)(m0 + r) * d + c) : 0.f;
    }

    int n_end = nk;
    if (causal) {
        const int last_row = min(nq, m0 + BM) - 1;
        n_end = max(0, min(nk, last_row + causal_offset + 1));
    }

    float acc[ROWS][DPL];
    float row_max[ROWS], row_sum[ROWS];
#pragma unroll
    for (int r = 0; r < ROWS; ++r) {
        row_max[r] = GEOML_NEG_INF;
        row_sum[r] = 0.f;
#pragma unroll
        for (int c = 0; c < DPL; ++c) acc[r][c] = 0.f;
    }

    for (int n0 = 0; n0 < n_end; n0 += BN) {
        __syncthreads();  // the previous tile is no longer read (and sq is written, first time)
        for (int i = threadIdx.x; i < BN * d; i += THREADS) {
            const int r = i / d, c = i % d;
            const bool valid = n0 + r < nk;
            sk[r * ks + c] = valid ? Elem<T, KIND>::load(k, (i64)(n0 + r) * d + c) : 0.f;
            sv[i] = valid ? Elem<T, KIND>::load(v, (i64)(n0 + r) * d + c) : 0.f;
        }
        __syncthreads();
        const int key = n0 + lane;
#pragma unroll
        for (int r = 0; r < ROWS; ++r) {
            const int lrow = warp * ROWS + r, row = m0 + lrow;
            float x = 0.f;
            const float* qr = sq + lrow * d;
            const float* kr = sk + lane * ks;
            for (int c = 0; c < d; ++c) x = fmaf(qr[c], kr[c], x);
            x *= scale_log2;
            if (key >= nk || (causal && key > row + causal_offset)) x = GEOML_NEG_INF;
            const float m_new = fmaxf(row_max[r], warp_max(x));
            const float m_ref = (m_new == GEOML_NEG_INF) ? 0.f : m_new;
            const float alpha = exp2f(row_max[r] - m_ref);
            const float p = exp2f(x - m_ref);
            row_max[r] = m_new;
            row_sum[r] = row_sum[r] * alpha + warp_sum(p);
#pragma unroll
            for (int c = 0; c < DPL; ++c) acc[r][c] *= alpha;
            for (int j = 0; j < BN; ++j) {
                const float pj = __shfl_sync(0xffffffffu, p, j);
#pragma unroll
                for (int c = 0; c < DPL; ++c) {
                    const int col = lane + 32 * c;
                    if (col < d) acc[r][c] = fmaf(pj, sv[j * d + col], acc[r][c]);
                }
            }
        }
    }

#pragma unroll
    for (int r = 0; r < ROWS; ++r) {
        const int row = m0 + warp * ROWS + r;
        if (row >= nq) continue;
        const float l = row_sum[r];
        const float inv = l > 0.f ? 1.f / l : 0.f;
#pragma unroll
        for (int c = 0; c < DPL; ++c) {
            const int col = lane + 32 * c;
            if (col < d) Elem<T, KIND>::store(o, (i64)row * d + col, acc[r][c] * inv);
        }
        if (lse && lane == 0) lse[row] = l > 0.f ? (row_max[r] + log2f(l)) * GEOML_LN2 : GEOML_NEG_INF;
    }
}

// ---- entry points ------------------------------------------------------------------------
// Named flash_mma_<type>_d<D>_m<MT>_n<BN> and flash_generic_<type>_p<DPL>; the host picks one
// (src/attention.rs) and sizes the dynamic shared memory to match.

#define GEOML_FLASH_MMA(NAME, KIND, D, MT, BN)                                                   \
    extern "C" __global__ void __launch_bounds__(128)                                            \
        NAME(const u16* q, const u16* k, const u16* v, u16* o, float* lse, int nq, int nk,       \
             float scale_log2, int causal, int causal_offset) {                                  \
        flash_mma<KIND, D, MT, BN>(q, k, v, o, lse, nq, nk, scale_log2, causal, causal_offset);  \
    }

#if __CUDA_ARCH__ >= 800
GEOML_FLASH_MMA(flash_mma_f16_d64_m1_n64, 0, 64, 1, 64)
GEOML_FLASH_MMA(flash_mma_f16_d64_m2_n64, 0, 64, 2, 64)
GEOML_FLASH_MMA(flash_mma_f16_d128_m1_n64, 0, 128, 1, 64)
GEOML_FLASH_MMA(flash_mma_f16_d128_m2_n32, 0, 128, 2, 32)
GEOML_FLASH_MMA(flash_mma_bf16_d64_m1_n64, 1, 64, 1, 64)
GEOML_FLASH_MMA(flash_mma_bf16_d64_m2_n64, 1, 64, 2, 64)
GEOML_FLASH_MMA(flash_mma_bf16_d128_m1_n64, 1, 128, 1, 64)
GEOML_FLASH_MMA(flash_mma_bf16_d128_m2_n32, 1, 128, 2, 32)
#endif

#define GEOML_FLASH_GENERIC(NAME, T, KIND, DPL)                                                  \
    extern "C" __global__ void __launch_bounds__(256)                                            \
        NAME(const T* q, const T* k, const T* v, T* o, float* lse, int nq, int nk, int d,         \
             float scale_log2, int causal, int causal_offset) {                                  \
        flash_generic<T, KIND, DPL>(q, k, v, o, lse, nq, nk, d, scale_log2, causal,               \
                                    causal_offset);                                              \
    }

GEOML_FLASH_GENERIC(flash_generic_f32_p1, float, 2, 1)
GEOML_FLASH_GENERIC(flash_generic_f32_p2, float, 2, 2)
GEOML_FLASH_GENERIC(flash_generic_f32_p4, float, 2, 4)
GEOML_FLASH_GENERIC(flash_generic_f32_p8, float, 2, 8)
GEOML_FLASH_GENERIC(flash_generic_f16_p1, u16, 0, 1)
GEOML_FLASH_GENERIC(flash_generic_f16_p2, u16, 0, 2)
GEOML_FLASH_GENERIC(flash_generic_f16_p4, u16, 0, 4)
GEOML_FLASH_GENERIC(flash_generic_f16_p8, u16, 0, 8)
GEOML_FLASH_GENERIC(flash_generic_bf16_p1, u16, 1, 1)
GEOML_FLASH_GENERIC(flash_generic_bf16_p2, u16, 1, 2)
GEOML_FLASH_GENERIC(flash_generic_bf16_p4, u16, 1, 4)
GEOML_FLASH_GENERIC(flash_generic_bf16_p8, u16, 1, 8)

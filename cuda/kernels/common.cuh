// Shared device helpers for geoml-cuda's kernels. NVRTC compiles these with no system or
// CUDA headers: half-precision conversions and the tensor-core, ldmatrix and cp.async
// instructions are written as inline PTX, so the kernels depend on nothing but NVRTC itself.
// This text is prepended to each kernel file by the host (see src/compile.rs).

typedef unsigned short u16;
typedef unsigned int u32;
typedef long long i64;

#define GEOML_NEG_INF __int_as_float(0xff800000)
#define GEOML_LN2 0.693147180559945309417f
#define GEOML_LOG2E 1.442695040888963407360f

// ---- element conversions --------------------------------------------------------------
// Kind 0 is IEEE binary16 (f16), kind 1 is bfloat16; both are stored as 16 raw bits.

__device__ __forceinline__ float f16_to_f32(u16 h) {
    float f;
    asm("cvt.f32.f16 %0, %1;" : "=f"(f) : "h"(h));
    return f;
}

__device__ __forceinline__ u16 f32_to_f16(float f) {
    u16 h;
    asm("cvt.rn.f16.f32 %0, %1;" : "=h"(h) : "f"(f));
    return h;
}

__device__ __forceinline__ float bf16_to_f32(u16 h) {
    return __uint_as_float(((u32)h) << 16);
}

__device__ __forceinline__ u16 f32_to_bf16(float f) {
#if __CUDA_ARCH__ >= 800
    u16 h;
    asm("cvt.rn.bf16.f32 %0, %1;" : "=h"(h) : "f"(f));
    return h;
#else
    // Round to nearest even by integer arithmetic; NaN stays a (quiet) NaN.
    u32 x = __float_as_uint(f);
    if ((x & 0x7fffffffu) > 0x7f800000u) return (u16)((x >> 16) | 0x40u);
    x += 0x7fffu + ((x >> 16) & 1u);
    return (u16)(x >> 16);
#endif
}

template <int KIND> __device__ __forceinline__ float half_to_f32(u16 h);
template <> __device__ __forceinline__ float half_to_f32<0>(u16 h) { return f16_to_f32(h); }
template <> __device__ __forceinline__ float half_to_f32<1>(u16 h) { return bf16_to_f32(h); }

template <int KIND> __device__ __forceinline__ u16 f32_to_half(float f);
template <> __device__ __forceinline__ u16 f32_to_half<0>(float f) { return f32_to_f16(f); }
template <> __device__ __forceinline__ u16 f32_to_half<1>(float f) { return f32_to_bf16(f); }

// Loading and storing any element type through f32: float itself, or 16-bit halves.
template <typename T, int KIND> struct Elem;
template <> struct Elem<float, 2> {
    static __device__ __forceinline__ float load(const float* p, i64 i) { return p[i]; }
    static __device__ __forceinline__ void store(float* p, i64 i, float v) { p[i] = v; }
};
template <int KIND> struct Elem<u16, KIND> {
    static __device__ __forceinline__ float load(const u16* p, i64 i) { return half_to_f32<KIND>(p[i]); }
    static __device__ __forceinline__ void store(u16* p, i64 i, float v) { p[i] = f32_to_half<KIND>(v); }
};

// ---- shared-memory addresses, cp.async, ldmatrix, mma.sync (sm_80 and newer) -----------

__device__ __forceinline__ u32 shared_address(const void* p) {
    u32 r;
    asm("{ .reg .u64 t; cvta.to.shared.u64 t, %1; cvt.u32.u64 %0, t; }" : "=r"(r) : "l"(p));
    return r;
}

#if __CUDA_ARCH__ >= 800
// Copies 16 bytes global -> shared without passing through registers; when `valid` is false
// nothing is read and the 16 bytes are zero-filled (rows past the end of a sequence).
__device__ __forceinline__ void cp_async_16(u32 dst, const void* src, bool valid) {
    int bytes = valid ? 16 : 0;
    asm volatile("cp.async.cg.shared.global [%0], [%1], 16, %2;" ::"r"(dst), "l"(src), "r"(bytes));
}
__device__ __forceinline__ void cp_async_commit() { asm volatile("cp.async.commit_group;"); }
template <int N> __device__ __forceinline__ void cp_async_wait() {
    asm volatile("cp.async.wait_group %0;" ::"n"(N));
}

__device__ __forceinline__ void ldmatrix_x4(u32& r0, u32& r1, u32& r2, u32& r3, u32 addr) {
    asm volatile("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0,%1,%2,%3}, [%4];"
                 : "=r"(r0), "=r"(r1), "=r"(r2), "=r"(r3)
                 : "r"(addr));
}
__device__ __forceinline__ void ldmatrix_x4_trans(u32& r0, u32& r1, u32& r2, u32& r3, u32 addr) {
    asm volatile("ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16 {%0,%1,%2,%3}, [%4];"
                 : "=r"(r0), "=r"(r1), "=r"(r2), "=r"(r3)
                 : "r"(addr));
}

// D = A·B + D for one 16×8×16 tile: A row-major 16×16 halves (4 regs), B 16×8 (2 regs),
// D 16×8 f32 (4 regs). KIND 0: f16 inputs, KIND 1: bf16 inputs; accumulation in f32.
template <int KIND> __device__ __forceinline__ void mma_16816(float* d, const u32* a, u32 b0, u32 b1);
template <> __device__ __forceinline__ void mma_16816<0>(float* d, const u32* a, u32 b0, u32 b1) {
    asm volatile(
        "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, "
        "{%0,%1,%2,%3};"
        : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
        : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1));
}
template <> __device__ __forceinline__ void mma_16816<1>(float* d, const u32* a, u32 b0, u32 b1) {
    asm volatile(
        "mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, "
        "{%0,%1,%2,%3};"
        : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
        : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1));
}

// Two f32 -> one register of two halves, `lo` in the low 16 bits (the lower column).
template <int KIND> __device__ __forceinline__ u32 pack_half2(float lo, float hi);
template <> __device__ __forceinline__ u32 pack_half2<0>(float lo, float hi) {
    u32 r;
    asm("cvt.rn.f16x2.f32 %0, %1, %2;" : "=r"(r) : "f"(hi), "f"(lo));
    return r;
}
template <> __device__ __forceinline__ u32 pack_half2<1>(float lo, float hi) {
    u32 r;
    asm("cvt.rn.bf16x2.f32 %0, %1, %2;" : "=r"(r) : "f"(hi), "f"(lo));
    return r;
}
#endif

// ---- warp and block reductions ---------------------------------------------------------

template <typename T> __device__ __forceinline__ T warp_sum(T v) {
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    return v;
}
__device__ __forceinline__ float warp_max(float v) {
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
    return v;
}

// Sum over a block of `THREADS` threads; every thread gets the total. `scratch` holds one
// value per warp. Ends with a barrier, so `scratch` may be reused right after.
template <int THREADS, typename T> __device__ __forceinline__ T block_sum(T v, T* scratch) {
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    v = warp_sum(v);
    if (lane == 0) scratch[warp] = v;
    __syncthreads();
    T total = 0;
#pragma unroll
    for (int w = 0; w < THREADS / 32; ++w) total += scratch[w];
    __syncthreads();
    return total;
}

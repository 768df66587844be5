"""Reference values for geoml::lie, written into tests/data/lie/.

Every value is computed with mpmath at 60 significant digits or more (the literal coefficient
formulas, which cancel up to 50 digits at theta = 1e-12, at 250) from the exact binary value of
its input (a float64, or a float32 widened exactly to float64), by a method independent of the
closed forms geoml evaluates:

* exponentials of so(3), se(2), se(3) by mpmath's matrix exponential of the hat matrix,
  cross-checked against the half-angle quaternion formula;
* left Jacobians as the series  sum_k ad(xi)^k / (k+1)!  of the adjoint matrix, their inverses
  by mpmath's matrix inverse, right Jacobians as J_l(-xi);
* logarithms of quaternions through 2 atan2(|v|, w) v/|v| (w folded to be >= 0), checked by
  exponentiating back; logarithms of matrices through the exact orthogonal polar factor
  (Newton's iteration X <- (X + X^-T)/2 at 50 digits), so that a rotation matrix that is
  orthogonal only to rounding has a well-defined reference;
* the scalar coefficients by their literal formulas at 50 digits;
* the matrix exponential by scipy.linalg.expm (the issue's anchor) and by mpmath's expm, with
  the condition number scipy.linalg.expm_cond, which says which inputs are well conditioned.

Rows named f64_* have float64 inputs; rows named f32_* have inputs exactly representable in
float32 (the tests run them in both precisions). Run from the repository root:

    python3 -m venv /tmp/venv-lie
    /tmp/venv-lie/bin/pip install -r tools/requirements-lie.txt
    /tmp/venv-lie/bin/python tools/lie_reference.py
"""

import math
import pathlib
import sys

import mpmath as mp
import numpy as np
import scipy
import scipy.linalg

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from reftable import write_table  # noqa: E402

mp.mp.dps = 60
SCRIPT = "tools/lie_reference.py"
LIBS = {"mpmath": mp.__version__, "numpy": np.__version__, "scipy": scipy.__version__}
RNG = np.random.default_rng(20240607)
PI = mp.pi

# Rotation angles: the range 1e-12 .. pi, the two points it names (1e-8 and pi - 1e-8),
# and every series cutoff of geoml::lie::coefficients on both sides.
ANGLES = [
    1e-12, 1e-10, 1e-8, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 0.05, 0.1, 0.3, 0.5, 0.8, 1.0, 1.2,
    1.5, 1.74, 1.76, 2.0, 2.24, 2.26, 2.49, 2.51, 2.8, 3.0, 3.1,
    float(PI - mp.mpf("1e-3")), float(PI - mp.mpf("1e-4")), float(PI - mp.mpf("1e-6")),
    float(PI - mp.mpf("1e-8")), float(PI - mp.mpf("1e-10")), math.pi,
]


def unit(v):
    v = np.asarray(v, dtype=np.float64)
    return v / np.linalg.norm(v)


def axes():
    """A random axis, a near-coordinate axis and a diagonal one."""
    return [unit(RNG.normal(size=3)), unit([1.0, 1e-3, -2e-3]), unit([1.0, 1.0, 1.0])]


def rounded(values, precision):
    """The values as float64 numbers, first rounded to float32 for the f32 rows."""
    arr = np.asarray(values, dtype=np.float64)
    if precision == "f32":
        arr = arr.astype(np.float32).astype(np.float64)
    return [float(x) for x in arr]


def mpv(values):
    return [mp.mpf(x) for x in values]


def hat3(w):
    return mp.matrix([[0, -w[2], w[1]], [w[2], 0, -w[0]], [-w[1], w[0], 0]])


def flat(m):
    return [m[i, j] for i in range(m.rows) for j in range(m.cols)]


def series_jacobian(ad, terms=200):
    """sum_k ad^k / (k+1)!, summed until the terms vanish at 50 digits."""
    n = ad.rows
    total = mp.eye(n)
    term = mp.eye(n)
    for k in range(1, terms):
        term = term * ad / (k + 1)
        total += term
        if mp.mnorm(term, 1) < mp.mpf(10) ** -60:
            return total
    raise RuntimeError("Jacobian series did not converge")


def polar(m):
    """The orthogonal polar factor by Newton's iteration."""
    x = m
    for _ in range(100):
        nxt = (x + mp.inverse(x).T) / 2
        if mp.mnorm(nxt - x, 1) < mp.mpf(10) ** -48:
            return nxt
        x = nxt
    raise RuntimeError("polar iteration did not converge")


def quat_exp(w):
    theta = mp.sqrt(sum(x * x for x in w))
    if theta == 0:
        return [mp.mpf(1), mp.mpf(0), mp.mpf(0), mp.mpf(0)]
    k = mp.sin(theta / 2) / theta
    return [mp.cos(theta / 2)] + [k * x for x in w]


def quat_matrix(q):
    w, x, y, z = q
    n = w * w + x * x + y * y + z * z
    w, x, y, z = (c / mp.sqrt(n) for c in q)
    return mp.matrix([
        [1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)],
        [2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)],
        [2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)],
    ])


def quat_log(q):
    """Principal log of the rotation of q (scale-invariant; w folded to >= 0)."""
    w, v = q[0], q[1:]
    if w < 0:
        w, v = -w, [-x for x in v]
    n = mp.sqrt(sum(x * x for x in v))
    if n == 0:
        return [mp.mpf(0)] * 3
    f = 2 * mp.atan2(n, w) / n
    return [f * x for x in v]


def matrix_quat(r):
    """Quaternion of an exactly orthogonal rotation matrix (any branch is exact here)."""
    tr = r[0, 0] + r[1, 1] + r[2, 2]
    cands = [tr, r[0, 0], r[1, 1], r[2, 2]]
    i = max(range(4), key=lambda k: cands[k])
    if i == 0:
        s = mp.sqrt(1 + tr) * 2
        return [s / 4, (r[2, 1] - r[1, 2]) / s, (r[0, 2] - r[2, 0]) / s, (r[1, 0] - r[0, 1]) / s]
    if i == 1:
        s = mp.sqrt(1 + r[0, 0] - r[1, 1] - r[2, 2]) * 2
        return [(r[2, 1] - r[1, 2]) / s, s / 4, (r[0, 1] + r[1, 0]) / s, (r[0, 2] + r[2, 0]) / s]
    if i == 2:
        s = mp.sqrt(1 - r[0, 0] + r[1, 1] - r[2, 2]) * 2
        return [(r[0, 2] - r[2, 0]) / s, (r[0, 1] + r[1, 0]) / s, s / 4, (r[1, 2] + r[2, 1]) / s]
    s = mp.sqrt(1 - r[0, 0] - r[1, 1] + r[2, 2]) * 2
    return [(r[1, 0] - r[0, 1]) / s, (r[0, 2] + r[2, 0]) / s, (r[1, 2] + r[2, 1]) / s, s / 4]


def close(a, b, tol=mp.mpf(10) ** -40):
    return all(abs(x - y) <= tol * max(1, abs(y)) for x, y in zip(a, b))


def coefficient_rows():
    grid = sorted(set(ANGLES + list(np.geomspace(1e-12, 1.0, 60)) + list(np.linspace(0.02, math.pi, 120))))
    rows = []
    for precision in ("f64", "f32"):
        for i, t in enumerate(grid):
            (x,) = rounded([t], precision)
            with mp.workdps(250):
                values = coefficients(mp.mpf(x))
            rows.append((f"{precision}_{i:03}", [x] + values))
    return rows


def coefficients(th):
    """The literal formulas; at 250 digits they keep 150 or more after cancellation."""
    h = th / 2
    values = [
        mp.sin(th) / th,
        (1 - mp.cos(th)) / th**2,
        (th - mp.sin(th)) / th**3,
        (1 - h * mp.cot(h)) / th**2,
        (th**2 + 2 * mp.cos(th) - 2) / (2 * th**4),
        (2 * th - 3 * mp.sin(th) + th * mp.cos(th)) / (2 * th**5),
        h * mp.cot(h),
    ]
    # Independent check of the cancelling ones against their series (see coefficients.rs).
    if th < 1:
        series = [
            mp.nsum(lambda k: (-1) ** k * th ** (2 * k) / mp.factorial(2 * k + 3), [0, 60]),
            mp.nsum(lambda n: abs(mp.bernoulli(2 * n)) * th ** (2 * n - 2) / mp.factorial(2 * n), [1, 60]),
            mp.nsum(lambda j: (-1) ** j * (j + 1) * th ** (2 * j) / mp.factorial(2 * j + 5), [0, 60]),
        ]
        for a, b in zip([values[2], values[3], values[5]], series):
            assert abs(a - b) <= mp.mpf(10) ** -60 * abs(b), (th, a, b)
    return values


def so3_rows():
    exp_rows, logq_rows, logm_rows = [], [], []
    for precision in ("f64", "f32"):
        n = 0
        for theta in ANGLES:
            for axis in axes():
                w = rounded(theta * axis, precision)
                wm = mpv(w)
                q = quat_exp(wm)
                r = mp.expm(hat3(wm))
                assert close(flat(r), flat(quat_matrix(q))), "exp: quaternion vs expm"
                jl = series_jacobian(hat3(wm))
                jr = series_jacobian(hat3([-x for x in wm]))
                jl_inv, jr_inv = mp.inverse(jl), mp.inverse(jr)
                name = f"{precision}_{n:03}"
                exp_rows.append((name, w + q + flat(r) + flat(jl) + flat(jr) + flat(jl_inv) + flat(jr_inv)))
                # Logarithm of the rounded quaternion, and of its negation (the fold).
                qr = rounded([float(c) for c in q], precision)
                for sign, tag in ((1, "p"), (-1, "n")):
                    qs = [sign * c for c in qr]
                    log = quat_log(mpv(qs))
                    assert close(flat(quat_matrix(quat_exp(log))), flat(quat_matrix(mpv(qs)))), "log check"
                    logq_rows.append((f"{name}{tag}", qs + log))
                # Logarithm of the rounded matrix through its exact polar factor.
                rr = rounded([float(c) for c in flat(r)], precision)
                m = mp.matrix(3, 3)
                for k, c in enumerate(rr):
                    m[k // 3, k % 3] = mp.mpf(c)
                p = polar(m)
                log = quat_log(matrix_quat(p))
                assert close(flat(mp.expm(hat3(log))), flat(p), mp.mpf(10) ** -35), "matrix log check"
                logm_rows.append((name, rr + log))
                n += 1
        # Exactly-pi rotations given as quaternions with w = 0, and w = -0-ish folds.
        for k, v in enumerate([[0.6, 0.8, 0.0], [0.0, 0.0, 1.0], [0.48, 0.6, 0.64]]):
            qs = rounded([0.0] + v, precision)
            logq_rows.append((f"{precision}_pi{k}", qs + quat_log(mpv(qs))))
    return exp_rows, logq_rows, logm_rows


def se3_hat(rho, w):
    m = mp.zeros(4, 4)
    h = hat3(w)
    for i in range(3):
        for j in range(3):
            m[i, j] = h[i, j]
        m[i, 3] = rho[i]
    return m


def se3_ad(rho, w):
    ad = mp.zeros(6, 6)
    hw, hr = hat3(w), hat3(rho)
    for i in range(3):
        for j in range(3):
            ad[i, j] = hw[i, j]
            ad[i, j + 3] = hr[i, j]
            ad[i + 3, j + 3] = hw[i, j]
    return ad


def se3_rows():
    exp_rows, log_rows = [], []
    for precision in ("f64", "f32"):
        n = 0
        for theta in ANGLES:
            for axis in axes()[:2]:
                rho_dir = RNG.normal(size=3)
                xi = rounded(list(rho_dir) + list(theta * axis), precision)
                rho, w = mpv(xi[:3]), mpv(xi[3:])
                g = mp.expm(se3_hat(rho, w))
                q = quat_exp(w)
                t = [g[i, 3] for i in range(3)]
                jl = series_jacobian(se3_ad(rho, w))
                jl_inv = mp.inverse(jl)
                qblock = [jl[i, j + 3] for i in range(3) for j in range(3)]
                v = series_jacobian(hat3(w))
                assert close(t, list(v * mp.matrix(rho))), "t = V rho"
                name = f"{precision}_{n:03}"
                exp_rows.append((name, xi + q + t + qblock + flat(jl) + flat(jl_inv)))
                # Log of the rounded (q, t).
                qr = rounded([float(c) for c in q], precision)
                tr = rounded([float(c) for c in t], precision)
                wl = quat_log(mpv(qr))
                rl = mp.inverse(series_jacobian(hat3(wl))) * mp.matrix(mpv(tr))
                log_rows.append((name, qr + tr + list(rl) + wl))
                n += 1
    return exp_rows, log_rows


def se2_rows():
    rows = []
    G = mp.matrix([[0, -1], [1, 0]])
    for precision in ("f64", "f32"):
        n = 0
        for theta in ANGLES:
            for sign in (1, -1):
                rho_dir = RNG.normal(size=2)
                xi = rounded(list(rho_dir) + [sign * theta], precision)
                rho, th = mpv(xi[:2]), mp.mpf(xi[2])
                hat = mp.zeros(3, 3)
                hat[0, 1], hat[1, 0] = -th, th
                hat[0, 2], hat[1, 2] = rho[0], rho[1]
                g = mp.expm(hat)
                ad = mp.zeros(3, 3)
                ad[0, 1], ad[1, 0] = -th, th
                grho = G * mp.matrix(rho)
                ad[0, 2], ad[1, 2] = -grho[0], -grho[1]
                jl = series_jacobian(ad)
                jl_inv = mp.inverse(jl)
                c, s = g[0, 0], g[1, 0]
                t = [g[0, 2], g[1, 2]]
                # Log of the rounded (cos, sin, t).
                cr, sr, tx, ty = rounded([float(c), float(s), float(t[0]), float(t[1])], precision)
                thl = mp.atan2(mp.mpf(sr), mp.mpf(cr))
                vl = mp.matrix([[mp.sin(thl) / thl, -(1 - mp.cos(thl)) / thl], [(1 - mp.cos(thl)) / thl, mp.sin(thl) / thl]]) if thl != 0 else mp.eye(2)
                rl = mp.inverse(vl) * mp.matrix([mp.mpf(tx), mp.mpf(ty)])
                rows.append((f"{precision}_{n:03}", xi + [c, s] + t + flat(jl) + flat(jl_inv) + [cr, sr, tx, ty, rl[0], rl[1], thl]))
                n += 1
    return rows


def expm_rows():
    rows = []
    for precision in ("f64", "f32"):
        n = 0
        cases = []
        for size in (2, 3, 4, 8):
            for scale in (1e-3, 0.05, 0.3, 1.0, 2.5, 6.0):
                for _ in range(2):
                    cases.append(RNG.normal(size=(size, size)) * scale / math.sqrt(size))
        for theta in (0.01, 0.1, 1.0, 3.0, 20.0):
            cases.append(np.array([[0.0, -theta], [theta, 0.0]]))
        for a in cases:
            a = np.array(rounded(a.ravel(), precision)).reshape(a.shape)
            e = scipy.linalg.expm(a)
            em = mp.expm(mp.matrix(a.tolist()))
            exact = [em[i, j] for i in range(a.shape[0]) for j in range(a.shape[0])]
            cond = scipy.linalg.expm_cond(a)
            rows.append((f"{precision}_{n:03}", [a.shape[0], cond] + list(a.ravel()) + list(e.ravel()) + exact))
            n += 1
    return rows


def main():
    write_table("lie/coefficients.txt", SCRIPT, LIBS, coefficient_rows(), notes=[
        "theta, sinc, (1-cos)/t^2, (t-sin)/t^3, (1-(t/2)cot(t/2))/t^2, (t^2+2cos-2)/(2t^4), (2t-3sin+t cos)/(2t^5), (t/2)cot(t/2)",
    ])
    exp_rows, logq_rows, logm_rows = so3_rows()
    write_table("lie/so3_exp.txt", SCRIPT, LIBS, exp_rows, notes=[
        "omega(3), exp quaternion (w,x,y,z), rotation matrix (9, row-major), J_l, J_r, J_l^-1, J_r^-1 (9 each)",
    ])
    write_table("lie/so3_log_quaternion.txt", SCRIPT, LIBS, logq_rows, notes=[
        "quaternion (w,x,y,z) as given (unit to rounding; suffix n = negated), principal log omega(3)",
    ])
    write_table("lie/so3_log_matrix.txt", SCRIPT, LIBS, logm_rows, notes=[
        "rotation matrix (9, row-major, orthogonal to rounding), log of its exact polar factor omega(3)",
    ])
    exp_rows, log_rows = se3_rows()
    write_table("lie/se3_exp.txt", SCRIPT, LIBS, exp_rows, notes=[
        "xi = (rho, omega) (6), rotation quaternion (4), translation (3), Q block (9), J_l (36), J_l^-1 (36), row-major",
    ])
    write_table("lie/se3_log.txt", SCRIPT, LIBS, log_rows, notes=[
        "quaternion (4), translation (3) as given, log xi = (rho, omega) (6)",
    ])
    write_table("lie/se2.txt", SCRIPT, LIBS, se2_rows(), notes=[
        "xi = (rho_x, rho_y, theta), cos, sin, t (2), J_l (9), J_l^-1 (9); then rounded cos, sin, t (4) and their log (3)",
    ])
    write_table("lie/expm.txt", SCRIPT, LIBS, expm_rows(), notes=[
        "n, relative condition number of exp at A (scipy.linalg.expm_cond), A (n*n, row-major),",
        "scipy.linalg.expm(A) (n*n), mpmath's 60-digit expm(A) (n*n)",
    ])


if __name__ == "__main__":
    main()

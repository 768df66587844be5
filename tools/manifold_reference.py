"""Reference values for geoml::manifold, written into tests/data/manifold/.

Run from the repository root with the pinned packages of tools/requirements-manifold.txt:

    python3 -m venv /tmp/venv-manifold
    /tmp/venv-manifold/bin/pip install -r tools/requirements-manifold.txt
    /tmp/venv-manifold/bin/python tools/manifold_reference.py

Tables (one record a line, `name v1 v2 ...`; see each file's header for the layout):

* geomstats_s2.txt, geomstats_s3.txt: distance, exp, log and parallel transport on S^2 and S^3
  from geomstats' Hypersphere metric, for random well-separated points (where its clipped
  arccos is accurate to ~1e-15).
* scipy_slerp.txt: geodesic interpolation from scipy.spatial.geometric_slerp.
* mpmath_sphere.txt: the hard cases, computed with mpmath at 50 significant digits from the
  exact float64 inputs: distances of points 1e-12..1e-6 apart and 1e-12..1e-6 from antipodal,
  exp of tiny and long tangent vectors, log near a point and near the antipode, transport near
  the antipode. geomstats is not used there: its arccos(clip(<p, q>)) is 0 for points 1e-9
  apart.
* graphriccicurvature_forman.txt: Forman-Ricci curvature ("1d" and "augmented") of a weighted
  graph with vertex weights, from GraphRicciCurvature.FormanRicci.
* mpmath_fisher.txt: Fisher information of N(mu, sigma^2) in (mu, sigma) as E[score score^T],
  by mpmath quadrature.
* mpmath_holonomy.txt: areas of geodesic polygons inscribed in circles of latitude (the
  holonomy of parallel transport around them), by the spherical excess in mpmath.
"""

import importlib.metadata as md
import sys

import numpy as np
import mpmath as mp

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from reftable import write_table  # noqa: E402

SCRIPT = "tools/manifold_reference.py"
mp.mp.dps = 50
RNG = np.random.RandomState(20240611)


def versions(*names):
    return {n: md.version(n) for n in names}


def unit(v):
    return v / np.linalg.norm(v)


def random_unit(n):
    return unit(RNG.normal(size=n))


def random_tangent(p, scale):
    v = RNG.normal(size=p.shape)
    v = v - np.dot(v, p) * p
    return v / np.linalg.norm(v) * scale


# ---------------------------------------------------------------- geomstats and scipy


def geomstats_tables():
    import geomstats.backend as gs  # noqa: F401  (selects the numpy backend)
    from geomstats.geometry.hypersphere import Hypersphere

    for dim, name in [(2, "geomstats_s2.txt"), (3, "geomstats_s3.txt")]:
        metric = Hypersphere(dim=dim).metric
        n = dim + 1
        records = []
        for k in range(24):
            p, q = random_unit(n), random_unit(n)
            if abs(np.dot(p, q)) > 0.95:
                continue
            records.append((f"distance_{k}", [*p, *q, float(metric.dist(p, q))]))
            v = random_tangent(p, RNG.uniform(0.05, 3.0))
            records.append((f"exp_{k}", [*p, *v, *metric.exp(v, p)]))
            records.append((f"log_{k}", [*p, *q, *metric.log(q, p)]))
            w = random_tangent(p, RNG.uniform(0.1, 2.0))
            records.append(
                (f"transport_{k}", [*p, *q, *w, *metric.parallel_transport(w, p, end_point=q)])
            )
        write_table(
            f"manifold/{name}",
            SCRIPT,
            versions("geomstats", "numpy"),
            records,
            notes=[
                f"Hypersphere(dim={dim}).metric, points of R^{n}, random well-separated pairs",
                f"distance_k: p[{n}] q[{n}] dist(p, q)",
                f"exp_k: p[{n}] v[{n}] exp_p(v)",
                f"log_k: p[{n}] q[{n}] log_p(q)",
                f"transport_k: p[{n}] q[{n}] w[{n}] transport of w from p to q",
            ],
        )


def slerp_table():
    from scipy.spatial import geometric_slerp

    records = []
    for k in range(16):
        p, q = random_unit(3), random_unit(3)
        if np.dot(p, q) < -0.95:
            continue
        t = RNG.uniform(-0.25, 1.25) if k % 4 == 0 else RNG.uniform(0.0, 1.0)
        if not 0.0 <= t <= 1.0:
            continue  # geometric_slerp only interpolates
        r = geometric_slerp(p, q, [t])[0]
        records.append((f"slerp_{k}", [*p, *q, t, *r]))
    write_table(
        "manifold/scipy_slerp.txt",
        SCRIPT,
        versions("scipy", "numpy"),
        records,
        notes=["scipy.spatial.geometric_slerp(p, q, [t])", "slerp_k: p[3] q[3] t r[3]"],
    )


# ---------------------------------------------------------------- mpmath, 50 digits


def mpvec(v):
    return [mp.mpf(float(x)) for x in v]  # exact: every float64 is an mpf


def dot(a, b):
    return mp.fsum(x * y for x, y in zip(a, b))


def norm(a):
    return mp.sqrt(dot(a, a))


def angle(a, b):
    """The angle between two vectors (Lagrange's identity, no cancellation at 50 digits)."""
    c = dot(a, b)
    s = mp.sqrt(max(dot(a, a) * dot(b, b) - c * c, mp.mpf(0)))
    return mp.atan2(s, c)


def exact_pair(n, distance):
    """p and q = cos(d) p + sin(d) t, computed at 50 digits, then rounded to float64."""
    p = random_unit(n)
    t = random_tangent(p, 1.0)
    pm, tm = mpvec(p), mpvec(t)
    pm = [x / norm(pm) for x in pm]
    tm = [x - dot(tm, pm) * y for x, y in zip(tm, pm)]
    tm = [x / norm(tm) for x in tm]
    d = mp.mpf(distance)
    q = [mp.cos(d) * x + mp.sin(d) * y for x, y in zip(pm, tm)]
    return np.array([float(x) for x in pm]), np.array([float(x) for x in q])


def mp_exp(p, v):
    pm, vm = mpvec(p), mpvec(v)
    theta = norm(vm)
    sinc = mp.sin(theta) / theta if theta != 0 else mp.mpf(1)
    return [mp.cos(theta) * x + sinc * y for x, y in zip(pm, vm)]


def mp_log(p, q):
    pm, qm = mpvec(p), mpvec(q)
    pm = [x / norm(pm) for x in pm]
    qm = [x / norm(qm) for x in qm]
    w = [y - dot(pm, qm) * x for x, y in zip(pm, qm)]
    theta = angle(pm, qm)
    return [theta * x / norm(w) for x in w]


def mp_transport(p, q, v):
    pm, qm, vm = mpvec(p), mpvec(q), mpvec(v)
    pm = [x / norm(pm) for x in pm]
    qm = [x / norm(qm) for x in qm]
    s = [x + y for x, y in zip(pm, qm)]
    c = 2 * dot(vm, qm) / dot(s, s)
    return [x - c * y for x, y in zip(vm, s)]


def mpmath_sphere_table():
    records = []
    for n in (3, 4):
        for k, exponent in enumerate([-12, -10, -9, -9, -8, -6]):
            d = 10.0**exponent
            p, q = exact_pair(n, d)
            ref = angle(mpvec(p), mpvec(q))
            records.append((f"distance_near_s{n - 1}_{k}", [n, *p, *q, ref]))
            p, q = exact_pair(n, mp.pi - d)
            ref = angle(mpvec(p), mpvec(q))
            records.append((f"distance_antipodal_s{n - 1}_{k}", [n, *p, *q, ref]))
            records.append((f"log_antipodal_s{n - 1}_{k}", [n, *p, *q, *mp_log(p, q)]))
        for k, length in enumerate([0.0, 1e-12, 1e-7, 3e-3, 0.3, 3.1, 7.0, 100.0]):
            p = random_unit(n)
            v = random_tangent(p, length) if length > 0 else np.zeros(n)
            records.append((f"exp_s{n - 1}_{k}", [n, *p, *v, *mp_exp(p, v)]))
        for k, exponent in enumerate([-12, -8, -4, -1]):
            p, q = exact_pair(n, 10.0**exponent)
            records.append((f"log_close_s{n - 1}_{k}", [n, *p, *q, *mp_log(p, q)]))
        for k, exponent in enumerate([-10, -7, -4, -1]):
            p, q = exact_pair(n, mp.pi - 10.0**exponent)
            v = random_tangent(p, 1.5)
            records.append((f"transport_s{n - 1}_{k}", [n, *p, *q, *v, *mp_transport(p, q, v)]))
    write_table(
        "manifold/mpmath_sphere.txt",
        SCRIPT,
        versions("mpmath", "numpy"),
        records,
        notes=[
            "mpmath at 50 digits from the exact float64 inputs; n is the ambient dimension (3 or 4)",
            "distance_*: n p[n] q[n] angle(p, q) (Lagrange identity + atan2)",
            "log_*: n p[n] q[n] log_p(q) = angle * (q - <p,q>p)/|q - <p,q>p| (inputs normalised)",
            "exp_*: n p[n] v[n] cos|v| p + sin|v|/|v| v",
            "transport_*: n p[n] q[n] v[n] v - 2<v,q>/|p+q|^2 (p+q) (inputs normalised)",
        ],
    )


def forman_table():
    import networkx as nx
    from GraphRicciCurvature.FormanRicci import FormanRicci

    # Two communities (a 4-clique and a triangle with a pendant) joined by two bridges.
    edges = [
        (0, 1, 1.0), (0, 2, 2.0), (0, 3, 0.5), (1, 2, 1.5), (1, 3, 1.0), (2, 3, 3.0),
        (3, 4, 0.7), (2, 5, 1.2),
        (4, 5, 1.0), (4, 6, 2.5), (5, 6, 0.8), (6, 7, 1.1),
    ]
    vertex_weights = [1.0, 2.0, 0.5, 1.0, 1.5, 1.0, 0.75, 3.0]
    records = [("vertex_weights", vertex_weights)]
    curvature = {}
    for method in ("1d", "augmented"):
        g = nx.Graph()
        for v, w in enumerate(vertex_weights):
            g.add_node(v, weight=w)
        for a, b, w in edges:
            g.add_edge(a, b, weight=w)
        frc = FormanRicci(g, method=method)
        frc.compute_ricci_curvature()
        curvature[method] = {(a, b): frc.G[a][b]["formanCurvature"] for a, b, _ in edges}
    for a, b, w in edges:
        records.append(
            (f"edge_{a}_{b}", [a, b, w, curvature["1d"][(a, b)], curvature["augmented"][(a, b)]])
        )
    write_table(
        "manifold/graphriccicurvature_forman.txt",
        SCRIPT,
        versions("GraphRicciCurvature", "networkx"),
        records,
        notes=[
            "FormanRicci(G, method) with node attribute weight = vertex weight",
            "vertex_weights: w_0 ... w_7",
            "edge_a_b: a b weight F_1d F_augmented",
        ],
    )


def fisher_table():
    records = []
    for k, (mu, sigma) in enumerate([(0.0, 1.0), (2.0, 0.5), (-1.0, 3.0), (0.3, 0.01)]):
        mu, sigma = mp.mpf(mu), mp.mpf(sigma)

        def density(x):
            return mp.exp(-((x - mu) ** 2) / (2 * sigma**2)) / (sigma * mp.sqrt(2 * mp.pi))

        def score(x):
            return ((x - mu) / sigma**2, -1 / sigma + (x - mu) ** 2 / sigma**3)

        def expect(f):
            return mp.quad(lambda x: f(x) * density(x), [mu - 40 * sigma, mu, mu + 40 * sigma])

        f00 = expect(lambda x: score(x)[0] ** 2)
        f01 = expect(lambda x: score(x)[0] * score(x)[1])
        f11 = expect(lambda x: score(x)[1] ** 2)
        records.append((f"normal_{k}", [mu, sigma, f00, f01, f11]))
    write_table(
        "manifold/mpmath_fisher.txt",
        SCRIPT,
        versions("mpmath"),
        records,
        notes=["normal_k: mu sigma F_mumu F_musigma F_sigmasigma, E[s s^T] by mp.quad"],
    )


def holonomy_table():
    records = []
    north = [mp.mpf(0), mp.mpf(0), mp.mpf(1)]
    for theta0, n in [(0.1, 3), (0.5, 8), (1.0, 16), (1.2, 5), (1.5, 64), (0.9, 1000)]:
        # The same vertices the library generates, rounded to float64 first.
        t0 = mp.mpf(theta0)
        vertices = []
        for k in range(n):
            phi = 2 * mp.pi * k / n
            v = [mp.sin(t0) * mp.cos(phi), mp.sin(t0) * mp.sin(phi), mp.cos(t0)]
            vertices.append(mpvec([float(x) for x in v]))
        vertices = [[x / norm(v) for x in v] for v in vertices]
        area = mp.mpf(0)
        for k in range(n):
            a, b = vertices[k], vertices[(k + 1) % n]
            cross = [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]
            numerator = abs(dot(north, cross))
            denominator = 1 + dot(north, a) + dot(a, b) + dot(b, north)
            area += 2 * mp.atan2(numerator, denominator)
        cap = 2 * mp.pi * (1 - mp.cos(t0))
        records.append((f"latitude_{n}", [theta0, n, area, cap]))
    write_table(
        "manifold/mpmath_holonomy.txt",
        SCRIPT,
        versions("mpmath"),
        records,
        notes=[
            "latitude_n: theta0 n area cap -- area of the geodesic n-gon on the circle of",
            "latitude theta0 (spherical excess, Van Oosterom-Strackee triangles from the pole)",
            "and the cap area 2 pi (1 - cos theta0) it converges to",
        ],
    )


if __name__ == "__main__":
    geomstats_tables()
    slerp_table()
    mpmath_sphere_table()
    forman_table()
    fisher_table()
    holonomy_table()

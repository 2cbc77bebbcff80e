"""Grid clustering of the map: every feature counted once, cells, centres and bounds right."""

from __future__ import annotations

import numpy as np

from services.kaart_cluster import NO_CLUSTER_FROM_ZOOM, grid, should_cluster


def test_grid_counts_every_feature_once_with_exact_centres_and_bounds():
    rng = np.random.default_rng(1)
    x, y = rng.uniform(150_000, 151_000, 500), rng.uniform(440_000, 441_000, 500)
    bounds = np.stack([x, y, x + rng.uniform(0, 5, 500), y + rng.uniform(0, 5, 500)], axis=1)
    g = grid(bounds, 100.0)
    assert int(g.counts.sum()) + len(g.singles) == 500
    seen = np.concatenate([*g.members, g.singles])
    assert sorted(seen.tolist()) == list(range(500))
    cx, cy = (bounds[:, 0] + bounds[:, 2]) / 2, (bounds[:, 1] + bounds[:, 3]) / 2
    for i, m in enumerate(g.members):
        assert len(m) == g.counts[i] > 1
        assert np.allclose(g.centres[i], [cx[m].mean(), cy[m].mean()])
        assert np.allclose(g.bounds[i], [*bounds[m, :2].min(axis=0), *bounds[m, 2:].max(axis=0)])
        assert (np.floor(cx[m] / 100) == g.keys[i, 0]).all() and (np.floor(cy[m] / 100) == g.keys[i, 1]).all()
    for s in g.singles:  # alone in its cell
        same = (np.floor(cx / 100) == np.floor(cx[s] / 100)) & (np.floor(cy / 100) == np.floor(cy[s] / 100))
        assert same.sum() == 1


def test_cluster_only_many_features_and_not_zoomed_in():
    assert should_cluster(401, 10, 400) and not should_cluster(400, 10, 400)
    assert not should_cluster(10_000, NO_CLUSTER_FROM_ZOOM, 400)

"""Grid clustering of the map: every feature counted once, cells, centres and bounds right."""

from __future__ import annotations

import numpy as np

from gis.webmap import pixel_metres
from services.kaart_cluster import MAX_VIEW_PX, NO_CLUSTER_FROM_ZOOM, grid, should_cluster, view_zoom


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


def test_features_are_grouped_at_the_zoom_where_the_bbox_fits_a_screen():
    """The requested zoom for a bbox a screen shows; for a larger one the highest zoom at which it fits
    MAX_VIEW_PX (the municipality, 12 km, at zoom 18: 14; the whole map window at zoom 20: 9)."""
    fits = MAX_VIEW_PX * pixel_metres(17)
    assert view_zoom((0, 0, fits, fits / 2), 17) == 17 and view_zoom((0, 0, fits * 1.01, 1), 17) == 16
    assert view_zoom((0, 0, 12_300, 10_300), 18) == 14 and view_zoom((0, 0, 12_300, 10_300), 11) == 11
    assert view_zoom((0, 0, 466_000, 506_000), 20) == 9
    assert view_zoom((0, 0, 1, 1), 22) == 22

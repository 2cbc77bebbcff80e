"""The locatiecheck as a use case: the configured layers and rules, a check of a GeoJSON document.

The check itself lives in gis/ (pure). Here we pick the configured layers and rules (generated demo
layers by default) and cache them per process. The CLI (`ruimteflow gis check`), the API and the
service task of services.domain.locatiecheck all use these functions.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from services.config import Settings

_lock = threading.Lock()
_layer_cache: Any = None
_rules_cache: dict[tuple[str, float, str], Any] = {}


def layers_dir(settings: Settings, override: str | None = None) -> Path:
    if override:
        return Path(override)
    if settings.gis_layers_dir:
        return Path(settings.gis_layers_dir)
    from gis.demo import demo_layers_dir

    return demo_layers_dir(Path(settings.instance_dir))


def layers(settings: Settings, override: str | None = None) -> dict[str, Any]:
    global _layer_cache
    from gis.api import LayerCache

    with _lock:
        if _layer_cache is None:
            _layer_cache = LayerCache()
        return _layer_cache.get(layers_dir(settings, override))


def rules(settings: Settings, layer_dict: dict[str, Any], override: str | None = None) -> Any:
    from gis.api import default_rules_path, load_rules

    path = Path(override or settings.gis_rules_file or default_rules_path())
    if not path.is_file():
        from processes.errors import ValidationError

        raise ValidationError(f"Regelbestand '{path}' bestaat niet.", code="regels-onbekend")
    key = (str(path), path.stat().st_mtime, ",".join(sorted(layer_dict)))
    with _lock:
        if key not in _rules_cache:
            _rules_cache[key] = load_rules(path, layer_dict)
        return _rules_cache[key]


def check_document(
    settings: Settings,
    body: bytes | str | dict[str, Any],
    *,
    crs: str | None = None,
    layers_dir: str | None = None,
    rules_file: str | None = None,
) -> dict[str, Any]:
    from gis.api import check

    layer_dict = layers(settings, layers_dir)
    return check(
        body, layer_dict, rules(settings, layer_dict, rules_file), crs=crs, max_bytes=settings.max_body_bytes
    )


def layer_list(settings: Settings, *, layers_dir: str | None = None) -> list[dict[str, Any]]:
    from gis.api import layer_summaries

    return layer_summaries(layers(settings, layers_dir))

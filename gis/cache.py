"""LayerCache: load a layer directory once per process and reuse it (with its spatial indexes).

The cache is keyed by the resolved directory. ``get`` reloads a directory when a layer or metadata
file in it changed (size or modification time), so a replaced GeoPackage is picked up without a
restart; checking that costs one ``stat`` per file. ``forget`` drops a folder that goes away (the
temporary one of a scenario run), whose layers would otherwise stay for the life of the process.
Thread-safe.
"""

from __future__ import annotations

import threading
from pathlib import Path

from gis.layers import Layer, layer_files, load_layers
from gis.metadata import DIRECTORY_FILE, SIDECAR_SUFFIX

Signature = tuple[tuple[str, int, int], ...]


def _signature(directory: Path) -> Signature:
    files = layer_files(directory)
    extra = [p for p in directory.glob("*" + SIDECAR_SUFFIX)] + [directory / DIRECTORY_FILE]
    entries = []
    for path in sorted(set(files) | {p for p in extra if p.is_file()}):
        stat = path.stat()
        entries.append((path.name, stat.st_size, stat.st_mtime_ns))
    return tuple(entries)


class LayerCache:
    """Layers per directory, loaded on first use and kept until the files change."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[Path, tuple[Signature, dict[str, Layer]]] = {}

    def get(self, directory: Path | str) -> dict[str, Layer]:
        key = Path(directory).resolve()
        signature = _signature(key) if key.is_dir() else ()
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[0] == signature:
                return entry[1]
            # the replaced layers go first, so the load settles among what stays (gis.layers)
            self._entries.pop(key, None)
            layers = load_layers(key)
            self._entries[key] = (signature, layers)
            return layers

    def forget(self, directory: Path | str) -> None:
        """Drop the layers of ``directory`` and of every folder under it (a temporary folder that goes away)."""
        root = Path(directory).resolve()
        with self._lock:
            for key in [k for k in self._entries if k.is_relative_to(root)]:
                del self._entries[key]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

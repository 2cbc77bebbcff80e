"""An installed copy works (README review, readme11 finding 1): docker/Dockerfile runs a non-editable
`pip install .`, whose package lacked the vendored fonts and images (*.woff, *.woff2, *.png: not in
pyproject.toml's package-data), so the model editor and the map served 404s for them."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("processes", "services", "gis", "web")


def _package_data_globs() -> list[str]:
    with (ROOT / "pyproject.toml").open("rb") as fh:
        return list(tomllib.load(fh)["tool"]["setuptools"]["package-data"]["*"])


def _package_files() -> list[Path]:
    return sorted(
        p
        for pkg in PACKAGES
        for p in (ROOT / pkg).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    )


def _installed(path: Path, globs: list[str]) -> bool:
    return path.suffix == ".py" or any(fnmatch.fnmatch(path.name, g) for g in globs)


def test_the_package_data_takes_every_file_the_packages_read_or_serve():
    globs = _package_data_globs()
    left_out = [str(p.relative_to(ROOT)) for p in _package_files() if not _installed(p, globs)]
    assert left_out == []
    assert any(p.name == "marker-icon.png" for p in _package_files())  # the walk saw the vendored files


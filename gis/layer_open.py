"""A layer file and its sidecars, opened once, checked on the handle and read by GDAL from that handle.

gis.layer_formats checks a layer file's first bytes before GDAL opens it. Opened again by name, the file
GDAL reads could be another one than the one checked: a file of the layer directory replaced in between
(by a VRT over the app's database, say), or a shapefile's sidecar (.shx, .dbf, .prj, .cpg) that is a
symbolic link to a file outside the directory, which GDAL follows. So:

- the layer file and each sidecar present are opened without following a symbolic link (``O_NOFOLLOW``);
  a link, or anything but a regular file (a directory, a named pipe), is refused with one code
  (``LAYER_NOT_PLAIN``), the layer file and its sidecars alike;
- the checks read the opened handle, and GDAL reads the same handles: it is given a private directory of
  links to ``/proc/self/fd/<n>``, which reach the opened file itself, whatever its name now points to.
  GeoPackages are read through GDAL's own file layer (``SQLITE_USE_OGR_VFS``): SQLite's would resolve
  the link to the file's name and open that. GDAL's option is process-wide and turns off SQLite's file
  locking, so it holds only while a GeoPackage is read here and is then put back as it was: another
  GeoPackage the process opens (the demo writer's, say) keeps SQLite's own file layer and its locks.

Without ``/proc/self/fd`` (not Linux) GDAL opens the checked names as before; the links are refused all
the same.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyogrio

from gis.errors import LAYER_NOT_PLAIN, LayerError

#: the files GDAL reads beside a shapefile, by its name with another extension (either case)
SHAPEFILE_SIDECARS = (".shx", ".dbf", ".prj", ".cpg")
_FD_DIR = Path("/proc/self/fd")
_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


class _HeldOption:
    """A GDAL config option set to ``value`` while anyone holds it, then put back as it was. GDAL's config
    options (pyogrio sets them with CPLSetConfigOption) are the whole process's, so reads overlapping in
    threads share one setting: the first holder sets it, the last one out puts back the previous value
    (put back by the first one out, a read still under way could open its file through SQLite's)."""

    def __init__(self, name: str, value: str) -> None:
        self.name, self.value = name, value
        self._lock = threading.Lock()
        self._holders = 0
        self._before: object = None

    @contextmanager
    def held(self) -> Iterator[None]:
        with self._lock:
            if self._holders == 0:
                self._before = pyogrio.get_gdal_config_option(self.name)
                pyogrio.set_gdal_config_options({self.name: self.value})
            self._holders += 1
        try:
            yield
        finally:
            with self._lock:
                self._holders -= 1
                if self._holders == 0:
                    pyogrio.set_gdal_config_options({self.name: self._before})


#: GeoPackages read through GDAL's own file layer, not SQLite's: see above
_GDAL_FILE_LAYER = _HeldOption("SQLITE_USE_OGR_VFS", "YES")


@dataclass(frozen=True)
class OpenedLayer:
    """The opened layer file (``fd``) and what GDAL is to open for it (``gdal_path``, which reaches the
    opened files); ``private`` is the folder GDAL sees instead of the layer directory (None: the names)."""

    fd: int
    gdal_path: Path
    private: Path | None


@contextmanager
def opened_layer(path: Path) -> Iterator[OpenedLayer]:
    """``path`` and, for a shapefile, its sidecars present, opened as regular files (LayerError
    ``LAYER_NOT_PLAIN`` for a symbolic link or another kind of file), closed on leaving."""
    with ExitStack() as stack:
        fds = {path.suffix.lower(): _open_plain(path)}
        stack.callback(os.close, fds[path.suffix.lower()])
        if path.suffix.lower() == ".shp":
            for suffix, sidecar in _sidecars(path):
                fds[suffix] = _open_plain(sidecar)
                stack.callback(os.close, fds[suffix])
        if not _FD_DIR.is_dir():
            yield OpenedLayer(fds[path.suffix.lower()], path.absolute(), None)
            return
        private = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="ruimteflow-laag-")))
        for suffix, fd in fds.items():
            (private / f"laag{suffix}").symlink_to(_FD_DIR / str(fd))
        if path.suffix.lower() == ".gpkg":
            stack.enter_context(_GDAL_FILE_LAYER.held())
        yield OpenedLayer(fds[path.suffix.lower()], private / f"laag{path.suffix.lower()}", private)


def _sidecars(path: Path) -> Iterator[tuple[str, Path]]:
    """The sidecars of shapefile ``path`` that are there (a link too), by their lower-case extension."""
    for suffix in SHAPEFILE_SIDECARS:
        for candidate in (path.with_suffix(suffix), path.with_suffix(suffix.upper())):
            if os.path.lexists(candidate):
                yield suffix, candidate
                break


def _open_plain(path: Path) -> int:
    """A read handle on ``path`` when it is a regular file itself, not a symbolic link to one."""
    try:
        fd = os.open(path, _FLAGS)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EMLINK) and path.is_symlink():
            raise _not_plain(path, "een koppeling (symbolische link) naar een ander bestand") from None
        raise
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise _not_plain(path, "geen gewoon bestand")
    return fd


def _not_plain(path: Path, what: str) -> LayerError:
    return LayerError(
        f"{path.name} is {what}. Ruimteflow leest een laag en de bestanden ernaast (.shx, .dbf, .prj en "
        ".cpg bij een shapefile) alleen als gewone bestanden in de lagenmap zelf: kopieer het bestand in "
        "de map.",
        code=LAYER_NOT_PLAIN,
        bestand=path.name,
    )

"""An installed copy works (README review, readme11 finding 1): docker/Dockerfile runs a non-editable
`pip install .`, whose package holds no bpmn/ and, before, none of the vendored fonts and images either;
`ruimteflow models deploy --als-leeg` (compose's init service), `users add` and `demo` exited 2 with
"Bestand of map '<site-packages>/bpmn/autorisatie.toml' is niet te lezen".

A wheel cannot be built here without the network (the venv's setuptools is older than the build needs),
so the copy is made as setuptools makes it: every module plus the files pyproject.toml's package-data
names, and the first test checks that those globs leave out no file of the packages."""

from __future__ import annotations

import fnmatch
import os
import shutil
import subprocess
import sys
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


def _install_copy(target: Path) -> None:
    globs = _package_data_globs()
    for path in _package_files():
        if _installed(path, globs):
            dest = target / path.relative_to(ROOT)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dest)


def test_an_installed_copy_deploys_the_models_and_adds_a_user_from_another_folder(tmp_path):
    site, elsewhere = tmp_path / "site-packages", tmp_path / "app"
    _install_copy(site)
    elsewhere.mkdir()
    models = ROOT / "bpmn"
    env = {
        **os.environ,
        "PYTHONPATH": str(site),
        "RUIMTEFLOW_BPMN_DIR": str(models),
        "RUIMTEFLOW_INSTANCE": str(tmp_path / "instance"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'rf.db'}",
    }
    env.pop("RUIMTEFLOW_DOCUMENTTYPEN", None)

    def ruimteflow(*args: str) -> subprocess.CompletedProcess[str]:
        code = "import sys, web; assert web.__file__.startswith(sys.argv[1]); from web.cli import main; "
        code += "sys.argv[1:2] = []; sys.exit(main())"
        return subprocess.run(
            [sys.executable, "-c", code, str(site), *args],
            cwd=elsewhere,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    steps = [
        ("migrate",),
        (
            "models",
            "deploy",
            "--als-leeg",
            *(
                str(models / f)
                for f in ("omgevingsvergunning.bpmn", "advies-routering.dmn", "procedurekeuze.dmn")
            ),
        ),
        ("users", "add", "bea", "--role", "beheerder", "--password", "een-sterk-wachtwoord-12"),
    ]
    for args in steps:
        done = ruimteflow(*args)
        assert done.returncode == 0, (args, done.stdout, done.stderr)

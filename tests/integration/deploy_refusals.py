"""A deploy that is refused, through the API and through `ruimteflow models deploy`, storing nothing; and the
shipped model files by name."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from services import users
from services.config import SHIPPED_BPMN_DIR
from services.platform import Platform
from tests.integration.core_helpers import snapshot
from web import cli, create_app


def api_refusal(platform: Platform, files: list[tuple[str, str]]) -> Any:
    """A beheerder's POST of ``files`` to /api/v1/modellen: refused with 422 problem+json, nothing stored;
    the problem document."""
    users.add_user(platform, "bea", groups=["Beheer"], role="beheerder", token="t-bea")
    client = create_app(platform.settings, platform=platform).test_client()
    before = snapshot(platform)
    resp = client.post(
        "/api/v1/modellen",
        json={"bestanden": [{"naam": n, "inhoud": t} for n, t in files]},
        headers={"Authorization": "Bearer t-bea"},
    )
    assert resp.status_code == 422 and resp.mimetype == "application/problem+json", resp.text[:500]
    assert snapshot(platform) == before
    return resp.get_json()


def cli_refusal(capsys: Any, tmp_path: Path, files: list[tuple[str, str]]) -> str:
    """`ruimteflow models deploy` of ``files`` (written to ``tmp_path``) into a new SQLite database: exit code
    2, no traceback and nothing stored; what it printed on stderr."""
    paths = []
    for name, text in files:
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(str(tmp_path / name))
    db = tmp_path / "cli.db"

    code = cli.main(["models", "deploy", *paths, "--database", f"sqlite:///{db}"])

    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err, err
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from model_file").fetchone() == (0,)
        assert conn.execute("select count(*) from process_definition").fetchone() == (0,)
    return str(err)


def shipped_files(*names: str) -> list[tuple[str, str]]:
    """The shipped model files (bpmn/) of ``names``, as (name, text)."""
    return [(n, (SHIPPED_BPMN_DIR / n).read_text(encoding="utf-8")) for n in names]

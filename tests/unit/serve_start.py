"""`ruimteflow serve` run in the test process (up to the web server, which the ``started`` fixture of
tests/unit/test_serve_secret_key.py replaces)."""

from __future__ import annotations

from web import cli


def serve_on(host: str, tmp_path) -> int:
    """`ruimteflow serve --host host` on a SQLite file in ``tmp_path``: its exit code."""
    return cli.main(
        ["serve", "--host", host, "--port", "7151", "--database", f"sqlite:///{tmp_path / 's.db'}"]
    )

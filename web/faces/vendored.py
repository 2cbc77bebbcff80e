"""Front-end libraries vendored under web/static/vendor that more than one face shows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import current_app


def bpmn_viewer() -> dict[str, Any] | None:
    """The vendored bpmn-js NavigatedViewer, when another face has vendored it."""
    folder = Path(current_app.static_folder or "") / "vendor" / "bpmn-js"
    scripts = sorted(folder.glob("**/bpmn-navigated-viewer*.js")) if folder.is_dir() else []
    if not scripts:
        return None
    root = Path(current_app.static_folder or "")
    styles = [
        p for name in ("diagram-js.css", "bpmn-js.css", "bpmn.css") for p in sorted(folder.glob(f"**/{name}"))
    ]
    return {
        "script": scripts[0].relative_to(root).as_posix(),
        "styles": [p.relative_to(root).as_posix() for p in styles],
    }

"""Waiting times per model: the heatmap on the diagram (bpmn-js overlays), its table and CSV."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request

from services.waits import heatmap
from web.faces.security import login_required, me, platform
from web.faces.vendored import bpmn_viewer

bp = Blueprint("wachten", __name__)


def _view(process_id: str) -> dict:  # type: ignore[type-arg]
    return heatmap.for_user(
        platform(),
        me()["gebruikersnaam"],
        process_id,
        van=request.args.get("van") or None,
        tot=request.args.get("tot") or None,
        groep=request.args.get("groep") or None,
    )


@bp.get("/wachttijden/<process_id>")
@login_required
def page(process_id: str):  # type: ignore[no-untyped-def]
    view = _view(process_id)
    return render_template("wachttijden.html", h=view, viewer=bpmn_viewer())


@bp.get("/wachttijden/<process_id>/csv")
@login_required
def export(process_id: str):  # type: ignore[no-untyped-def]
    view = _view(process_id)
    name = f"wachttijden-{process_id}-{view['van']}-{view['tot']}.csv"
    return Response(
        heatmap.as_csv(view),
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename={name}"},
    )


@bp.get("/wachttijden/<process_id>/bpmn")
@login_required
def model_xml(process_id: str):  # type: ignore[no-untyped-def]
    xml = heatmap.model_xml(platform(), me()["gebruikersnaam"], process_id)
    return Response(xml, mimetype="application/xml")

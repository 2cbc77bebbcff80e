"""Beheer: the model editor page (bpmn-js Modeler, side panel, scenarios; issue #17 part 3).

The page is HTML only. Everything it edits goes through the JSON routes of web/faces/modeleditor.py
(blueprint "modeleditor"): their URLs and the CSRF token are embedded in data attributes of the page,
and web/static/js/modeleditor.js calls them. The side panel offers what the platform understands
(bpmn/MODELLING.md "Element properties"); the page hands it the choices it can suggest: the model's
public phases (bpmn/fasen.toml), the document types (bpmn/documenttypen.toml) and the known groups.
The DMN files deployed with the model open in the vendored dmn-js Modeler (loaded on demand); an edited
decision table is downloaded and deployed by upload on the beheer page (a draft holds the BPMN file).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, url_for

from services import beheer, users
from services.documents import document_typen
from services.public_phases import public_phases
from web.faces.security import platform, role_required

bp = Blueprint("modeleditor_pagina", __name__, url_prefix="/beheer/modellen")

#: the JSON routes of web/faces/modeleditor.py, by the name the script knows them by
ROUTES = {
    "concept": "modeleditor.show",
    "valideren": "modeleditor.validate",
    "vergelijken": "modeleditor.compare",
    "testen": "modeleditor.test",
    "in_gebruik_nemen": "modeleditor.deploy",
}


def _choices(process_id: str) -> dict[str, Any]:
    """What the side panel suggests: internal phase values with their public phase, document types,
    group names."""
    settings = platform().settings
    phases = [
        {"intern": value, "publiek": phase.naam}
        for phase in public_phases(settings).of(process_id)
        for value in phase.intern
    ]
    types = document_typen(settings.documenttypen_path).voor(process_id)
    return {
        "fasen": phases,
        "documenttypen": [{"code": t.code, "omschrijving": t.omschrijving} for t in types.values()],
        "groepen": [g["naam"] for g in users.list_groups(platform())],
    }


@bp.get("/<process_id>/bewerken")
@role_required("beheerder")
def editor(process_id: str):  # type: ignore[no-untyped-def]
    model = beheer.model_detail(platform(), process_id)  # NotFound (404) for an unknown process
    return render_template(
        "beheer_editor.html",
        model={k: model[k] for k in ("process_id", "naam", "versie", "bestand")},
        urls={name: url_for(endpoint, process_id=process_id) for name, endpoint in ROUTES.items()},
        keuzes=_choices(process_id),
        beslistabellen=beheer.decision_files(platform(), process_id),
    )

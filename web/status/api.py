"""The JSON twin of the status page (``/api/v1/status``): the public status by tracking code and the
messages an initiator sends (validated against their contract in web.api.publiek before a view runs)."""

from __future__ import annotations

from flask import jsonify, request

from processes import berichtgrenzen
from services.status import lookup, view
from services.status import messages as public_messages
from web.faces.security import platform
from web.status import api_bp
from web.status.volgcode import contact, looked_up
from web.uploads import capped


@api_bp.post("/<code>/berichten/<bericht>")
@capped(berichtgrenzen.MAX_BODY_BYTES, berichtgrenzen.body_too_large)
def api_send(code: str, bericht: str):  # type: ignore[no-untyped-def]
    """Stuur als initiatiefnemer een aanvulling, zienswijze, intrekking, bezwaar of ingebrekestelling bij de
    volgcode."""
    from web.api.common import json_body

    body = json_body(required=True)  # validated against its contract (web.api.publiek) before this runs
    fields = {
        "tekst": body.get("tekst") or "",
        "documenten": "\n".join(body.get("documenten") or []),
        "bevestigd": body.get("bevestigd") is True,
    }
    looked_up(lookup.check_code, platform(), code)
    public_messages.send_public_message(platform(), code, bericht, fields)
    return jsonify(looked_up(view.public_status, platform(), code, default_contact=contact()))


@api_bp.get("/<code>")
def api_status(code: str):  # type: ignore[no-untyped-def]
    """Publieke status van een zaak bij de volgcode (geen login; onjuiste codes worden beperkt); de tijdlijn
    per pagina (``tijdlijn_pagina``), de nieuwste eerst."""
    page = request.args.get("tijdlijn_pagina", 1, type=int)
    return jsonify(
        looked_up(view.public_status, platform(), code, default_contact=contact(), lines_page=page)
    )

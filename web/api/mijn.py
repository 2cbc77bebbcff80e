"""The initiator's own cases over HTTP: the API twin of "Mijn aanvragen"."""

from __future__ import annotations

from flask import jsonify

from services import initiators
from web.api import bp
from web.api import schemas as s
from web.api.common import current_user, platform
from web.api.contract import contract

REQUEST = s.obj(
    ("bericht", "titel"),
    bericht=s.STR,
    titel=s.STR,
    uitleg=s.STR,
    ontbrekend=s.nullable("string"),
    tot=s.nullable("string"),
)
DOCUMENT = s.obj(("id", "titel"), id=s.INT, titel=s.STR, soort=s.STR, datum=s.STR)
MY_CASE = s.obj(
    ("zaak", "titel", "status", "volgcode", "verzoeken", "documenten"),
    zaak=s.STR,
    titel=s.STR,
    procedure=s.STR,
    status=s.STR,
    status_tekst=s.STR,
    fase=s.nullable("string"),
    ontvangen_op=s.nullable("string"),
    uiterlijk_besluit=s.nullable("string"),
    opgeschort=s.BOOL,
    termijn=s.STR,
    definitief=s.BOOL,
    volgcode=s.STR,
    volgcode_verlopen=s.BOOL,
    verzoeken=s.array(REQUEST),
    documenten=s.array(DOCUMENT),
)
MY_CASES = s.obj(("zaken",), zaken=s.array(MY_CASE), vandaag=s.STR, email=s.nullable("string"))


@bp.get("/mijn-aanvragen")
@contract(response=MY_CASES, errors=(403,))
def my_cases():  # type: ignore[no-untyped-def]
    """De eigen aanvragen van een initiatiefnemer: status, documenten en wat de gemeente van u vraagt."""
    return jsonify(initiators.my_cases(platform(), current_user()["gebruikersnaam"]))

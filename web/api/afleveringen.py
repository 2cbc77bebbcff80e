"""The outbox over HTTP (beheer): pending, failed and dead deliveries with the remote error, and retries;
and a case's registration in the zaakregistratie (ZGW)."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request

from services import policy
from services.channels import known_channel
from services.outbox import beheer as outbox_beheer
from services.zgw.registration import registration
from web.api import bp
from web.api import schemas as s
from web.api.common import current_user, json_body, platform
from web.api.contract import contract


def _beheer() -> dict[str, Any]:
    user = current_user()
    policy.check_may_manage_deliveries(user, policy.rules(platform().settings))
    return user


@bp.get("/beheer/afleveringen")
@contract(
    query={
        "status": s.DELIVERY_STATUS,
        "zaak": s.CASE_KEY,
        "kanaal": s.NAME,
        "limiet": {**s.LIMIT, "default": 200},
    },
    response=s.DELIVERIES,
    errors=(403,),
)
def deliveries():  # type: ignore[no-untyped-def]
    """Uitgaande berichten (ZGW, e-mail) die wachten, mislukt of opgegeven zijn, met de fout van de andere kant."""
    _beheer()
    args = request.args
    return jsonify(
        outbox_beheer.deliveries(
            platform(),
            status=args.get("status"),
            case=args.get("zaak"),
            channel=known_channel(args.get("kanaal")),
            limit=args.get("limiet", 200, type=int),
        )
    )


@bp.post("/beheer/afleveringen/<int:aflevering>/opnieuw")
@contract(path={"aflevering": s.ID}, response=s.DELIVERY, errors=(403, 409))
def retry_delivery(aflevering: int):  # type: ignore[no-untyped-def]
    """Bied één mislukt, opgegeven of terzijde gelegd bericht nu opnieuw aan (met een nieuwe telling van
    pogingen); een e-mail aan een medewerker gaat dan naar diens huidige adres.
    Een bericht dat een worker op dit moment aflevert, wordt geweigerd (409, aflevering-bezig), net als
    een e-mail aan een geblokkeerd account (409, aflevering-geblokkeerd): dat krijgt geen mail meer, en
    een e-mail aan een account zonder wachtwoord en API-token (409, aflevering-niet-inlogbaar): daar kan
    niemand op inloggen, en een e-mail aan een account dat niet meer bestaat (409,
    aflevering-account-verwijderd)."""
    user = _beheer()
    return jsonify(outbox_beheer.retry(platform(), aflevering, user["gebruikersnaam"]))


@bp.post("/beheer/afleveringen/<int:aflevering>/terzijde")
@contract(path={"aflevering": s.ID}, response=s.DELIVERY, errors=(403, 409))
def set_aside_delivery(aflevering: int):  # type: ignore[no-untyped-def]
    """Leg een e-mail terzijde: die wordt niet verstuurd (tenzij opnieuw aangeboden). Een ZGW-bericht
    kan dat niet (409, aflevering-volgorde): de latere berichten van de zaak bouwen erop voort."""
    user = _beheer()
    return jsonify(outbox_beheer.set_aside(platform(), aflevering, user["gebruikersnaam"]))


@bp.post("/beheer/afleveringen/opnieuw")
@contract(body=s.RETRY_DEAD, body_required=False, response=s.RETRIED, errors=(400, 403))
def retry_dead():  # type: ignore[no-untyped-def]
    """Bied alle opgegeven berichten (van één kanaal) opnieuw aan; e-mails aan een geblokkeerd account
    blijven liggen (geteld in geblokkeerd), net als e-mails aan een account waarop niemand kan inloggen
    (niet_inlogbaar), e-mails aan een account dat niet meer bestaat (verwijderd) en e-mails waarvan de
    inhoud is gewist (gewist)."""
    user = _beheer()
    channel = known_channel(json_body().get("kanaal"))
    return jsonify(outbox_beheer.retry_dead(platform(), user["gebruikersnaam"], channel))


@bp.get("/zaken/<case_key>/registratie")
@contract(path={"case_key": s.CASE_KEY}, response=s.REGISTRATION, errors=(403,))
def case_registration(case_key: str):  # type: ignore[no-untyped-def]
    """De zaak in de zaakregistratie (ZGW): de URL en of alles is geregistreerd, wacht of mislukt is."""
    found = registration(platform(), case_key, current_user()["gebruikersnaam"])
    if found is None:
        return jsonify(
            {"ingesteld": False, "url": None, "status": None, "tekst": None, "open": 0, "fout": None}
        )
    return jsonify({"ingesteld": True, **found})

"""The permit case (tests/integration/test_omgevingsvergunning.py's Omgeving) driven to its besluit and on to a
bezwaar, a beroep or a herroeping: the steps several test files share."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select

from services.bewaren.termijn import resultaattype_in
from services.clock import today
from services.engine import stored
from services.status.messages import send_public_message
from services.store.models import Case
from services.zgw.mapping import mapping_for
from tests.integration.besluit_steps import bij_het_besluit
from tests.integration.test_buiten_behandeling_mail import buiten_behandeling
from tests.integration.test_omgevingsvergunning import Omgeving

#: the jurist's task on a registered bezwaar
TAAK = "Beslissen op bezwaar"


def besloten(z: Omgeving) -> None:
    """The permit granted on 2 March (intake, both advices, assessment, besluit): bezwaar open until 13 April."""
    bij_het_besluit(z)
    case = z.doe("tom", "Besluit nemen", {"besluit": "verlenen", "motivering": "Past."})
    assert case["samenvatting"]["rechtsmiddel"]["tot"] == "2026-04-13"


def bezwaar_op_1_april(z: Omgeving) -> str:
    """The permit granted (``besloten``), a bezwaar registered on 1 April: the volgcode."""
    besloten(z)
    z.op(datetime(2026, 4, 1, 8, 0, tzinfo=UTC))
    z.bericht("bezwaar", {"soort": "bezwaar", "ontvangen_op": "2026-04-01"})
    z.doe("jet", "Bezwaar of beroep registreren", {"soort": "bezwaar"})
    return str(z.zaak()["volgcode"])


def bezwaar_tot_3_juli(z: Omgeving) -> str:
    """A permit granted, a bezwaar registered on 1 April; 3 July 2026 on the clock."""
    code = str(z.start(email="j.jansen@example.org")["volgcode"])
    z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    z.doe("eva", "Advies Energie", {"oordeel": "akkoord"})
    z.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed"})
    z.doe("tom", "Besluit nemen", {"besluit": "verlenen", "motivering": "Past."})
    z.op(datetime(2026, 4, 1, 8, 0, tzinfo=UTC))
    z.bericht("bezwaar", {"soort": "bezwaar", "ontvangen_op": "2026-04-01"})
    z.doe("jet", "Bezwaar of beroep registreren", {"soort": "bezwaar"})
    z.op(datetime(2026, 7, 3, 8, 0, tzinfo=UTC))
    return code


def bezwaar_tegen(z: Omgeving, besluit: str) -> str:
    """The permit granted or refused, sent on 2 March; a bezwaar registered on 1 April; 1 May now."""
    bij_het_besluit(z)
    z.doe(
        "tom",
        "Besluit nemen",
        {"besluit": besluit, "motivering": "Past." if besluit == "verlenen" else "Past niet."},
    )
    z.op(datetime(2026, 4, 1, 8, 0, tzinfo=UTC))
    z.bericht("bezwaar", {"soort": "bezwaar", "ontvangen_op": "2026-04-01"})
    z.doe("jet", "Bezwaar of beroep registreren", {"soort": "bezwaar"})
    z.op(datetime(2026, 5, 1, 8, 0, tzinfo=UTC))
    return str(z.zaak()["volgcode"])


def resultaattype_of(z: Omgeving) -> tuple[str, str] | None:
    """The case's resultaattype (key, archiefnominatie), as the ZGW publication and `zaken opschonen`
    pick it."""
    with z.p.uow(write=False) as uow:
        case = uow.session.scalars(select(Case).where(Case.reference == z.ref)).one()
        found = resultaattype_in(
            mapping_for(z.p.settings), case.process_id, stored.parse(case.workflow.document)
        )
    return (found.key, found.archiefnominatie) if found else None


def beroep_na_weigering(z: Omgeving) -> date:
    """A refusal in the uitgebreide procedure, a beroep registered against it: the case closes that day."""
    z.start_uitgebreid()
    z.doe("odin", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed"})
    z.later(days=2)
    z.doe("odin", "Ontwerpbesluit", {"ontwerp": "weigeren"})
    z.op(datetime(2026, 4, 22, 7, 0, tzinfo=UTC))
    z.doe("tom", "Besluit nemen", {"besluit": "weigeren", "motivering": "Past niet."})
    z.later(days=10)
    z.bericht("bezwaar", {"soort": "beroep"})
    case = z.doe("jet", "Bezwaar of beroep registreren", {"soort": "beroep"})
    assert case["status"] == "afgerond"
    return z.clock.now().date()


def bezwaar_tegen_buiten_behandeling(z: Omgeving) -> str:
    """An application set aside (buiten behandeling), the initiator's bezwaar registered 10 days later: the volgcode."""
    code = str(z.start(email="jansen@example.org")["volgcode"])
    buiten_behandeling(z)
    z.later(days=10)
    send_public_message(z.p, code, "bezwaar", {"tekst": "Ik had de tekening wel gestuurd."})
    z.doe("jet", "Bezwaar of beroep registreren", {"soort": "bezwaar"})
    return code


def gegrond_beslissing(z: Omgeving, nieuw: str) -> dict[str, Any]:
    """The form of TAAK: the bezwaar gegrond, the besluit herroepen, ``nieuw`` what follows."""
    return {
        "actie": "beslissen",
        "uitkomst": "gegrond",
        "beslist_op": today(z.clock).isoformat(),
        "herroepen": True,
        "nieuw_besluit": nieuw,
    }


def terug_in_behandeling(z: Omgeving) -> str:
    """The bezwaar against setting aside found gegrond: the application is handled again. The volgcode."""
    code = bezwaar_tegen_buiten_behandeling(z)
    case = z.doe("jet", TAAK, gegrond_beslissing(z, "behandelen"))
    assert case["fase"] == "advies en beoordeling" and not case.get("incident"), case.get("incident")
    return code


def besloten_op(z: Omgeving, moment: datetime) -> None:
    """The permit assessed at ``moment`` and granted then."""
    z.tot_beoordeling()
    z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    z.doe("eva", "Advies Energie", {"oordeel": "akkoord"})
    z.op(moment)
    z.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed", "beoordeling": "Voldoet."})
    z.doe("tom", "Besluit nemen", {"besluit": "verlenen", "voorschriften": [], "motivering": "Past."})

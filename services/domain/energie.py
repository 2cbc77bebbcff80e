"""Energy and heat transition: the services and helpers of the wijkuitvoeringsplan, windpark and
transportverzoek models, and their demo data.

``register(registry)`` adds everything to a platform's registry (services.registry.build_registry). The services
themselves live in ``energie_wind``, ``energie_net`` (the transportverzoek) and ``energie_warmte``; layers
and case links in ``energie_gis``; the demo cases in ``energie_demo``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from processes import energie, netcongestie
from processes.persoonsgegevens import geen_persoonsgegevens
from processes.termijnen import werkdagen_termijn
from processes.warmte import als_datum
from services.domain import energie_gezag as gezag
from services.domain import energie_net as net
from services.domain import energie_warmte as warmte
from services.domain import energie_warmte_besluit as warmte_besluit
from services.domain import energie_wind as wind
from services.domain.termijnen import werkdagen_binnen_grens
from services.registry import Registry


def werkdagen_na(vanaf: str | date, n: int) -> str:
    """The n-th Atw working day after a date (ISO); day 0 never counts."""
    return werkdagen_termijn(als_datum(vanaf, "De begindatum"), werkdagen_binnen_grens(int(n))).isoformat()


SERVICES = {
    "windpark_intake": (wind.windpark_intake, "controleert de intake van een wind- of zoninitiatief"),
    "bevoegd_gezag_vastleggen": (
        wind.bevoegd_gezag_vastleggen,
        "legt het bevoegd gezag (uit de beslistabel) vast",
    ),
    "energie_koppelen": (
        wind.energie_koppelen,
        "koppelt zaken in hetzelfde congestiegebied of op dezelfde percelen",
    ),
    "participatie_registreren": (
        wind.participatie_registreren,
        "participatieregister: bijeenkomsten, bezwaren, lokaal eigendom",
    ),
    "windpark_advies_doorsturen": (
        gezag.windpark_advies_doorsturen,
        "zet het advies van de gemeente klaar voor het bevoegd gezag (provincie of Rijk) en plant de navraag",
    ),
    "windpark_navraag_plannen": (
        gezag.windpark_navraag_plannen,
        "plant de volgende navraag naar het besluit van provincie of Rijk",
    ),
    "besluit_extern_verwerken": (wind.besluit_extern_verwerken, "verwerkt het besluit van provincie of Rijk"),
    "windpark_besluit_beoordelen": (
        wind.windpark_besluit_beoordelen,
        "beoordeelt of de vergunning is verleend (een weigering stopt het transportverzoek)",
    ),
    "windpark_afronden": (wind.windpark_afronden, "stelt het resultaat van het initiatief samen"),
    "windpark_intrekking": (
        wind.windpark_intrekking,
        "legt de intrekking van het initiatief vast (het transportverzoek vervalt)",
    ),
    "transportverzoek_indienen": (
        net.transportverzoek_indienen,
        "transportverzoek naar de netbeheerder met antwoordtermijn",
    ),
    "transportverzoek_antwoord": (
        net.transportverzoek_antwoord,
        "verwerkt het antwoord van de netbeheerder",
    ),
    "transportverzoek_herinnering": (
        net.transportverzoek_herinnering,
        "herinnering als de netbeheerder te laat is",
    ),
    "transportverzoek_navraag": (
        net.transportverzoek_navraag,
        "jaarlijkse navraag naar de wachtlijstpositie",
    ),
    "transportverzoek_navraag_plannen": (
        net.transportverzoek_navraag_plannen,
        "plant de volgende navraag naar de wachtlijstpositie",
    ),
    "wup_start": (warmte.wup_start, "controleert de start van een wijkuitvoeringsplan (één per wijk)"),
    "wup_fase": (warmte.wup_fase, "fase-overgang van een wijkuitvoeringsplan (geen fase overslaan)"),
    "wup_beeindigen": (
        warmte_besluit.wup_beeindigen,
        "beëindigt een wijkuitvoeringsplan dat niet doorgaat (de wijk is vrij voor een nieuw plan)",
    ),
    "wijkanalyse": (
        warmte.wijkanalyse,
        "wijkanalyse uit de kaartlagen (woningen, eigendom, labels, net, ondergrond)",
    ),
    "warmte_alternatieven": (warmte.warmte_alternatieven, "alternatieven met kosten per belanghebbende"),
    "wup_voorkeur": (warmte.wup_voorkeur, "legt het voorkeursalternatief vast"),
    "wup_participatie": (
        warmte.wup_participatie,
        "participatie: bijeenkomsten, enquêtes en opt-outs per gebouw",
    ),
    "wup_college": (warmte_besluit.wup_college, "collegebesluit over het wijkuitvoeringsplan"),
    "wup_raad": (
        warmte_besluit.wup_raad,
        "raadsbesluit (met eventueel omgevingsplanwijziging en aardgasvrij-datum)",
    ),
    "wup_warmtekavel": (warmte_besluit.wup_warmtekavel, "Wcw: warmtekavel vastgesteld door het college"),
    "wup_warmtebedrijf": (
        warmte_besluit.wup_warmtebedrijf,
        "Wcw: warmtebedrijf aangewezen (strikt na de warmtekavel)",
    ),
    "wup_uitvoering": (warmte.wup_uitvoering, "uitvoeringsplanning met mijlpalen en toezeggingen"),
    "wup_mijlpaal": (warmte.wup_mijlpaal, "mijlpaal gereed melden"),
    "wup_mijlpaal_herinnering": (warmte.wup_mijlpaal_herinnering, "herinnering voor een mijlpaal"),
    "wup_mijlpaal_te_laat": (
        warmte.wup_mijlpaal_te_laat,
        "melding: mijlpaal niet gereed op de uiterste datum",
    ),
    "wup_subsidie": (warmte.wup_subsidie, "toets subsidieaanvraag (waarschuwing hybride in warmtenetwijk)"),
    "wup_vraag": (warmte.wup_vraag, "vraag buiten energie naar Openbare Ruimte"),
}


def wup_invoer(data: dict[str, Any]) -> None:
    """The check of every input of a wijkuitvoeringsplan, not per service: no social-domain personal data
    in a plan (DOMAIN.md), and a reason to end the plan only with the choice to end it."""
    geen_persoonsgegevens(data)
    warmte_besluit.reden_alleen_bij_einde(data)


def register(registry: Registry) -> None:
    register_service, register_helper = registry.service, registry.helper
    for name, (fn, description) in SERVICES.items():
        register_service(name, fn, description)
    registry.input_check(
        warmte.PROCES,
        wup_invoer,
        "weigert persoonsgegevens in elke invoer van een wijkuitvoeringsplan (start, taak, bericht), en een "
        "reden om te beëindigen bij een fase (alleen bij 'plan beëindigen')",
    )
    register_helper("werkdagen_na", werkdagen_na, "de n-de werkdag (Atw) na een datum")
    registry.message(
        "netbeheerder_antwoord",
        netcongestie.ANTWOORD_VELDEN,
        netcongestie.ANTWOORD_LABELS,
        {"alternatief": netcongestie.grid_alternatieven()},
    )
    registry.message("besluit_extern", energie.BESLUIT_VELDEN, energie.BESLUIT_LABELS)


def seed_demo(platform: Any) -> None:
    """Demo cases: wijk plans in every phase, wind/solar initiatives (one on the waiting list, one linked pair)."""
    from services.domain.energie_demo import seed

    seed(platform)

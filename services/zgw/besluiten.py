"""A besluit in the Besluiten API: its facts from the besluit document, and the besluit with its
besluitinformatieobject, each created once (looked up before it is created, as every remote object); and
its lapse when the case withdraws it (vervaldatum, vervalreden)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import select

from processes.termijnen.bezwaar import besluit_na_bezwaar
from processes.termijnen.rechtsmiddelen import (
    inwerkingtreding,
    rechtsmiddel_procedure,
    rechtsmiddelentermijn,
)
from services.public_phases import procedure_of
from services.store.models import Case, Document, ZgwObject
from services.zgw import payloads as p
from services.zgw.mapping import mapping_for
from services.zgw.mapping_model import BESTUURSORGANEN, BesluitTypeMap
from services.zgw.remote import NotSent, ZgwRemote

#: the vervalreden of a besluit the municipality withdraws itself (Besluiten API: tijdelijk,
#: ingetrokken_overheid, ingetrokken_belanghebbende): an ended plan's adoption was no besluit of limited
#: duration, and the municipality ends its own plan (its projectleider, in its own case), not at the
#: request of a belanghebbende
INGETROKKEN = "ingetrokken_overheid"


def bestuursorgaan(orgaan: str, settings: Any) -> str:
    """The bestuursorgaan as the Besluiten API gets it, of the municipality ``settings`` name:
    "gemeenteraad van de gemeente Ruimtedal"."""
    naam = str(getattr(settings, "gemeente_naam", "") or "").strip()
    return f"{BESTUURSORGANEN[orgaan]} van {'de ' + naam if naam.lower().startswith('gemeente ') else naam}"


class Dagen(NamedTuple):
    """The besluit's days after its bekendmaking (``dagen``): none unless its besluittype asks for them."""

    uiterlijke_reactiedatum: date | None = None
    publicatiedatum: date | None = None


GEEN_DAGEN = Dagen()


def dagen(r: ZgwRemote, case_id: int, doc: Document, besluittype: BesluitTypeMap) -> Dagen:
    """The uiterlijkeReactiedatum and publicatiedatum of a besluit document with a verzenddatum, the day
    Ruimteflow makes it known (sent, or for the uitgebreide procedure laid open: the bekendmaking of
    services.domain.vergunning). The publicatiedatum is that day, for a besluittype whose besluiten are
    published (publicatie_indicatie). The uiterlijkeReactiedatum, for a besluittype with a reactietermijn
    (a besluit open to bezwaar or beroep), is the last day of the bezwaar or beroep term: the one the case
    recorded at the bekendmaking of this besluit (``rechtsmiddel``, made known that day), else the same
    term counted from that day (processes.termijnen.rechtsmiddelentermijn, as the besluit's clause
    prints it): six weeks, moved past a weekend or holiday (Atw art. 1), without the post week."""
    verzonden = doc.verzenddatum
    assert verzonden is not None
    publicatie = verzonden if besluittype.publicatie_indicatie else None
    if not besluittype.reactietermijn:
        return Dagen(None, publicatie)

    def laatste_dag(s: Any, case: Case) -> date:
        rm: Mapping[str, Any] = case.typed_summary.rechtsmiddel or {}
        if rm.get("van") == verzonden.isoformat() and rm.get("tot"):
            return date.fromisoformat(str(rm["tot"])[:10])
        procedure = rechtsmiddel_procedure(procedure_of(case), doc.besluit_uitkomst)
        return rechtsmiddelentermijn(procedure, verzonden).laatste_dag

    return Dagen(r.read(case_id, laatste_dag), publicatie)


def facts(
    doc: Document,
    identificatie: str,
    orgaan: str,
    settings: Any,
    dagen: Dagen = GEEN_DAGEN,
    *,
    regime: str | None = None,
    procedure: str = "regulier",
) -> p.BesluitFacts:
    """The besluit of a besluit document with a verzenddatum: the dates its PDF names (a besluit made
    before migration 0013 has no besluitdatum: its creatiedatum), in effect the day after it was made
    known (Awb 3:40, Omgevingswet 16.79 lid 1), a permit of the case's ``regime`` and ``procedure`` on the
    day its PDF says (processes.termijnen.inwerkingtreding: a Wabo permit of the uitgebreide procedure
    after its beroepstermijn); a refusal or a decision to leave the application aside the day after; and
    its ``dagen`` (uiterlijkeReactiedatum, publicatiedatum)."""
    assert doc.verzenddatum is not None
    verleend = doc.besluit_uitkomst == "verlenen"
    return p.BesluitFacts(
        datum=doc.besluitdatum or doc.creatiedatum,
        ingangsdatum=inwerkingtreding(
            doc.verzenddatum, regime=regime if verleend else None, procedure=procedure
        ),
        verzenddatum=doc.verzenddatum,
        toelichting=doc.titel,
        identificatie=identificatie,
        bestuursorgaan=bestuursorgaan(orgaan, settings),
        uiterlijke_reactiedatum=dagen.uiterlijke_reactiedatum,
        publicatiedatum=dagen.publicatiedatum,
    )


def of_version(r: ZgwRemote, case_id: int, key: str, registered: str) -> str:
    """The URL of besluittype ``key`` in the case's zaaktype version. A published version never gets one
    it lacks (waiting would block the case): NotSent, after ``registered`` (what was sent all the same)."""
    url = r.types(case_id).besluittypen.get(key)
    if not url:
        raise NotSent(
            f"{registered}besluittype '{key}' hoort niet bij de zaaktypeversie van deze zaak, dus het besluit "
            "staat niet in de Besluiten API (nieuwe zaken krijgen het zodra een versie van het zaaktype het "
            "besluittype bevat; voer zo nodig 'ruimteflow zgw catalogus' uit)."
        )
    return url


def register(
    r: ZgwRemote, case_id: int, doc_id: int, besluit: p.BesluitFacts, besluittype: str, eio: str
) -> None:
    """The besluit of document ``doc_id`` on the case's zaak, and its link to the document (``eio``)."""
    client = r.client
    url = _once(r, case_id, f"besluit:{doc_id}", besluit, besluittype)

    def find_bio() -> str | None:
        found = client.find("besluiten", "besluitinformatieobjecten", besluit=url, informatieobject=eio)
        return str(found[0]["url"]) if found else None

    def create_bio() -> str:
        return str(client.create("besluiten", "besluitinformatieobjecten", p.bio_create(url, eio))["url"])

    r.once(case_id, f"bio:{doc_id}", "besluitinformatieobject", find_bio, create_bio)


def beslissing_op_bezwaar(r: ZgwRemote, case_id: int, payload: dict[str, Any]) -> None:
    """The beslissing op bezwaar the case recorded (services.zgw_bezwaar) as a besluit of the besluittype
    bpmn/zgw.toml marks ``beslissing_op_bezwaar``, on the case's zaak: identificatie ``-BB<nummer>``, datum
    and verzenddatum the day it was made known (``beslist_op``), in effect the day after (Awb 3:40,
    processes.termijnen.inwerkingtreding), uiterlijkeReactiedatum the last day for beroep the case counted
    (``beroep_tot``: Awb 6:7, Atw art. 1) and as toelichting the uitkomst and what became of the besluit
    (processes.termijnen.bezwaar.besluit_na_bezwaar: it stands, or is herroepen and what takes its
    place). Once: stored under ``beslissing-op-bezwaar:<nummer>``, looked up by identificatie first."""
    bt = mapping_for(r.platform.settings).procedure(r.process_id(case_id)).beslissing_op_bezwaar
    if bt is None:
        raise NotSent(
            "De beslissing op bezwaar gaat niet naar de zaakregistratie: geen besluittype. Deze procedure "
            "heeft in bpmn/zgw.toml geen besluittype met beslissing_op_bezwaar = true, dus de beslissing staat "
            "niet in de Besluiten API (na het toevoegen en 'ruimteflow zgw catalogus' brengt "
            "'ruimteflow zgw resync' haar erheen)."
        )
    besluittype = of_version(r, case_id, bt.key, "De beslissing op bezwaar is niet geregistreerd: ")
    dag, nummer = date.fromisoformat(str(payload["beslist_op"])), int(payload["nummer"])
    reference = r.read(case_id, lambda s, case: case.reference)
    gevolg = besluit_na_bezwaar(
        payload.get("herroepen") is True,
        payload.get("nieuw_besluit"),
        payload.get("herroepen_besluit"),
        payload.get("besluit_uiterlijk"),
    )
    facts = p.BesluitFacts(
        datum=dag,
        ingangsdatum=inwerkingtreding(dag),
        verzenddatum=dag,
        toelichting=f"Beslissing op bezwaar: het bezwaar is {payload['uitkomst_tekst']} verklaard; {gevolg}.",
        identificatie=r.identificatie(reference, f"-BB{nummer}"),
        bestuursorgaan=bestuursorgaan(bt.bestuursorgaan, r.platform.settings),
        uiterlijke_reactiedatum=date.fromisoformat(str(payload["beroep_tot"])),
        publicatiedatum=dag if bt.publicatie_indicatie else None,
    )
    _once(r, case_id, f"beslissing-op-bezwaar:{nummer}", facts, besluittype)


def _once(r: ZgwRemote, case_id: int, key: str, besluit: p.BesluitFacts, besluittype: str) -> str:
    """The besluit on the case's zaak, created once (stored under ``key``, found by its identificatie)."""
    client, rsin, zaak = r.client, r.config.rsin, r.zaak_url(case_id)

    def find_besluit() -> str | None:
        found = client.find(
            "besluiten", "besluiten", identificatie=besluit.identificatie, verantwoordelijkeOrganisatie=rsin
        )
        return str(found[0]["url"]) if found else None

    def create_besluit() -> str:  # its datum, the Dutch day, only once it is Open Zaak's UTC date too
        body = p.besluit_create(besluit, besluittype, zaak_url=zaak, rsin=rsin)
        created = r.on_date(
            besluit.datum, "datum", "een besluit", lambda: client.create("besluiten", "besluiten", body)
        )
        return str(created["url"])

    return r.once(case_id, key, "besluit", find_besluit, create_besluit)


def withdraw(r: ZgwRemote, case_id: int, payload: dict[str, Any]) -> None:
    """The besluiten of the case it withdraws in one event (``services.zgw_lapse``: the raad's adoption of
    a plan that is ended, or that goes back for rework, with the Wcw besluiten taken on it) lapse on the
    payload's ``vervaldatum``: for each (``besluiten``; a message from before they were listed is one
    besluit itself), the registered besluit (stored ``besluit:<document>``) of each of its besluit documents
    (``documenten``; a message from before they were named: every registered besluit of the case) that is
    of its bestuursorgaan and of that very day gets ``vervaldatum`` (never before its ingangsdatum: a besluit
    withdrawn before it took effect lapses on the day it would have) and vervalreden INGETROKKEN; no other
    besluit of the case, not a later one of the same bestuursorgaan. One that has a vervaldatum already is
    left as it is (a second delivery changes nothing). A withdrawn besluit none is registered for (no
    besluit document, or none the Besluiten API got) is not sent, the others are; beheer reads why."""
    vervaldatum = date.fromisoformat(str(payload["vervaldatum"]))
    besluiten = payload["besluiten"] if "besluiten" in payload else [payload]
    missing = [m for b in besluiten if (m := _lapse(r, case_id, b, vervaldatum))]
    if missing:
        raise NotSent(
            "Een ingetrokken besluit staat niet in de Besluiten API (geen besluitdocument van dat besluit "
            f"geregistreerd); er is niets van te laten vervallen: {'; '.join(missing)}."
        )


def _lapse(r: ZgwRemote, case_id: int, withdrawn: dict[str, Any], vervaldatum: date) -> str | None:
    """Let the registered besluit of one withdrawn besluit lapse (``withdraw``); what is missing, if none."""
    orgaan = BESTUURSORGANEN.get(str(withdrawn["orgaan"]), str(withdrawn["orgaan"]))  # "raad" or its name
    dag = date.fromisoformat(str(withdrawn["datum"]))
    named = withdrawn.get("documenten")

    def registered(s: Any, case: Any) -> list[str]:
        keys = [ZgwObject.case_id == case_id, ZgwObject.local_key.like("besluit:%")]
        if isinstance(named, list):
            keys.append(ZgwObject.local_key.in_([f"besluit:{d}" for d in named]))
        return list(s.scalars(select(ZgwObject.url).where(*keys).order_by(ZgwObject.id)))

    mine = []
    for url in r.read(case_id, registered):
        besluit = r.client.get(url)
        if str(besluit.get("bestuursorgaan") or "").startswith(orgaan) and (
            date.fromisoformat(str(besluit["datum"])) == dag
        ):
            mine.append(besluit)
    if not mine:
        return f"besluit van {orgaan} van {dag.isoformat()}"
    for besluit in mine:
        if not besluit.get("vervaldatum"):
            op = max(vervaldatum, date.fromisoformat(str(besluit["ingangsdatum"])))
            r.client.patch(str(besluit["url"]), {"vervaldatum": op.isoformat(), "vervalreden": INGETROKKEN})
    return None

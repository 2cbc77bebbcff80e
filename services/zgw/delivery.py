"""The "zgw" outbox channel: delivers the messages of ``services.zgw_publication`` to the ZGW APIs.

Bodies are built at delivery time from the local state (``services.zgw.payloads``), so a message
delivered late sends the case as it is then, but for the zaak's deadline, opschorting and verlenging, which
a "zaak-bijwerken" sends as it was queued (``_zaak_update``); ``services.zgw.remote`` stores each remote URL and looks
an object up before creating it, so a retried message never creates a second object.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from services import policy
from services.clock import in_nl
from services.documents import besluit_context
from services.outbox import DeliveryFailed, Message
from services.platform import Platform
from services.store.models import Case, Document, HumanTask, User
from services.zgw import archivering, besluiten, definitief, lookup, versions
from services.zgw import payloads as p
from services.zgw import rollen as r
from services.zgw.client import ZgwClient, ZgwRemoteError
from services.zgw.config import ZgwConfigError, zgw_config
from services.zgw.delivery_types import lacking_statustype, type_url
from services.zgw.mapping import mapping_for
from services.zgw.remote import Catalog, NotSent, ZgwRemote, moment
from services.zgw_registered import unregistered

log = logging.getLogger("ruimteflow.zgw")

#: the bytes of a stored document version by its SHA-256 (the document store, injected by the caller)
ContentReader = Callable[[str], bytes]


def zgw_handler(
    platform: Platform, read_content: ContentReader, catalog: Catalog | None = None
) -> ZgwHandler | None:
    """The handler of the "zgw" channel for one worker pass; None when ZGW is not configured."""
    config = zgw_config(platform.settings)
    if config is None:
        return None
    client = ZgwClient(config)
    catalog = catalog or lookup.MappingCatalog(client, mapping_for(platform.settings), platform.clock)
    remote = ZgwRemote(platform, config, client, catalog)
    return ZgwHandler(remote, read_content)


#: what beheer reads for a kind of type
@dataclass
class ZgwHandler:
    remote: ZgwRemote
    read_content: ContentReader

    def close(self) -> None:
        self.remote.client.close()

    def __call__(self, message: Message) -> str | None:
        if message.case_id is None:
            raise DeliveryFailed(
                "Een ZGW-bericht hoort bij een zaak; dit bericht heeft er geen.", retryable=False
            )
        deliver = KINDS.get(message.kind)
        if deliver is None:
            raise DeliveryFailed(f"Onbekende soort ZGW-bericht '{message.kind}'.", retryable=False)
        try:
            deliver(self, message.case_id, message)
        except NotSent as skipped:
            log.info("zgw message %s sends nothing: %s", message.id, skipped.reason)
            return skipped.reason
        except ZgwRemoteError as exc:
            raise DeliveryFailed(str(exc), retryable=exc.retryable) from exc
        except ZgwConfigError as exc:  # a missing catalogus heals once `zgw catalogus` ran; a procedure
            # without zaaktype in zgw.toml does not: that message is given up at once, visibly; unless
            # zgw.toml says it is not registered (a message queued before it said so): nothing to send
            if exc.code == "zgw-procedure-onbekend" and self._unregistered(message.case_id):
                return f"{exc.detail} De procedure staat in niet_registreren: er gaat niets heen."
            raise DeliveryFailed(exc.detail, retryable=exc.code != "zgw-procedure-onbekend") from exc
        return None

    def _unregistered(self, case_id: int) -> bool:
        return self.remote.process_id(case_id) in unregistered(self.remote.platform.settings)


def _zaak(h: ZgwHandler, case_id: int, m: Message) -> None:
    h.remote.zaak_url(case_id)


def _zaak_update(h: ZgwHandler, case_id: int, m: Message) -> None:
    """The zaak's deadline, opschorting and verlenging as the message was queued (its ``toestand``): a
    backlog delivered in order takes the zaak through every state, a suspension that ended too, as on-time
    delivery does (Open Zaak marks eerdereOpschorting only when it sees the zaak suspended). A message
    queued without one sends the case's state at delivery."""
    url = h.remote.zaak_url(case_id)
    facts = h.remote.read(case_id, lambda s, case: h.remote.zaak_facts(case))
    toestand = m.payload.get("toestand")
    h.remote.client.patch(url, p.zaak_update(p.as_queued(facts, toestand) if toestand else facts))


def _status(h: ZgwHandler, case_id: int, m: Message) -> None:
    """A status of the phase the case reached (``fase``), or the zaak's first (``begin``: the statustype
    with volgnummer 1, at the registration; only on a zaak without a status, ``set_begin_status``)."""
    types = h.remote.types(case_id)
    begin = bool(m.payload.get("begin"))
    text = "zaak geregistreerd" if begin else str(m.payload["fase"])
    statustype = types.beginstatustype if begin else types.statustypen.get(text)
    if not statustype:
        lacking_statustype(types, p.BEGIN if begin else text)
    if not statustype or statustype == types.eindstatustype:
        return  # not a public phase; or the end, which the resultaat message closes (after the resultaat)
    setter = h.remote.set_begin_status if begin else h.remote.set_status  # begin: on a zaak without status
    setter(case_id, f"status:{m.id}", statustype, moment(m.payload["moment"]), text)


def _betrokkene(soort: str, wie: str, display: str) -> tuple[str, dict[str, Any]]:
    """A medewerker or an organisatorische eenheid (``task_role``), else an initiator by its kind."""
    if soort == "medewerker":
        return "medewerker", r.medewerker(wie, achternaam=display or wie)
    if soort == "organisatorische_eenheid":
        return soort, r.organisatorische_eenheid(wie[:24], wie)
    if p.initiator_betrokkene_type(soort) == "natuurlijk_persoon":
        return "natuurlijk_persoon", r.natuurlijk_persoon(wie, soort)
    return "niet_natuurlijk_persoon", r.niet_natuurlijk_persoon(wie)


def _rol(h: ZgwHandler, case_id: int, m: Message) -> None:
    rol, wie, soort = str(m.payload["rol"]), str(m.payload["wie"]), str(m.payload.get("soort") or "")
    if rol not in h.remote.catalog.mapped(h.remote.process_id(case_id), "roltypen"):
        raise NotSent(f"Rol '{rol}' wordt voor deze procedure niet geregistreerd (bpmn/zgw.toml).")
    roltype = type_url(h.remote, case_id, "roltypen", rol, h.remote.types(case_id).roltypen)

    def who(s: Any, case: Case) -> tuple[Any, bool, str | None]:  # name, outside group, initiator's e-mail
        outside = soort == "organisatorische_eenheid" and wie in policy.external_groups(
            s, h.remote.platform.settings
        )
        email = case.initiator_email if rol == "aanvrager" and case.initiator == wie else None
        return s.scalar(select(User.display_name).where(User.username == wie)), outside, email

    display, outside, email = h.remote.read(case_id, who)
    if outside:  # an outside organisation is no unit of the municipality's own
        soort = "niet_natuurlijk_persoon"
    betrokkene_type, identificatie = _betrokkene(soort, wie, str(display or ""))
    contact = r.contactpersoon(wie, email)
    toelichting = f"{rol}: {wie}"
    zaak = h.remote.zaak_url(case_id)

    def lookup() -> str | None:
        found = h.remote.client.find("zaken", "rollen", zaak=zaak, roltype=roltype)
        return next((str(r["url"]) for r in found if r.get("roltoelichting") == toelichting), None)

    def create() -> str:
        body = r.rol_create(zaak, roltype, r.RolFacts(betrokkene_type, toelichting, identificatie, contact))
        return str(h.remote.client.create("zaken", "rollen", body)["url"])

    h.remote.once(case_id, f"rol:{rol}:{wie}"[:120], "rol", lookup, create)


def _document_facts(h: ZgwHandler, case: Case, doc: Document) -> p.DocumentFacts:
    version = doc.versions[-1]
    return p.DocumentFacts(
        titel=doc.titel,
        bestandsnaam=version.bestandsnaam,
        formaat=version.mime_type,
        inhoud=h.read_content(version.sha256),
        creatiedatum=doc.creatiedatum,
        auteur=doc.auteur or doc.organisatie or doc.uploaded_by,
        vertrouwelijkheidaanduiding=doc.vertrouwelijkheidaanduiding,
        identificatie=h.remote.identificatie(case.reference, f"-D{doc.id}"),
        definitief=doc.status == "definitief",
        sha256=version.sha256,
        versiedatum=in_nl(version.uploaded_at).date(),
        ontvangstdatum=doc.ontvangstdatum,
        verzenddatum=doc.verzenddatum,
    )


def _eio_url(h: ZgwHandler, case_id: int, document_id: int) -> tuple[str, Document]:
    """The document's enkelvoudiginformatieobject, linked to the zaak (zio)."""

    def load(s: Any, case: Case) -> tuple[Document, p.DocumentFacts]:
        doc = s.get(Document, document_id)
        if doc is None or doc.case_id != case_id:
            raise DeliveryFailed(f"Document {document_id} bestaat niet (meer).", retryable=False)
        if doc.verwijderd:  # deleted (or a withdrawn public upload) before delivery: it never leaves
            raise NotSent(
                f"Document {doc.id} is niet naar de zaakregistratie gestuurd: het is verwijderd "
                "voordat het bericht werd afgeleverd."
            )
        return doc, _document_facts(h, case, doc)

    doc, facts = h.remote.read(case_id, load)
    found = h.remote.types(case_id).informatieobjecttypen
    iotype = type_url(h.remote, case_id, "informatieobjecttypen", doc.informatieobjecttype, found)
    eio, client = _eio(h, case_id, doc, facts, iotype), h.remote.client
    zaak = h.remote.zaak_url(case_id)

    def find_zio() -> str | None:
        found = client.find("zaken", "zaakinformatieobjecten", zaak=zaak, informatieobject=eio)
        return str(found[0]["url"]) if found else None

    def create_zio() -> str:
        return str(
            client.create("zaken", "zaakinformatieobjecten", p.zio_create(zaak, eio, facts.titel))["url"]
        )

    h.remote.once(case_id, f"zio:{doc.id}", "zaakinformatieobject", find_zio, create_zio)
    return eio, doc


def _eio(h: ZgwHandler, case_id: int, doc: Document, facts: p.DocumentFacts, iotype: str) -> str:
    """The document's enkelvoudiginformatieobject: stored, else found by identificatie, else created from
    the latest version. One that was not just created is brought up to that version (a new versie of the
    same eio, services.zgw.versions): a later local version, or a resync of a stale remote document."""
    rsin, client, key = h.remote.config.rsin, h.remote.client, f"document:{doc.id}"
    url = h.remote.stored(case_id, key)
    if url:
        remote = client.get(url)
    else:
        found = client.find(
            "documenten",
            "enkelvoudiginformatieobjecten",
            identificatie=facts.identificatie,
            bronorganisatie=rsin,
        )
        if not found:
            body = p.eio_create(facts, iotype, rsin=rsin)
            url = str(client.create("documenten", "enkelvoudiginformatieobjecten", body)["url"])
            h.remote.store(case_id, key, "enkelvoudiginformatieobject", url)
            return url
        remote, url = found[0], str(found[0]["url"])
        h.remote.store(case_id, key, "enkelvoudiginformatieobject", url)
    versions.bring_up_to_date(h.remote, case_id, doc.id, url, remote, facts, doc.latest_version)
    return url


def _document(h: ZgwHandler, case_id: int, m: Message) -> None:
    _eio_url(h, case_id, int(m.payload["document"]))


def _document_unlink(h: ZgwHandler, case_id: int, m: Message) -> None:
    """A document deleted after it was queued: its zaakinformatieobject is deleted (Zaken API
    zaakinformatieobject_destroy), so the zaak no longer holds it. The enkelvoudiginformatieobject
    itself stays in the Documenten API, unlinked: destroying a record is an archival decision."""
    doc_id = int(m.payload["document"])
    reference = h.remote.read(case_id, lambda s, case: case.reference)
    client, ident = h.remote.client, h.remote.identificatie(reference, f"-D{doc_id}")
    eio = h.remote.stored(case_id, f"document:{doc_id}")
    if not eio:
        found = client.find(
            "documenten",
            "enkelvoudiginformatieobjecten",
            identificatie=ident,
            bronorganisatie=h.remote.config.rsin,
        )
        eio = str(found[0]["url"]) if found else None
    if not eio:
        raise NotSent(
            f"Document {doc_id} is nooit in de zaakregistratie geregistreerd; er is niets te ontkoppelen."
        )
    zaak = h.remote.zaak_url(case_id)
    for zio in client.find("zaken", "zaakinformatieobjecten", zaak=zaak, informatieobject=eio):
        client.delete(str(zio["url"]))


def _besluit(h: ZgwHandler, case_id: int, m: Message) -> None:
    """A besluit document: the document (eio + zio), then the besluit and its besluitinformatieobject. The
    besluittype and bestuursorgaan follow from the besluit's outcome or the task that took it (bpmn/zgw.toml);
    the besluit waits for its verzenddatum, as it takes effect only once made known (Awb 3:40)."""
    eio, doc = _eio_url(h, case_id, int(m.payload["document"]))
    process_id = h.remote.process_id(case_id)

    def tasks(s: Any, case: Case) -> tuple[str, list[str], dict[str, Any]]:  # tasks begun before the upload
        begun = select(HumanTask.bpmn_id).where(
            HumanTask.case_id == case_id, HumanTask.created_at <= doc.created_at
        )
        return (
            case.reference,
            list(s.scalars(begun.order_by(HumanTask.created_at.desc(), HumanTask.id.desc()))),
            besluit_context.soort(case),  # the regime and procedure that set when a permit takes effect
        )

    reference, taken, soort = h.remote.read(case_id, tasks)
    chosen = h.remote.catalog.besluittype(process_id, doc.besluit_uitkomst, taken)
    if chosen is None:
        raise NotSent(
            "Document geregistreerd; bpmn/zgw.toml geeft dit besluit geen besluittype (geen besluittype "
            "voor zijn uitkomst of voor de taak die het nam), dus het staat niet in de Besluiten API."
        )
    if doc.verzenddatum is None:
        raise NotSent(
            "Document geregistreerd; het besluit staat niet in de Besluiten API: zonder verzenddatum is niet "
            "bekend wanneer het bekend is gemaakt en in werking treedt (Awb 3:40). Leg de verzenddatum vast "
            f"bij het besluit in het zaakdossier (of POST /api/v1/documenten/{doc.id}/verzenddatum); dan "
            "wordt het besluit opnieuw aangeboden."
        )
    besluittype = besluiten.of_version(h.remote, case_id, chosen.key, "Document geregistreerd; ")
    facts = besluiten.facts(
        doc,
        h.remote.identificatie(reference, f"-B{doc.id}"),
        chosen.bestuursorgaan,
        h.remote.platform.settings,
        dagen=besluiten.dagen(h.remote, case_id, doc, chosen),
        **soort,
    )
    besluiten.register(h.remote, case_id, doc.id, facts, besluittype, eio)


def _resultaat(h: ZgwHandler, case_id: int, m: Message) -> None:
    """The end: the resultaat of the outcome, the zaak's documents made definitief (services.zgw.definitief),
    its archive dates (services.zgw.archivering) and the closing status (eindstatus)."""
    types, process_id = h.remote.types(case_id), h.remote.process_id(case_id)
    outcome = str(m.payload.get("resultaat") or "")
    besluit = m.payload.get("besluit")
    key = h.remote.catalog.resultaat_key(process_id, str(m.payload.get("einde") or ""), besluit)
    if key is None:  # Open Zaak refuses an eindstatus without resultaat: say why instead
        raise DeliveryFailed(
            f"Geen resultaattype in bpmn/zgw.toml voor het einde '{m.payload.get('einde') or ''}' "
            f"(besluit '{besluit or ''}') van procedure '{process_id}'.",
            retryable=False,
        )
    resultaattype = type_url(h.remote, case_id, "resultaattypen", key, types.resultaattypen)
    if not types.eindstatustype:  # a resultaat without the eindstatus would leave the zaak open
        lacking_statustype(types, p.EIND)
    zaak = h.remote.zaak_url(case_id)

    def find() -> str | None:
        found = h.remote.client.find("zaken", "resultaten", zaak=zaak)
        return str(found[0]["url"]) if found else None

    def create() -> str:
        body = p.resultaat_create(zaak, resultaattype, outcome)
        return str(h.remote.client.create("zaken", "resultaten", body)["url"])

    h.remote.once(case_id, "resultaat", "resultaat", find, create)
    if types.eindstatustype:
        definitief.make_final(h.remote, case_id, zaak)  # the documents of a closed zaak are final
        at = moment(str(m.payload["moment"]))
        rt = mapping_for(h.remote.platform.settings).procedure(process_id).resultaattypen[key]
        archivering.before_end(h.remote, case_id, zaak, rt, at)
        h.remote.set_status(case_id, "eindstatus", types.eindstatustype, at, outcome or "Afgerond")
        archivering.after_end(h.remote, case_id, zaak, rt, at)


#: message kind -> how it is delivered
KINDS: dict[str, Callable[[ZgwHandler, int, Message], None]] = {
    "zaak": _zaak,
    "zaak-bijwerken": _zaak_update,
    "status": _status,
    "rol": _rol,
    "document": _document,
    "document-versie": _document,  # the document brought up to its latest version (_eio)
    "document-ontkoppelen": _document_unlink,
    "besluit": _besluit,
    "besluit-vervallen": lambda h, case_id, m: besluiten.withdraw(h.remote, case_id, m.payload),
    "beslissing-op-bezwaar": lambda h, case_id, m: besluiten.beslissing_op_bezwaar(
        h.remote, case_id, m.payload
    ),
    "resultaat": _resultaat,
    "zaak-archief": lambda h, case_id, m: archivering.uitspraak(h.remote, case_id),
}

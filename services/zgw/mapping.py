"""The ZGW mapping of bpmn/zgw.toml: per procedure a zaaktype, its statustypen per public phase, its
resultaattypen per end, roltypen, informatieobjecttypen (bpmn/documenttypen.toml) and besluittypen.

Durations of a procedure with ``termijnen = "beslistermijn"`` come from the legal terms
(processes/data/termijnen.toml): doorlooptijd = the uitgebreide procedure (Awb 3:18, the longest a case may
take by law), servicenorm = the reguliere procedure (Ow 16.64 lid 1), verlengingstermijn = the verdaging
(Ow 16.64), opschorting = Awb 4:15. A bad file raises ZgwConfigError with a Dutch message.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from processes.termijnen.data import TermijnInstellingen
from services import zgw_registered as registered
from services.config import SHIPPED_BPMN_DIR, Settings
from services.zgw import selectielijst as sl
from services.zgw.config import ZgwConfigError, toml_table
from services.zgw.payloads import VERTROUWELIJKHEID

#: the shipped mapping (tests; a deployment's is Settings.zgw_mapping_path)
DEFAULT_MAPPING_FILE = SHIPPED_BPMN_DIR / "zgw.toml"

#: local rol name -> (roltype omschrijving, omschrijvingGeneriek of the ZGW standard)
ROLTYPEN = {
    "aanvrager": ("Aanvrager", "initiator"),
    "behandelaar": ("Behandelaar", "behandelaar"),
    "adviseur": ("Adviseur", "adviseur"),
}
RICHTINGEN = ("inkomend", "intern", "uitgaand")


@dataclass(frozen=True)
class StatusTypeMap:
    volgnummer: int
    omschrijving: str
    fasen: tuple[str, ...]


@dataclass(frozen=True)
class ResultaatTypeMap:
    key: str
    omschrijving: str
    eindes: tuple[str, ...]
    besluit: str | None
    omschrijving_url: str  # Selectielijst resultaattypeomschrijving
    klasse_url: str  # Selectielijst resultaat (selectielijstklasse)
    archiefnominatie: str  # blijvend_bewaren or vernietigen (selectielijst.ARCHIEFNOMINATIES)
    archiefactietermijn: str
    #: from which date the archiefactietermijn counts (selectielijst.AFLEIDINGSWIJZEN)
    afleidingswijze: str = sl.AFGEHANDELD
    #: the Selectielijst class's number, as zgw.toml names it ("11.2"): what an archivist reads
    klasse: str = ""

    @property
    def blijvend_bewaren(self) -> bool:
        return self.archiefnominatie == sl.BLIJVEND_BEWAREN


#: the bestuursorganen a besluittype may name (``bestuursorgaan``), as the Besluiten API gets them
BESTUURSORGANEN = {"college": "college van B en W", "raad": "gemeenteraad", "burgemeester": "burgemeester"}


@dataclass(frozen=True)
class BesluitTypeMap:
    key: str
    omschrijving: str
    besluitcategorie: str
    reactietermijn: str | None
    publicatie_indicatie: bool
    informatieobjecttypen: tuple[str, ...]
    #: the outcomes of the besluit editor (``Document.besluit_uitkomst``) of this type
    uitkomsten: tuple[str, ...] = ()
    #: the tasks (BPMN ids) that take a besluit of this type: an uploaded besluit has the type of the
    #: latest of the case's tasks begun before it was uploaded
    taken: tuple[str, ...] = ()
    bestuursorgaan: str = "college"


@dataclass(frozen=True)
class IoTypeMap:
    key: str
    omschrijving: str
    vertrouwelijkheid: str
    categorie: str
    richting: str


@dataclass(frozen=True)
class ProcedureMap:
    process_id: str
    identificatie: str
    omschrijving: str
    doel: str
    aanleiding: str
    onderwerp: str
    handeling_initiator: str
    handeling_behandelaar: str
    indicatie_intern_of_extern: str
    vertrouwelijkheid: str
    publicatie_indicatie: bool
    doorlooptijd: str
    servicenorm: str | None
    opschorting: bool
    verlengingstermijn: str | None
    statustypen: tuple[StatusTypeMap, ...]
    resultaattypen: dict[str, ResultaatTypeMap]
    besluittypen: dict[str, BesluitTypeMap]
    roltypen: tuple[str, ...]
    informatieobjecttypen: dict[str, IoTypeMap]
    #: the Selectielijst procestype of this zaaktype (selectielijstProcestype)
    procestype_url: str = ""

    def statustype_for(self, fase: str) -> StatusTypeMap | None:
        """The statustype a local phase maps to (None: the phase is not registered)."""
        return next((s for s in self.statustypen if fase in s.fasen), None)

    @property
    def beginstatus(self) -> StatusTypeMap:
        return self.statustypen[0]

    @property
    def eindstatus(self) -> StatusTypeMap:
        return self.statustypen[-1]

    def besluittype_for(self, uitkomst: str | None, taken: list[str]) -> BesluitTypeMap | None:
        """The besluittype of a besluit document: by its outcome (the besluit editor's), else by the latest
        task in ``taken`` (latest first) some besluittype names, else the one that names neither; None
        when none fits (the besluit is not the municipality's, or not one zgw.toml knows)."""
        types = list(self.besluittypen.values())
        by_outcome = [b for b in types if uitkomst and uitkomst in b.uitkomsten]
        by_task = [b for taak in taken for b in types if taak in b.taken]
        plain = [b for b in types if not b.uitkomsten and not b.taken]
        return next(iter(by_outcome + by_task + plain), None)

    def resultaat_for(self, einde: str, besluit: str | None = None) -> ResultaatTypeMap | None:
        """The resultaattype of an end event; ``besluit`` picks among those that depend on the decision. An
        end one resultaattype lists alone gives that one whatever the besluit (a beslissing op bezwaar that
        herroept the besluit ends at the end of what takes its place: bpmn/zgw.toml)."""
        matches = [r for r in self.resultaattypen.values() if einde in r.eindes]
        exact = [r for r in matches if r.besluit is not None and r.besluit == besluit]
        if exact:
            return exact[0]
        return next((r for r in matches if r.besluit is None), matches[0] if matches else None)


@dataclass(frozen=True)
class ZgwMapping:
    catalogus_naam: str
    contactpersoon: str
    begin_geldigheid: date
    procedures: dict[str, ProcedureMap]

    def procedure(self, process_id: str) -> ProcedureMap:
        if process_id not in self.procedures:
            raise ZgwConfigError(
                f"Geen ZGW-zaaktype voor procedure '{process_id}' in zgw.toml "
                f"(wel: {', '.join(sorted(self.procedures))}).",
                code="zgw-procedure-onbekend",
            )
        return self.procedures[process_id]


def _text(item: dict[str, Any], key: str, where: str, limit: int) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ZgwConfigError(f"zgw.toml: {where}.{key} ontbreekt of is leeg.")
    if len(value) > limit:
        raise ZgwConfigError(f"zgw.toml: {where}.{key} is langer dan {limit} tekens: '{value}'.")
    return value


def _flag(item: dict[str, Any], key: str, where: str) -> bool:
    value = item.get(key, False)
    if not isinstance(value, bool):
        raise ZgwConfigError(f"zgw.toml: {where}.{key} moet true of false zijn, niet {value!r}.")
    return value


def _names(item: dict[str, Any], key: str, where: str, default: tuple[str, ...] = ()) -> tuple[str, ...]:
    """A list of names (absent: ``default``); anything else, a string too, is refused."""
    value = item.get(key, list(default))
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ZgwConfigError(f"zgw.toml: {where}.{key} moet een lijst van namen zijn, niet {value!r}.")
    return tuple(value)


def _days(weeks: int) -> str:
    return f"P{weeks * 7}D"


def _terms(item: dict[str, Any], where: str) -> tuple[str, str | None, bool, str | None]:
    """doorlooptijd, servicenorm, opschorting mogelijk, verlengingstermijn."""
    if item.get("termijnen") == "beslistermijn":
        inst = TermijnInstellingen.standaard()
        return (
            f"P{inst.uitgebreid_maanden}M",
            _days(inst.regulier_weken),
            True,
            _days(inst.max_verdaging_weken),
        )
    if "termijnen" in item:
        raise ZgwConfigError(f"zgw.toml: {where}.termijnen kent alleen 'beslistermijn'.")
    return _text(item, "doorlooptijd", where, 40), item.get("servicenorm"), False, None


def _resultaattypen(
    items: dict[str, Any], where: str, lijst: sl.Selectielijst, procestype_url: str
) -> dict[str, ResultaatTypeMap]:
    out = {}
    for key, raw in toml_table(items, f"{where}.resultaattypen").items():
        here = f"{where}.resultaattypen.{key}"
        item = toml_table(raw, here)
        klasse = lijst.klasse(_text(item, "selectielijst", here, 40), here, procestype_url)
        besluit = item.get("besluit")
        if besluit is not None and not isinstance(besluit, str):
            raise ZgwConfigError(f"zgw.toml: {here}.besluit moet een tekst zijn, niet {besluit!r}.")
        out[key] = ResultaatTypeMap(
            key=key,
            omschrijving=_text(item, "omschrijving", here, 30),
            eindes=_names(item, "eindes", here),
            besluit=besluit,
            omschrijving_url=klasse.omschrijving_url,
            klasse_url=klasse.url,
            archiefnominatie=sl.archiefnominatie(item, here),
            archiefactietermijn=_text(item, "archiefactietermijn", here, 20),
            afleidingswijze=sl.afleidingswijze(item, here),
            klasse=klasse.key,
        )
    if not out:
        raise ZgwConfigError(f"zgw.toml: {where} heeft geen resultaattypen (nodig om te publiceren).")
    return out


def _besluittypen(items: dict[str, Any], where: str) -> dict[str, BesluitTypeMap]:
    inst = TermijnInstellingen.standaard()
    out = {}
    for key, raw in toml_table(items, f"{where}.besluittypen").items():
        here = f"{where}.besluittypen.{key}"
        item = toml_table(raw, here)
        termijn = item.get("reactietermijn")
        orgaan = item.get("bestuursorgaan", "college")
        if orgaan not in BESTUURSORGANEN:
            raise ZgwConfigError(
                f"zgw.toml: {here}.bestuursorgaan '{orgaan}' is onbekend (wel: {', '.join(BESTUURSORGANEN)})."
            )
        out[key] = BesluitTypeMap(
            key=key,
            omschrijving=_text(item, "omschrijving", here, 80),
            besluitcategorie=_text(item, "besluitcategorie", here, 40),
            reactietermijn=_days(inst.bezwaartermijn_weken) if termijn == "bezwaartermijn" else termijn,
            publicatie_indicatie=_flag(item, "publicatie_indicatie", here),
            informatieobjecttypen=_names(item, "informatieobjecttypen", here),
            uitkomsten=_names(item, "uitkomsten", here),
            taken=_names(item, "taken", here),
            bestuursorgaan=orgaan,
        )
    return out


def _iotypen(process_id: str, extra: dict[str, Any], documenttypen_file: str) -> dict[str, IoTypeMap]:
    from services.documents.types import document_typen

    out = {}
    for key, doc in document_typen(documenttypen_file or None).voor(process_id).items():
        item = toml_table(extra.get(key, {}), f"informatieobjecttypen.{key}")
        richting = item.get("richting", "inkomend")
        if richting not in RICHTINGEN:
            raise ZgwConfigError(f"zgw.toml: informatieobjecttypen.{key}.richting '{richting}' is onbekend.")
        out[key] = IoTypeMap(
            key=key,
            omschrijving=doc.omschrijving[:80],
            vertrouwelijkheid=doc.vertrouwelijkheid.value,
            categorie=_text(
                {"categorie": "Document", **item}, "categorie", f"informatieobjecttypen.{key}", 80
            ),
            richting=richting,
        )
    return out


def _vertrouwelijkheid(item: dict[str, Any], where: str) -> str:
    value = _text(item, "vertrouwelijkheid", where, 20)
    if value not in VERTROUWELIJKHEID:
        raise ZgwConfigError(
            f"zgw.toml: {where}.vertrouwelijkheid '{value}' is geen ZGW-waarde (wel: {', '.join(VERTROUWELIJKHEID)})."
        )
    return value


def _procedure(
    process_id: str, item: dict[str, Any], data: dict[str, Any], doc_file: str, lijst: sl.Selectielijst
) -> ProcedureMap:
    where = f"procedure.{process_id}"
    item = toml_table(item, where)
    procestype_url = lijst.procestype(item.get("selectielijst_procestype"), where)
    doorlooptijd, servicenorm, opschorting, verlenging = _terms(item, where)
    raw = item.get("statustypen", [])
    if not isinstance(raw, list):
        raise ZgwConfigError(f"zgw.toml: {where}.statustypen moet een lijst van tabellen zijn ([[...]]).")
    here = f"{where}.statustypen"
    statustypen = tuple(
        StatusTypeMap(i + 1, _text(toml_table(s, here), "omschrijving", here, 80), _names(s, "fasen", here))
        for i, s in enumerate(raw)
    )
    if len(statustypen) < 2:
        raise ZgwConfigError(f"zgw.toml: {where} heeft minstens twee statustypen nodig.")
    roltypen = _names(item, "roltypen", where, tuple(ROLTYPEN))
    if set(roltypen) - set(ROLTYPEN):
        raise ZgwConfigError(f"zgw.toml: {where}.roltypen kent alleen {', '.join(ROLTYPEN)}.")
    iotypen = _iotypen(
        process_id, toml_table(data.get("informatieobjecttypen", {}), "informatieobjecttypen"), doc_file
    )
    besluittypen = _besluittypen(item.get("besluittypen", {}), where)
    for bt in besluittypen.values():
        if set(bt.informatieobjecttypen) - set(iotypen):
            raise ZgwConfigError(f"zgw.toml: besluittype '{bt.key}' noemt een onbekend documenttype.")
    return ProcedureMap(
        process_id=process_id,
        identificatie=_text(item, "identificatie", where, 50),
        omschrijving=_text(item, "omschrijving", where, 80),
        doel=_text(item, "doel", where, 1000),
        aanleiding=_text(item, "aanleiding", where, 1000),
        onderwerp=_text(item, "onderwerp", where, 80),
        handeling_initiator=_text(item, "handeling_initiator", where, 20),
        handeling_behandelaar=_text(item, "handeling_behandelaar", where, 20),
        indicatie_intern_of_extern=_text(item, "indicatie_intern_of_extern", where, 6),
        vertrouwelijkheid=_vertrouwelijkheid(item, where),
        publicatie_indicatie=_flag(item, "publicatie_indicatie", where),
        doorlooptijd=doorlooptijd,
        servicenorm=servicenorm,
        opschorting=opschorting,
        verlengingstermijn=verlenging,
        statustypen=statustypen,
        resultaattypen=_resultaattypen(item.get("resultaattypen", {}), where, lijst, procestype_url),
        besluittypen=besluittypen,
        roltypen=roltypen,
        informatieobjecttypen=iotypen,
        procestype_url=procestype_url,
    )


def parse_mapping(
    data: dict[str, Any], documenttypen_file: str = "", selectielijst_url: str = ""
) -> ZgwMapping:
    """The mapping of a parsed zgw.toml; ``selectielijst_url`` replaces the Selectielijst API root in it."""
    catalogus = toml_table(data.get("catalogus", {}), "catalogus")
    selectielijst = dict(toml_table(data.get("selectielijst", {}), "selectielijst"))
    if selectielijst_url:
        selectielijst["api"] = (
            selectielijst_url if selectielijst_url.endswith("/") else selectielijst_url + "/"
        )
    data = {**data, "selectielijst": selectielijst}
    try:
        begin = date.fromisoformat(str(catalogus.get("begin_geldigheid", "2026-01-01")))
    except ValueError as exc:
        raise ZgwConfigError(f"zgw.toml: catalogus.begin_geldigheid is geen datum: {exc}.") from exc
    lijst, _ = sl.parse(selectielijst), registered.check(data, ZgwConfigError)
    procedures = {
        pid: _procedure(pid, item, data, documenttypen_file, lijst)
        for pid, item in toml_table(data.get("procedure", {}), "procedure").items()
    }
    return ZgwMapping(
        catalogus_naam=_text(catalogus, "naam", "catalogus", 200),
        contactpersoon=_text(catalogus, "contactpersoon", "catalogus", 40),
        begin_geldigheid=begin,
        procedures=procedures,
    )


@cache
def _load(path: str, documenttypen_file: str, selectielijst_url: str) -> ZgwMapping:
    try:
        with Path(path).open("rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ZgwConfigError(f"Het ZGW-mappingbestand {path} is niet te lezen: {exc}") from exc
    return parse_mapping(data, documenttypen_file, selectielijst_url)


def load_mapping(
    path: str | Path | None = None, documenttypen_file: str = "", selectielijst_url: str = ""
) -> ZgwMapping:
    """The mapping in ``path`` (default bpmn/zgw.toml), parsed once per path."""
    return _load(str(path or DEFAULT_MAPPING_FILE), documenttypen_file, selectielijst_url)


def mapping_for(settings: Settings) -> ZgwMapping:
    """The mapping the settings name (zgw_mapping_file, documenttypen_file, zgw_selectielijst_url; the
    first two default to the files of the model folder)."""
    return load_mapping(
        settings.zgw_mapping_path, str(settings.documenttypen_path), settings.zgw_selectielijst_url
    )

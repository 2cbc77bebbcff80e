"""Reading the ZGW mapping of bpmn/zgw.toml (services.zgw.mapping_model): per procedure a zaaktype, its
statustypen per public phase, its resultaattypen per end, roltypen, informatieobjecttypen
(bpmn/documenttypen.toml) and besluittypen.

Durations of a procedure with ``termijnen = "beslistermijn"`` come from the legal terms
(processes/data/termijnen.toml): doorlooptijd = the uitgebreide procedure (Awb 3:18, the longest a case may
take by law), servicenorm = the reguliere procedure (Ow 16.64 lid 1), verlengingstermijn = the verdaging
(Ow 16.64), opschorting = Awb 4:15. A bad file raises ZgwConfigError with a Dutch message.
"""

from __future__ import annotations

import tomllib
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from processes.termijnen.data import TermijnInstellingen
from processes.termijnen.rechtsmiddelen import RECHTSMIDDEL_WEKEN
from services import zgw_registered as registered
from services.config import SHIPPED_BPMN_DIR, Settings
from services.zgw import selectielijst as sl
from services.zgw.config import ZgwConfigError, toml_table
from services.zgw.mapping_model import (
    BESTUURSORGANEN,
    RICHTINGEN,
    ROLTYPEN,
    BesluitTypeMap,
    IoTypeMap,
    ProcedureMap,
    ResultaatTypeMap,
    StatusTypeMap,
    ZgwMapping,
)
from services.zgw.payloads import VERTROUWELIJKHEID

#: the shipped mapping (tests; a deployment's is Settings.zgw_mapping_path)
DEFAULT_MAPPING_FILE = SHIPPED_BPMN_DIR / "zgw.toml"


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
            reactietermijn=_reactietermijn(termijn, inst),
            publicatie_indicatie=_flag(item, "publicatie_indicatie", here),
            informatieobjecttypen=_names(item, "informatieobjecttypen", here),
            uitkomsten=_names(item, "uitkomsten", here),
            taken=_names(item, "taken", here),
            bestuursorgaan=orgaan,
            beslissing_op_bezwaar=_flag(item, registered.BEZWAAR_KEY, here),
        )
    if sum(bt.beslissing_op_bezwaar for bt in out.values()) > 1:
        raise ZgwConfigError(f"zgw.toml: {where} heeft meer dan een besluittype met beslissing_op_bezwaar.")
    return out


def _reactietermijn(termijn: Any, inst: TermijnInstellingen) -> Any:
    """A besluittype's reactietermijn: "bezwaartermijn" (the configured weeks) or "beroepstermijn" (six
    weeks, Awb 6:7: a beslissing op bezwaar) as days, else the ISO duration zgw.toml gives."""
    if termijn == "bezwaartermijn":
        return _days(inst.bezwaartermijn_weken)
    return _days(RECHTSMIDDEL_WEKEN) if termijn == "beroepstermijn" else termijn


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

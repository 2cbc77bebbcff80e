"""The case summary: one typed, versioned document per case (stored in the JSON column ``zaak.summary``).

Services write case fields through ``StepContext.case_updates``: a key is either a column of the case
row (``CASE_COLUMNS``) or a field of :class:`CaseSummary`. Any other key is refused when it is written
(:class:`UnknownSummaryKey`), so the step fails with an incident that names the key instead of filing
it silently. Readers use the typed attributes (``Case.typed_summary``), not string keys.

The stored document is ``{"versie": 1, <the fields that are set>}``. Migration 0010 stamped the
version on older documents and moved keys this version does not know into ``overig``.

Why a versioned JSON document and not real columns: no query filters or sorts on a summary field
(the cross-case reads, ``wijk_code`` and ``netcapaciteit``, look at the running cases of one process
that a status or bounding-box query already selected), most fields are nested documents of one process
family, and columns would be some 35 mostly empty ones. Why a frozen dataclass and not TypedDicts
alone: attribute access with a default for every field, one place (the codec) that refuses a key, and
value equality; TypedDicts type the nested documents that readers open.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from copy import deepcopy
from dataclasses import asdict, dataclass, fields, is_dataclass, replace
from datetime import date
from typing import Any, NotRequired, TypedDict, get_args, get_origin, get_type_hints, is_typeddict

#: the version of the stored document; a change of the fields below that is not backwards compatible
#: raises it, with a migration that rewrites the stored documents
SUMMARY_VERSION = 1

#: case_updates keys that are columns of the case row, not summary fields
CASE_COLUMNS = frozenset(
    {
        "phase",
        "title",
        "initiator",
        "initiator_type",
        "location_name",
        "holder",
        "waiting_for",
        "uiterlijke_einddatum_afdoening",
        "deadline_info",
        "opschorting",
        "verlenging",
        "final",
        "overdue",
        "received_on",
        "procedure",
    }
)


class Rechtsmiddel(TypedDict):
    """The bezwaar or beroep term after the bekendmaking (processes.vergunning.rechtsmiddel)."""

    soort: str
    van: str
    tot: str
    tot_tekst: str
    termijn_naam: NotRequired[str]  # "bezwaartermijn", "beroepstermijn"; absent in an older term


class Aanvullingsverzoek(TypedDict):
    """The document types an open aanvullingsverzoek asks for, and since when (ISO moment)."""

    documenttypen: list[str]
    sinds: str


class Doorzending(TypedDict):
    """The forward of an application to the bevoegd gezag (Awb 2:3; services/domain/vergunning_doorzending.py)."""

    bevoegd_gezag: str  # provincie | rijk
    naar: str  # the receiving body, e.g. "Gedeputeerde Staten van Gelderland"
    op: str  # ISO date of the forward


class Netcapaciteit(TypedDict):
    """The transportverzoek to the grid operator and its answer (services/domain/energie_net.py)."""

    status: str
    richting: NotRequired[str]
    vermogen_mva: NotRequired[float]
    antwoord_uiterlijk: NotRequired[str]
    positie: NotRequired[int]
    alternatief: NotRequired[Any]
    congestiegebied: NotRequired[str]
    escalatie_op: NotRequired[str]
    #: on the waiting list: the day the municipality next asks the netbeheerder about the position
    navraag_op: NotRequired[str]


class Zienswijze(TypedDict):
    """One zienswijze on the ontwerpbesluit as it was registered (services/domain/zienswijze.py). The case
    keeps the list itself: the besluit letter and its editor read it here, since the task data of another
    branch (the bewaking of the beslistermijn) replaces ``gegevens`` without it."""

    nummer: int
    ontvangen_op: str
    indiener: str
    inhoud: str
    tijdig: NotRequired[bool]
    oordeel: NotRequired[str]
    ter_post_bezorgd_op: NotRequired[str | None]
    #: the besluit sent to its indiener (Awb 3:44 lid 1 onder b): per ("e-mail", "post", "aanvrager"),
    #: aan (every address mailed, joined by ", "), op (the day; None while a letter is still to be posted)
    besluit_toegezonden: NotRequired[dict[str, Any]]


class Besluitbrief(TypedDict):
    """The case's final besluit letter that stands, as it was made final or its verzenddatum recorded
    (services.documents.final_letter.record_sending): the day ``besluit_op`` gives while no besluit is recorded."""

    document: int  # its document's id: a letter up to a herstart's ``brief`` no longer stands
    verzonden_op: str  # ISO day it is (or will be) sent: processes.termijnen.besluitbrief.verzonden_op


class Herstart(TypedDict):
    """The aanvraag taken back in handling when a beslissing op bezwaar herroept its buitenbehandelingstelling
    (services/domain/bezwaar_beslissing.py, ``behandelen``): what of the handling before stays as history."""

    op: str  # ISO day of the beslissing op bezwaar (dag 0 of the new beslistermijn)
    #: the id of the case's latest final besluit letter then: it and every earlier one belong to the
    #: herroepen besluit and no longer count as the case's final besluit (``herroepen_brief``)
    brief: NotRequired[int | None]
    #: the dwangsom of the term before (Awb 4:17), settled: history, not a running one
    dwangsom: NotRequired[dict[str, Any]]
    #: the first bezwaar of the beslissing that took the aanvraag back (``nummer`` 1, ``indiener``, to whom
    #: and when the beslissing was sent: ``beslissing_toegezonden``): the model drops the handling's state
    #: in that step, and the beslissing's mails (services/mail/besluit_mails.py) and the case keep it here
    bezwaar: NotRequired[dict[str, Any]]


@dataclass(frozen=True, kw_only=True)
class CaseSummary:
    """Every key a service or the step projection writes into the summary, with its type.

    ``None`` means "not set": such a field is left out of the stored document.
    """

    versie: int = SUMMARY_VERSION
    # -- written by the projection of every step (services/projection_case.py) ----------------
    gegevens: dict[str, Any] | None = None  # the data of the last completed task, JSON-safe
    verwachte_berichten: list[str] | None = None
    wachtende_elementen: list[str] | None = None
    resultaat: str | None = None
    #: the case's own outside organisations, process variable ``organisaties`` ({party group: that
    #: organisation's group}; services/routing.py): the policy reads it for the senders "groep:<party>"
    organisaties: dict[str, str] | None = None
    # -- omgevingsvergunning (services/domain/vergunning.py) --------------------------------------
    activiteiten: str | None = None
    bevoegd_gezag: str | None = None  # also the windpark
    behandeldienst: str | None = None
    regime: str | None = None
    aanvullingsverzoek: Aanvullingsverzoek | None = None
    ter_inzage: dict[str, str] | None = None  # van, tot, ontwerp
    zienswijzen: dict[str, Any] | None = None  # aantal, laatste
    ingediende_zienswijzen: list[Zienswijze] | None = None  # each zienswijze, as the besluit weighs it
    # besluit, datum, tekst, voorschriften, motivering, adviezen; also the gemeenteraad's adoption of a
    # wijkuitvoeringsplan (besluit "vastgesteld", datum, orgaan, alternatief: energie_warmte_besluit.py)
    besluit: dict[str, Any] | None = None
    voorschriften: list[Any] | None = None
    rechtsmiddel: Rechtsmiddel | None = None
    bezwaren: dict[str, Any] | None = None  # aantal (the first and each joined one), laatste
    # each bezwaar joined to the one in handling (services/domain/bezwaar.bezwaar_voegen): a third party's
    gevoegde_bezwaren: list[dict[str, Any]] | None = None
    herstart: Herstart | None = None  # back in handling after a herroepen buitenbehandelingstelling
    #: the final letter that stands while its task is open; written by the letter's transaction, not by a step
    besluitbrief: Besluitbrief | None = None
    doorgezonden: Doorzending | None = None  # forwarded to the provincie or the Rijk: no besluit here
    # the court's uitspraak on a beroep the case closed on (services/bewaren/uitspraak.py): op, door, vastgelegd_op
    uitspraak: dict[str, Any] | None = None
    # -- termijnen (services/domain/termijnen.py) -------------------------------------------------
    dwangsom: dict[str, Any] | None = None
    # -- windpark (services/domain/energie_wind.py) ----------------------------------------------
    soort: str | None = None
    vermogen_mw: float | None = None
    aantal_turbines: int | None = None
    initiatiefnemer_type: str | None = None
    lokaal_eigendom_pct: float | None = None
    extern_bevoegd_gezag: str | None = None
    congestiegebieden: list[Any] | None = None
    participatie: dict[str, Any] | None = None  # also the wijkuitvoeringsplan (other counts)
    besluit_extern: dict[str, Any] | None = None
    netcapaciteit: Netcapaciteit | None = None
    # -- wijkuitvoeringsplan (services/domain/energie_warmte.py) --------------------------------
    wijk_code: str | None = None
    wijk_naam: str | None = None
    warmte_bestemming: str | None = None
    wijkanalyse: dict[str, Any] | None = None
    alternatieven: list[dict[str, Any]] | None = None
    aardgasvrij_op: str | None = None
    mijlpalen: list[dict[str, Any]] | None = None
    mijlpalen_gereed: list[dict[str, Any]] | None = None
    mijlpaal_te_laat: dict[str, Any] | None = None
    # the plan's outcome while it is no besluit of the case: a raad that did not adopt it, a college that
    # did not offer it, or its end (soort, datum, reden, tekst: the status page shows the tekst; the end of an
    # adopted plan also ingetrokken_besluit: orgaan, datum of the withdrawn adoption, and mee_ingetrokken:
    # orgaan, datum, taak of the Wcw besluiten withdrawn with it, which the zaakregistratie lets lapse:
    # services/zgw_lapse)
    uitkomst: dict[str, Any] | None = None
    # -- kept by migration 0010: keys of older documents that no service writes ------------------
    overig: dict[str, Any] | None = None

    @classmethod
    def from_json(cls, doc: Mapping[str, Any] | None) -> CaseSummary:
        """Read a stored document. One without ``versie`` (written before migration 0010, or put there
        by hand) is read as version 1, with the keys it does not know kept under ``overig``."""
        doc = dict(doc or {})
        version = doc.pop("versie", SUMMARY_VERSION)
        if version != SUMMARY_VERSION:
            raise ValueError(
                f"Zaaksamenvatting versie {version!r}: deze versie van Ruimteflow leest versie 1."
            )
        known = {k: v for k, v in doc.items() if k in _FIELDS}
        unknown = {k: v for k, v in doc.items() if k not in _FIELDS}
        if unknown:
            known["overig"] = {**(known.get("overig") or {}), **unknown}
        return cls(**known)

    def merged(self, values: Mapping[str, Any]) -> CaseSummary:
        """A copy with ``values`` set; an unknown key or a value of the wrong type is refused."""
        for key, value in values.items():
            check_field(key, value, allowed=_FIELDS)
        return replace(self, **values)

    def fields(self) -> dict[str, Any]:
        """The fields that are set, without the version (what the API shows as ``samenvatting``): a
        deep copy, as ``dataclasses.asdict`` gives, without its generic walk (a step writes it twice)."""
        values = ((k, getattr(self, k)) for k in _FIELDS)
        return {k: _copied(v) for k, v in values if v is not None}

    def to_json(self) -> dict[str, Any]:
        """The stored document."""
        return {"versie": self.versie, **self.fields()}

    @property
    def genomen_besluit(self) -> dict[str, Any] | None:
        """The besluit taken in the case, if any: the municipality's (``besluit``), or the one of the
        provincie or the Rijk when they are bevoegd gezag (``besluit_extern``). The one home of "was a
        besluit taken"."""
        return self.besluit or self.besluit_extern

    @property
    def herroepen_brief(self) -> int | None:
        """The last final besluit letter of a besluit herroepen when the aanvraag was taken back in handling
        (``herstart``): only a letter made after it is the case's final besluit; None when none was herroepen
        so. The reads of the letters take it from the stored summary in SQL, by this key's path
        (services.store.models.Document.standing_final_besluiten)."""
        brief = self.herstart.get("brief") if self.herstart else None
        return int(brief) if brief is not None else None

    @property
    def eerdere_dwangsom(self) -> dict[str, Any] | None:
        """The dwangsom of the beslistermijn before a ``herstart``, set (Awb 4:18): history, not running."""
        return self.herstart.get("dwangsom") if self.herstart else None

    @property
    def herstart_bezwaar(self) -> dict[str, Any] | None:
        """The first bezwaar of the beslissing op bezwaar that took the aanvraag back in handling, with to
        whom that beslissing was sent (``herstart.bezwaar``); None without one."""
        return self.herstart.get("bezwaar") if self.herstart else None

    def besluit_op(self) -> date | None:
        """The day the case's besluit was given: the day it was made known (``rechtsmiddel.van``; Awb 4:13
        with 3:40, a besluit is given in time when it is made known within the term), else the day it was
        taken (``datum`` of the taken besluit), else the day its final letter that still stands is sent
        while the task that took it is open (``besluitbrief``: Awb 3:40, 3:41); None when none of these."""
        known = self.rechtsmiddel.get("van") if self.rechtsmiddel else None
        for raw in (known, (self.genomen_besluit or {}).get("datum"), self._brief_verzonden_op()):
            try:
                if isinstance(raw, str):
                    return date.fromisoformat(raw)
            except ValueError:
                continue
        return None

    def _brief_verzonden_op(self) -> str | None:
        """``besluitbrief``'s day while that letter stands: one up to the herroepen letter (``herroepen_brief``,
        written by the herstart's step) no longer does, as ``Document.standing_final_besluiten`` reads it."""
        brief = self.besluitbrief
        if not brief or int(brief.get("document") or 0) <= (self.herroepen_brief or 0):
            return None
        return brief.get("verzonden_op")


_ATOMS = (str, int, float, bool)


def _copied(value: Any) -> Any:
    """A deep copy of a summary value (JSON-like data), as ``dataclasses.asdict`` copies field values."""
    if isinstance(value, _ATOMS) or value is None:
        return value
    if isinstance(value, dict):
        return type(value)((k, _copied(v)) for k, v in value.items())
    if isinstance(value, list):
        return type(value)(_copied(v) for v in value)
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a named tuple
        return type(value)(*map(_copied, value))
    if isinstance(value, tuple):
        return type(value)(_copied(v) for v in value)
    return deepcopy(value)


class UnknownSummaryKey(LookupError):
    """A service wrote a case field that is neither a case column nor a summary field."""

    def __init__(self, key: str):
        super().__init__(
            f"Onbekend zaakveld '{key}': een service mag alleen de velden van de zaaksamenvatting "
            f"(processes/case_summary.py, versie {SUMMARY_VERSION}) en de zaakkolommen schrijven."
        )
        self.key = key


class SummaryTypeError(TypeError):
    """A service wrote a summary field with a value of the wrong type."""


def _runtime_types(hint: Any) -> tuple[type, ...]:
    out: list[type] = []
    for arg in get_args(hint) if get_origin(hint) is not None and not is_typeddict(hint) else (hint,):
        origin = get_origin(arg) or arg
        if origin is Any:
            return (object,)
        origin = dict if is_typeddict(origin) else origin
        out.extend((float, int) if origin is float else (origin,))
    return tuple(out)


_HINTS = get_type_hints(CaseSummary)
_FIELDS = {f.name: _runtime_types(_HINTS[f.name]) for f in fields(CaseSummary) if f.name != "versie"}
#: the fields of the summary (the case view's ``samenvatting``), without its version
SUMMARY_FIELDS = frozenset(_FIELDS)
#: summary fields the projection of a step writes itself (and ``overig``, only ever filled by the
#: migration, and ``besluitbrief``, by the letter's own transaction): a service does not write them
NOT_FOR_SERVICES = frozenset(
    {
        "gegevens",
        "verwachte_berichten",
        "wachtende_elementen",
        "resultaat",
        "organisaties",
        "overig",
        "besluitbrief",
    }
)
SERVICE_FIELDS = {k: v for k, v in _FIELDS.items() if k not in NOT_FOR_SERVICES}


def check_field(key: str, value: Any, *, allowed: Mapping[str, tuple[type, ...]] = SERVICE_FIELDS) -> None:
    if key not in allowed:
        raise UnknownSummaryKey(key)
    if not isinstance(value, allowed[key]):
        names = " of ".join(t.__name__ for t in allowed[key] if t is not type(None))
        raise SummaryTypeError(
            f"Zaakveld '{key}' verwacht {names} (of niets), maar kreeg {type(value).__name__}."
        )


def check_update(key: str, value: Any) -> None:
    """A case_updates entry: a case column (the projection converts its value) or a service field."""
    if key not in CASE_COLUMNS:
        check_field(key, value)


class CaseUpdates(dict[str, Any]):
    """``StepContext.case_updates``: a dict that refuses a key outside ``CASE_COLUMNS`` and the
    summary's service fields (or a value of the wrong type) at the moment a service writes it."""

    def __init__(self, values: Mapping[str, Any] | Iterable[tuple[str, Any]] = (), **kw: Any):
        super().__init__()
        self.update(values, **kw)

    def __setitem__(self, key: str, value: Any) -> None:
        check_update(key, value)
        super().__setitem__(key, value)

    def update(self, values: Any = (), /, **kw: Any) -> None:  # type: ignore[override]
        for key, value in [*dict(values).items(), *kw.items()]:
            self[key] = value

    def setdefault(self, key: str, default: Any = None) -> Any:
        if key not in self:
            self[key] = default
        return self[key]

    def __ior__(self, values: Any) -> CaseUpdates:  # type: ignore[override,misc]
        self.update(values)
        return self

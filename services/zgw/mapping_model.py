"""What the ZGW mapping of bpmn/zgw.toml holds: per procedure a zaaktype (``ProcedureMap``), its statustypen
per public phase, its resultaattypen per end, roltypen, informatieobjecttypen and besluittypen, and the
choices zgw.toml may make among roltypen, richtingen and bestuursorganen. services.zgw.mapping reads the
file into it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from services.zgw import selectielijst as sl
from services.zgw.config import ZgwConfigError

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
    #: the type of the beslissing op bezwaar the case records (services.zgw_bezwaar), never a document's
    beslissing_op_bezwaar: bool = False


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
        task in ``taken`` (latest first) some besluittype names, else the one that names neither (never the
        beslissing op bezwaar's, which no document gets); None
        when none fits (the besluit is not the municipality's, or not one zgw.toml knows)."""
        types = [b for b in self.besluittypen.values() if not b.beslissing_op_bezwaar]
        by_outcome = [b for b in types if uitkomst and uitkomst in b.uitkomsten]
        by_task = [b for taak in taken for b in types if taak in b.taken]
        plain = [b for b in types if not b.uitkomsten and not b.taken]
        return next(iter(by_outcome + by_task + plain), None)

    @property
    def beslissing_op_bezwaar(self) -> BesluitTypeMap | None:
        """The besluittype of the beslissing op bezwaar (None: the procedure registers none)."""
        return next((b for b in self.besluittypen.values() if b.beslissing_op_bezwaar), None)

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

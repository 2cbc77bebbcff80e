"""Drafts of the model editor: one per (process, user), stored server-side (table ``model_draft``).

A draft starts from the latest deployed version's XML and from the model's scenarios: the text stored
with the newest version taken into use from the editor, else the file in the bpmn folder's ``tests/``
that names this model, else nothing. Saving checks the input (well-formed BPMN XML, a scenario file for
this model, sizes) and refuses bad input with a Dutch problem, leaving the stored draft as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from lxml import etree
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from processes.errors import Conflict, TooLarge, ValidationError
from services import deployments, scenarios
from services.clock import iso_utc
from services.engine import deploy as dep
from services.engine.xml_nodes import xml_fault
from services.platform import Platform
from services.store.models import ModelDraft, ModelFile, ModelScenarioText
from services.xml_safe import DOCTYPE_GEWEIGERD, doctype_line, parse_model_xml

#: the largest BPMN XML a draft holds (the demo's biggest model is about 90 kB)
MAX_XML_CHARS = 2_000_000
#: the largest scenario text a draft holds
MAX_SCENARIO_CHARS = 500_000
BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"


class DraftRepository:
    """The drafts of the model editor, on the unit of work's session."""

    def __init__(self, session: Session):
        self.session = session

    def get(self, process_id: str, user: str) -> ModelDraft | None:
        return self.session.scalars(
            select(ModelDraft).where(ModelDraft.process_id == process_id, ModelDraft.username == user)
        ).first()

    def others(self, process_id: str, user: str) -> list[ModelDraft]:
        return list(
            self.session.scalars(
                select(ModelDraft)
                .where(ModelDraft.process_id == process_id, ModelDraft.username != user)
                .order_by(ModelDraft.updated_at.desc())
            )
        )

    def add(self, draft: ModelDraft) -> None:
        self.session.add(draft)

    def delete(self, draft: ModelDraft) -> None:
        self.session.delete(draft)


@dataclass(frozen=True)
class Working:
    """What the editor works on: the saved draft, or the start from the deployed version."""

    process_id: str
    name: str
    version: int
    filename: str
    xml: str
    scenarios: str
    draft: ModelDraft | None
    #: the newest deployed version of the process
    newest: int


def working(platform: Platform, session: Session, process_id: str, user: str) -> Working:
    """The user's draft of ``process_id``, or what a new draft starts from (NotFound: unknown process)."""
    pd = deployments.latest_definition(session, process_id)
    draft = DraftRepository(session).get(process_id, user)
    if draft is not None:
        return Working(
            process_id,
            pd.name,
            draft.base_version,
            draft.filename,
            draft.xml,
            draft.scenarios,
            draft,
            pd.version,
        )
    main = session.scalars(select(ModelFile).where(ModelFile.content_hash == pd.main_file_hash)).one()
    text = initial_scenarios(platform, session, process_id)
    return Working(process_id, pd.name, pd.version, main.filename, main.source, text, None, pd.version)


def initial_scenarios(platform: Platform, session: Session, process_id: str) -> str:
    stored = session.scalars(
        select(ModelScenarioText.scenarios)
        .where(ModelScenarioText.process_id == process_id)
        .order_by(ModelScenarioText.id.desc())
        .limit(1)
    ).first()
    if stored is not None:
        return stored
    folder = Path(platform.settings.bpmn_dir) / "tests"
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        text = path.read_text(encoding="utf-8")
        try:
            raw = yaml.safe_load(text)
        except yaml.YAMLError:
            continue
        if isinstance(raw, dict) and str(raw.get("model")) == process_id:
            return text
    return ""


def view(session: Session, w: Working, user: str) -> dict[str, Any]:
    """The editor's JSON for a draft (GET and PUT .../concept)."""
    return {
        "process_id": w.process_id,
        "naam": w.name,
        "versie": w.version,
        "bestand": w.filename,
        "xml": w.xml,
        "scenarios": w.scenarios,
        "concept": w.draft is not None,
        "bijgewerkt": iso_utc(w.draft.updated_at) if w.draft is not None else None,
        "andere_bewerkers": [
            {"gebruiker": d.username, "bijgewerkt": iso_utc(d.updated_at)}
            for d in DraftRepository(session).others(w.process_id, user)
        ],
    }


def open_draft(platform: Platform, process_id: str, user: str) -> dict[str, Any]:
    with platform.uow(write=False) as uow:
        return view(uow.session, working(platform, uow.session, process_id, user), user)


def save_draft(platform: Platform, process_id: str, user: str, body: Any) -> dict[str, Any]:
    """Store the user's draft after checking it; a refusal changes nothing. ``body`` holds ``xml``
    and/or ``scenarios``; what it leaves out stays as it was. ``versie`` is the version the page
    loaded: the draft is based on it (see ``_base_version``)."""
    if not isinstance(body, dict) or not ({"xml", "scenarios"} & set(body)):
        raise ValidationError("Geef het concept als JSON-object met 'xml' (BPMN) en/of 'scenarios' (YAML).",
                              code="concept-leeg")  # fmt: skip
    with platform.uow() as uow:
        s = uow.session
        w = working(platform, s, process_id, user)
        xml, scenario_text = _checked_text(body.get("xml", w.xml), body.get("scenarios", w.scenarios))
        check_xml(xml)
        check_scenarios(s, process_id, w.filename, xml, scenario_text)
        base = _base_version(w, body.get("versie"))
        now = platform.clock.now()
        draft = w.draft
        if draft is None:
            draft = ModelDraft(process_id=process_id, username=user, filename=w.filename,
                               base_version=base, created_at=now)  # fmt: skip
            DraftRepository(s).add(draft)
        draft.xml, draft.scenarios, draft.updated_at, draft.base_version = xml, scenario_text, now, base
        try:
            s.flush()
        except IntegrityError as exc:  # the same user's first save from two tabs at once
            raise Conflict("Het concept werd tegelijk ergens anders opgeslagen; laad het opnieuw.",
                           code="concept-gewijzigd") from exc  # fmt: skip
        out = view(s, working(platform, s, process_id, user), user)
        uow.commit()
    return out


def _base_version(w: Working, loaded: Any) -> int:
    """The version a saved draft is based on: the one the page loaded (``versie``), so that a page
    opened before someone else's release cannot record its first save as based on that newer release;
    never newer than what the draft was already based on. Without ``versie``: the draft's own base, or
    the newest version for a first save."""
    if loaded is None:
        return w.version
    latest = w.newest
    if isinstance(loaded, bool) or not isinstance(loaded, int) or not 1 <= loaded <= latest:
        raise ValidationError(f"'versie' is de versie van '{w.process_id}' die de editor laadde: een geheel "
                              f"getal van 1 tot en met {latest}.",
                              code="versie-ongeldig")  # fmt: skip
    return min(loaded, w.version)


def _checked_text(xml: Any, scenario_text: Any) -> tuple[str, str]:
    if not isinstance(xml, str) or not xml.strip():
        raise ValidationError("Het concept heeft geen BPMN-XML ('xml' is leeg).", code="concept-leeg")
    if scenario_text is None:
        scenario_text = ""
    if not isinstance(scenario_text, str):
        raise ValidationError(
            "'scenarios' is de tekst van een scenariobestand (YAML).", code="scenario-ongeldig"
        )
    if len(xml) > MAX_XML_CHARS:
        raise TooLarge(f"Het BPMN-model is te groot ({len(xml)} tekens, maximaal {MAX_XML_CHARS}).",
                       code="concept-te-groot")  # fmt: skip
    if len(scenario_text) > MAX_SCENARIO_CHARS:
        raise TooLarge(f"De scenario's zijn te groot ({len(scenario_text)} tekens, maximaal {MAX_SCENARIO_CHARS}).",
                       code="concept-te-groot")  # fmt: skip
    return xml, scenario_text


def check_xml(xml: str) -> None:
    """Well-formed XML without a DOCTYPE whose root is a BPMN 2.0 ``definitions`` element."""
    line = doctype_line(xml)
    if line is not None:
        raise ValidationError(
            f"Het concept is geweigerd (regel {line}): {DOCTYPE_GEWEIGERD}.", code="concept-doctype"
        )
    try:
        root = parse_model_xml(xml)
    except etree.XMLSyntaxError as exc:
        raise ValidationError(f"Het concept is geen geldige XML: {xml_fault(exc)}.",
                              code="concept-geen-xml") from exc  # fmt: skip
    qn = etree.QName(root)
    if qn.namespace != BPMN_NS or qn.localname != "definitions":
        raise ValidationError(f"Het concept is geen BPMN 2.0-model (het begint met <{qn.localname}> in "
                              f"namespace '{qn.namespace or ''}').", code="concept-geen-bpmn")  # fmt: skip


def model_sources(session: Session, filename: str, xml: str) -> dict[str, str]:
    """The files a draft's scenarios may name: the draft itself and the deployed context files."""
    src, _ = dep.inspect_source(filename, xml)
    sources = {
        c.filename: c.text for c in deployments.deploy_context(session, [src]) if c.filename != filename
    }
    sources[filename] = xml
    return sources


def check_scenarios(session: Session, process_id: str, filename: str, xml: str, text: str) -> Any:
    """The parsed scenario file of a draft (None when it has no scenarios); ValidationError otherwise."""
    if not text.strip():
        return None
    sf = scenarios.load_text(text, f"{process_id}.yaml", model_sources(session, filename, xml))
    if sf.process_id != process_id:
        raise ValidationError(f"Scenariobestand '{process_id}.yaml': model: '{sf.process_id}' is niet het model "
                              f"van dit concept ('{process_id}').", code="scenario-ongeldig")  # fmt: skip
    return sf

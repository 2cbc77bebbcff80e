"""Parse and validate BPMN/DMN files before anything is stored.

A file that is not well-formed XML, has no executable process, repeats ids, or uses constructs we
cannot run (Camunda JUEL ``${...}`` expressions, delegate expressions, Java classes, listeners,
non-Python scripts, link events) is refused with every problem listed by file, element id and construct.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from lxml import etree
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import LoopTask

from processes.errors import RuimteflowError
from services.xml_safe import DOCTYPE_GEWEIGERD, doctype_line, parse_model_xml

from .bpmn_checks import CAMUNDA_NS as CAMUNDA_NS
from .bpmn_checks import TOO_DEEP, catcher_of, check_nodes, check_structure, dutch, merging_message_catches
from .data_names import check_unknown_names, known_names, unknown_reads
from .dmn_tables import check_dmn_tables, engine_root
from .expressions import BPMN_NS, check_dmn_expressions, check_expressions, constant_value
from .gateway_checks import gateway_warnings
from .process_elements import process_elements
from .spiff_config import RuimteflowBpmnParser
from .text_checks import check_lanes, person_warnings, routed_by_lane
from .types import Specs
from .unique_ids import check_unique_ids
from .xml_nodes import add_problem, local_name, owner, xml_fault

DMN_NS_PREFIX = "https://www.omg.org/spec/DMN/"


class ModelRefused(RuimteflowError):
    code = "model-geweigerd"
    title = "Model geweigerd"
    status = 422


@dataclass
class ModelSource:
    filename: str
    text: str
    kind: str = "bpmn"
    content_hash: str = ""
    process_ids: list[str] = field(default_factory=list)
    process_names: dict[str, str] = field(default_factory=dict)
    decision_ids: list[str] = field(default_factory=list)
    lanes: dict[str, list[str]] = field(default_factory=dict)
    #: per process, the lanes that hand out work: they hold a user or manual task without a
    #: kandidaatgroepen property, whose candidate group is then the lane (``_task_lanes``)
    task_lanes: dict[str, list[str]] = field(default_factory=dict)
    #: per process, the groups a constant kandidaatgroepen names, each with the tasks ("name (id)") it has
    task_groups: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    #: per process, the ids of its user and manual tasks at any depth (what [taakvelden] names)
    human_tasks: dict[str, list[str]] = field(default_factory=dict)
    #: per process of the file, its elements with their fase, resultaat, call and service (process_elements)
    elements: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: every process the file defines, executable or not (what a call activity elsewhere may call)
    defined_processes: list[str] = field(default_factory=list)
    #: the processes (callActivity calledElement) and decisions (calledDecisionId) the file calls
    called_processes: list[str] = field(default_factory=list)
    called_decisions: list[str] = field(default_factory=list)
    #: message catches without messageVariable (``merging_message_catches``): a problem each, plus the
    #: message name under "bericht"; the deploy refuses those an outside party may send
    merging_catches: list[dict[str, Any]] = field(default_factory=list)
    #: the names the file sets or reads, and its properties and timers that read names (data_names)
    known_names: set[str] = field(default_factory=set)
    unknown_reads: list[dict[str, Any]] = field(default_factory=list)
    #: per process, the warnings of its model: a gateway that may find no way out (gateway_checks), a
    #: public status line that addresses the applicant without a third-person form (text_checks)
    model_warnings: dict[str, list[str]] = field(default_factory=dict)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def inspect_source(filename: str, text: str) -> tuple[ModelSource, list[dict[str, Any]]]:
    """Parse one file and list every problem we can find without building specs.

    The answer depends on the file name and text alone, so it is kept per process (the same files are
    inspected on every deploy, as the context of the next deploy and when specs are rebuilt) and every
    caller gets that same answer: read it, never change it (a caller that needs to change a list of it
    copies that list; ``_new_version`` hands the database its own list of lanes). A deep copy per call
    took 1-11 ms per file, about five times per deploy. The expression check is part of the key: a test
    may replace it."""
    return _inspect_cached(filename, text, check_expressions)


@lru_cache(maxsize=256)
def _inspect_cached(
    filename: str, text: str, check: Callable[[str, Any, list[dict[str, Any]]], None]
) -> tuple[ModelSource, list[dict[str, Any]]]:
    problems: list[dict[str, Any]] = []
    src = ModelSource(filename=filename, text=text, content_hash=content_hash(text))
    root, unread = _parse(filename, text)
    if unread is not None:
        return src, [unread]
    ns = etree.QName(root).namespace or ""
    if ns.startswith(DMN_NS_PREFIX) or ns.startswith("http://www.omg.org/spec/DMN/"):
        src.kind = "dmn"
        src.decision_ids = [d.get("id") for d in root.iter() if local_name(d.tag) == "decision"]
        if not src.decision_ids:
            add_problem(problems, filename, root, "DMN-bestand zonder beslissing (decision)")
        check_dmn_expressions(filename, root, problems)
        check_dmn_tables(filename, root, problems)
        src.known_names = known_names(root)
        return src, problems
    if ns != BPMN_NS:
        add_problem(problems, filename, root, f"Geen BPMN 2.0- of DMN-bestand (namespace '{ns}')")
        return src, problems

    check(filename, root, problems)
    check_nodes(filename, root, problems)
    check_structure(filename, root, problems)
    _note_calls(src, root)
    src.elements = {p.get("id"): process_elements(p) for p in root if local_name(p.tag) == "process"}
    for node, message in merging_message_catches(root):
        add_problem(src.merging_catches, filename, owner(catcher_of(node)), "")
        src.merging_catches[-1]["bericht"] = message
    src.known_names, src.unknown_reads = (
        known_names(root),
        unknown_reads(filename, root, bool(src.merging_catches)),
    )

    for proc in _executable_processes(filename, root, problems):
        src.process_ids.append(proc.get("id"))
        check_lanes(filename, proc, problems)
        src.process_names[proc.get("id")] = proc.get("name") or proc.get("id")
        lanes = [ln.get("name") or ln.get("id") for ln in proc.iter(f"{{{BPMN_NS}}}lane")]
        src.lanes[proc.get("id")] = lanes
        src.task_lanes[proc.get("id")] = _task_lanes(proc)
        src.task_groups[proc.get("id")] = _task_groups(proc)
        src.model_warnings[proc.get("id")] = gateway_warnings(proc) + person_warnings(proc)
        src.human_tasks[proc.get("id")] = [
            n.get("id") for tag in ("userTask", "manualTask") for n in proc.iter(f"{{{BPMN_NS}}}{tag}")
        ]
    return src, problems


def _parse(filename: str, text: str) -> tuple[Any, dict[str, Any] | None]:
    """The root element of ``text``, or the problem that ends its inspection: a DOCTYPE (looked for first:
    services.xml_safe), or no well-formed XML."""
    unread: dict[str, Any] = {"bestand": filename, "element": None, "naam": None}
    line = doctype_line(text)
    if line is not None:
        return None, unread | {"regel": line, "probleem": DOCTYPE_GEWEIGERD}
    try:
        return parse_model_xml(text), None
    except etree.XMLSyntaxError as exc:
        return None, unread | {"regel": exc.lineno, "probleem": f"Geen geldige XML: {xml_fault(exc)}"}


def _task_lanes(proc: Any) -> list[str]:
    """The lanes of ``proc`` that hold a user or manual task routed by its lane (no kandidaatgroepen)."""
    routed = routed_by_lane(proc)
    return [
        ln.get("name") or ln.get("id")
        for ln in proc.iter(f"{{{BPMN_NS}}}lane")
        if any((ref.text or "").strip() in routed for ref in ln.iter(f"{{{BPMN_NS}}}flowNodeRef"))
    ]


def _task_groups(proc: Any) -> dict[str, list[str]]:
    """The groups that the constant kandidaatgroepen of ``proc``'s user and manual tasks name (a string
    or a list of strings), each with its tasks; an expression is only known when it runs."""
    groups: dict[str, list[str]] = {}
    for node in (n for tag in ("userTask", "manualTask") for n in proc.iter(f"{{{BPMN_NS}}}{tag}")):
        for prop in (p for p in node.iter() if local_name(p.tag) == "property"):
            if prop.get("name") != "kandidaatgroepen":
                continue
            constant, value = constant_value((prop.get("value") or "").strip())
            if not constant:
                continue
            for group in [value] if isinstance(value, str) else value if isinstance(value, list) else []:
                if isinstance(group, str) and group:
                    groups.setdefault(group, []).append(
                        f"'{node.get('name') or node.get('id')}' ({node.get('id')})"
                    )
    return groups


def _note_calls(src: ModelSource, root: Any) -> None:
    """What the file defines and calls, to find the files a process needs (``needed``)."""
    src.defined_processes = [p.get("id") for p in root if local_name(p.tag) == "process" and p.get("id")]
    called = {n.get("calledElement") for n in root.iter(f"{{{BPMN_NS}}}callActivity")}
    src.called_processes = sorted(c for c in called if c)
    decisions = {(n.text or "").strip() for n in root.iter() if local_name(n.tag) == "calledDecisionId"}
    src.called_decisions = sorted(d for d in decisions if d)


def needed(roots: list[ModelSource], pool: list[ModelSource]) -> list[ModelSource]:
    """``roots`` and every file of ``pool`` they call, directly or through another file: the file that
    defines a called process or decision. For an id defined twice, the first file in ``pool`` counts."""
    by_process: dict[str, ModelSource] = {}
    by_decision: dict[str, ModelSource] = {}
    for src in pool:
        for pid in src.defined_processes:
            by_process.setdefault(pid, src)
        for did in src.decision_ids:
            by_decision.setdefault(did, src)
    out = {src.content_hash: src for src in roots}
    todo = list(roots)
    while todo:
        src = todo.pop()
        calls = [by_process.get(p) for p in src.called_processes]
        calls += [by_decision.get(d) for d in src.called_decisions]
        for found in calls:
            if found is not None and found.content_hash not in out:
                out[found.content_hash] = found
                todo.append(found)
    return list(out.values())


def case_files(src: ModelSource, reach: dict[str, list[ModelSource]]) -> list[ModelSource]:
    """The files whose processes may run in one case with ``src``'s: the files that call it (directly or
    through another file) and ``src`` itself, with everything they call. ``reach``: what each file of the
    pool needs (``needed``), by content hash, computed once for all the files checked."""
    roots = [h for h, files in reach.items() if src.content_hash in {r.content_hash for r in files}]
    return list({r.content_hash: r for h in roots or [src.content_hash] for r in reach[h]}.values())


def _executable_processes(filename: str, root: Any, problems: list[dict[str, Any]]) -> list[Any]:
    """The processes to deploy. ``isExecutable`` is optional in BPMN: processes marked "true" run;
    when none is marked, the file's only process runs unless it says "false". Several unmarked
    processes are ambiguous and refused (see bpmn/MODELLING.md)."""
    processes = [p for p in root if local_name(p.tag) == "process"]
    marked = [p for p in processes if (p.get("isExecutable") or "").strip().lower() == "true"]
    if marked:
        return marked
    unmarked = [p for p in processes if p.get("isExecutable") is None]
    if len(processes) == 1 and unmarked:
        return unmarked
    if len(unmarked) > 1:
        names = ", ".join(f"'{p.get('id')}'" for p in unmarked)
        add_problem(
            problems,
            filename,
            root,
            f"Dit bestand heeft meerdere processen ({names}) en geen enkel proces is gemarkeerd als "
            'uitvoerbaar; zet isExecutable="true" op het proces dat moet worden uitgevoerd',
        )
    else:
        add_problem(problems, filename, root, 'Geen uitvoerbaar proces (isExecutable="true") in dit bestand')
    return []


def build_parser(sources: list[ModelSource]) -> RuimteflowBpmnParser:
    """SpiffWorkflow's parser with ``sources``, each read by the one safe parse (services.xml_safe), as the
    checks read it: SpiffWorkflow's own ``add_bpmn_str`` would expand the entities they saw unexpanded."""
    parser = RuimteflowBpmnParser()
    for src in sources:
        if src.kind == "dmn":
            parser.add_dmn_xml(engine_root(src.text), filename=src.filename)
        else:
            parser.add_bpmn_xml(parse_model_xml(src.text), filename=src.filename)
    return parser


def _validation_problem(filename: str, exc: Exception) -> dict[str, Any]:
    """A SpiffWorkflow refusal in Dutch; a recursion (a very long chain) names no element."""
    if isinstance(exc, RecursionError) or "maximum recursion depth" in str(exc):
        return {"bestand": filename, "element": None, "naam": None, "regel": None, "probleem": TOO_DEEP}
    if isinstance(exc, ValidationException):
        line = getattr(exc, "line_number", None)
        return {
            "bestand": getattr(exc, "file_name", None) or filename,
            "element": getattr(exc, "id", None) or None,
            "naam": getattr(exc, "name", None) or None,
            "regel": line if isinstance(line, int) else None,
            "probleem": dutch(str(exc)),
        }
    return {"bestand": filename, "element": None, "naam": None, "regel": None, "probleem": dutch(str(exc))}


def build_specs(parser: RuimteflowBpmnParser, process_id: str) -> Specs:
    """The spec of ``process_id`` and of the processes it calls, each loop connected to its instances."""
    spec, subs = parser.get_spec(process_id), parser.get_subprocess_specs(process_id)
    for each in (spec, *subs.values()):
        _connect_loops(each)
    return spec, subs


def _connect_loops(spec: Any) -> None:
    """Let each loop's instances report to the loop in this spec, as SpiffWorkflow's spec converter does
    on restore: a parsed spec connects them only when it creates an instance, so instances moved onto
    it by a migration would complete without the loop ever finishing."""
    task_specs = spec.task_specs
    for loop in task_specs.values():
        if isinstance(loop, LoopTask):
            event = task_specs[loop.task_spec].completed_event
            if not event.is_connected(loop.merge_child):
                event.connect(loop.merge_child)


def validate_bundle(
    new: list[ModelSource],
    context: list[ModelSource],
    services: Collection[str],
    callers: Collection[tuple[str, str]] = (),
) -> RuimteflowBpmnParser:
    """Build specs for every executable process of ``new`` (with ``context`` files available for
    called processes and decisions) and for the ``callers`` (file name, process id) of the context
    that will call them. Raises ModelRefused listing the problems; first those of a process or decision id
    that two files of ``new`` define (``check_unique_ids``: the specs would be built from one of them)."""
    problems = check_unique_ids(new)
    if problems:
        raise ModelRefused(summary(problems), problemen=problems)
    try:
        parser = build_parser(new + context)
    except Exception as exc:  # SpiffWorkflow raises several types while adding files
        unread = [_validation_problem(new[0].filename, exc)]
        raise ModelRefused(summary(unread), problemen=unread) from exc
    for filename, pid in [(src.filename, pid) for src in new for pid in src.process_ids] + list(callers):
        try:
            spec, subs = build_specs(parser, pid)
            _check_specs(filename, [spec, *subs.values()], services, problems)
            _check_instantiates(filename, pid, spec, subs, problems)
        except Exception as exc:
            problems.append(_validation_problem(filename, exc))
    pool = new + context
    reach = {f.content_hash: needed([f], pool) for f in pool}
    check_unknown_names([(src, case_files(src, reach)) for src in new], problems)
    if problems:
        raise ModelRefused(summary(problems), problemen=problems)
    return parser


def _check_instantiates(
    filename: str, pid: str, spec: Any, subs: dict[str, Any], problems: list[dict[str, Any]]
) -> None:
    """A process the engine cannot even instantiate would make every start fail: refuse it now."""
    from SpiffWorkflow.bpmn.workflow import BpmnWorkflow

    try:
        BpmnWorkflow(spec, subs)
    except Exception as exc:  # noqa: BLE001 - whatever SpiffWorkflow raises, the start would fail
        problems.append(
            {
                "bestand": filename,
                "element": pid,
                "naam": None,
                "regel": None,
                "probleem": TOO_DEEP
                if isinstance(exc, RecursionError)
                else f"Het proces kan niet worden gestart: {type(exc).__name__}: {exc}",
            }
        )


def _check_specs(
    filename: str, specs: list[Any], services: Collection[str], problems: list[dict[str, Any]]
) -> None:
    """Checks that need the built specs: service tasks must name a registered service (``services``)."""
    for spec in specs:
        for ts in spec.task_specs.values():
            op = getattr(ts, "operation_name", None)
            if type(ts).__name__ == "ServiceTask" and op is not None and op not in services:
                problems.append(
                    {
                        "bestand": filename,
                        "element": ts.bpmn_id,
                        "naam": ts.bpmn_name,
                        "regel": None,
                        "probleem": f"Onbekende service '{op}'; geregistreerd: {', '.join(sorted(services))}",
                    }
                )


def summary(problems: list[dict[str, Any]]) -> str:
    first = problems[0]
    where = f"{first['bestand']}"
    if first.get("element"):
        where += f", element '{first['element']}'"
        if first.get("naam"):
            where += f" ({first['naam']})"
    if first.get("regel"):
        where += f", regel {first['regel']}"
    extra = f" (en {len(problems) - 1} andere problemen)" if len(problems) > 1 else ""
    return f"Model geweigerd: {where}: {first['probleem'].rstrip('.')}{extra}."


def check_sources(files: list[tuple[str, str]]) -> list[ModelSource]:
    """Inspect every file; raise ModelRefused with all problems found."""
    sources, problems = [], []
    for filename, text in files:
        src, found = inspect_source(filename, text)
        sources.append(src)
        problems.extend(found)
    if problems:
        raise ModelRefused(summary(problems), problemen=problems)
    return sources

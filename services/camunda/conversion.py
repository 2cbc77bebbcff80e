"""Files in, converted files and the report out; deploy validation of the result."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lxml import etree

from processes.bestanden import eis_bestand, lees_tekst, reden
from processes.errors import ValidationError
from services.engine import deploy as dep
from services.engine.xml_nodes import xml_fault
from services.xml_safe import DOCTYPE_GEWEIGERD, doctype_line, parse_model_xml

from .bpmn import BpmnConverter
from .dmn import convert_dmn
from .nodes import Report, bpmn_tag, deployed, namespace
from .vocabulary import ACTIONS, BPMN, DMN_NS_PREFIX, NIET_VERTAALD, SPIFF, VERTAALD


def _parse(filename: str, text: str) -> Any:
    line = doctype_line(text)
    if line is not None:
        raise ValidationError(
            f"'{filename}' is geweigerd (regel {line}): {DOCTYPE_GEWEIGERD}.", code="model-doctype"
        )
    try:
        root = parse_model_xml(text)
    except etree.XMLSyntaxError as exc:
        raise ValidationError(f"'{filename}' is geen geldige XML: {xml_fault(exc)}.",
                              code="model-geen-xml") from exc  # fmt: skip
    if namespace(root) != BPMN and not namespace(root).startswith(
        ("http://www.omg.org/spec/DMN/", DMN_NS_PREFIX)
    ):
        raise ValidationError(f"'{filename}' is geen BPMN 2.0- of DMN-bestand (namespace '{namespace(root)}').",
                              code="model-onbekend-formaat")  # fmt: skip
    if etree.QName(root).localname != "definitions":
        raise ValidationError(f"'{filename}' begint met <{etree.QName(root).localname}>; een BPMN- of DMN-bestand "
                              "begint met <definitions>.", code="model-geen-definitions")  # fmt: skip
    return root


def _notes(name: str, root: Any) -> list[str]:
    """Model-wide remarks: lanes become candidate groups; declared messages nothing waits for."""
    notes = []
    for proc in root.findall(bpmn_tag("process")):
        lanes = [ln.get("name") or ln.get("id") for ln in proc.iter(bpmn_tag("lane"))]
        if lanes and deployed(proc):
            notes.append(f"{name}: lanes zijn in Ruimteflow kandidaatgroepen ({', '.join(lanes)}); taken zonder "
                         "kandidaatgroepen gaan naar de groep van hun lane.")  # fmt: skip
    used = {n.get("messageRef") for n in root.iter(etree.Element) if n.get("messageRef")}
    for msg in root.findall(bpmn_tag("message")):
        if msg.get("id") not in used:
            notes.append(f"{name}: bericht '{msg.get('name')}' is gedeclareerd, maar geen element wacht erop; "
                         "'messages send' met deze naam wordt geweigerd.")  # fmt: skip
    return notes


def convert(files: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], dict[str, Any]]:
    """Convert (filename, text) pairs; returns the converted pairs and the report (without validation)."""
    parsed = [(name, _parse(name, text)) for name, text in files]
    decisions: dict[str, tuple[str, list[str]]] = {}
    reports, out, let_op = {}, {}, []
    # DMN first: its outputs are needed to translate a decisionRef
    for name, root in sorted(parsed, key=lambda p: namespace(p[1]) == BPMN):
        rep = reports[name] = Report(name)
        if namespace(root) == BPMN:
            BpmnConverter(rep, decisions).run(root)
            let_op += _notes(name, root)
            etree.cleanup_namespaces(root, top_nsmap={"spiffworkflow": SPIFF})
        else:
            decisions.update(convert_dmn(root, rep))
            etree.cleanup_namespaces(root)
        etree.indent(root, space="  ")
        out[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8").decode("utf-8") + "\n"
    elements = [e for name, _ in files for e in reports[name].elements.values()]
    changes = [c for e in elements for c in e["wijzigingen"]]
    if any(c["actie"] == VERTAALD and "JUEL" in c["construct"] for c in changes):
        let_op.append('JUEL zet bij vergelijken typen om ("5" == 5 is waar), Python niet: zorg dat gegevens het '
                      "juiste type hebben (getallen als getal, ja/nee als true/false).")  # fmt: skip
    summary = {a: sum(1 for c in changes if c["actie"] == a) for a in ACTIONS}
    return [(name, out[name]) for name, _ in files], {
        "elementen": elements,
        "samenvatting": summary,
        "let_op": let_op,
    }


def validate(files: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """Run deploy validation on converted files; the problems (empty = deployable)."""
    try:
        from services.registry import build_registry

        dep.validate_bundle(dep.check_sources(files), [], build_registry().service_functions())
    except dep.ModelRefused as exc:
        return list(exc.extra.get("problemen") or [{"probleem": exc.detail}])
    return []


def _out_dir(out_dir: str) -> Path:
    """The --out map: not empty, and not an existing file."""
    if not out_dir.strip():
        raise ValidationError(
            "--out is leeg; geef de map voor de omgezette bestanden.", code="uitvoer-ongeldig"
        )
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ValidationError(f"--out '{out_dir}' is een bestand, geen map.", code="uitvoer-ongeldig")
    return out


def _write(out: Path, target: Path, text: str) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ValidationError(
            f"'{target}' is niet te schrijven ({reden(exc)}); kies een andere --out map.",
            code="uitvoer-ongeldig",
        ) from None


def convert_paths(paths: list[str], out_dir: str) -> dict[str, Any]:
    """Read, convert, write to ``out_dir`` (never over an original), validate; the full report."""
    sources, targets, out = [], [], _out_dir(out_dir)
    for p in paths:
        path, target = eis_bestand(p), out / Path(p).name
        if target.resolve() == path.resolve() or target in targets:
            raise ValidationError(f"'{target}' zou een origineel of een ander bestand overschrijven; kies een "
                                  "andere --out map.", code="uitvoer-overschrijft")  # fmt: skip
        sources.append((path.name, lees_tekst(p)))
        targets.append(target)
    converted, report = convert(sources)
    files = []
    for (name, text), target in zip(converted, targets, strict=True):
        _write(out, target, text)
        kind = "bpmn" if namespace(_parse(name, text)) == BPMN else "dmn"
        files.append({"bron": name, "doel": str(target), "soort": kind})
    problems = validate(converted)
    if not problems and (n := report["samenvatting"][NIET_VERTAALD]):
        report["let_op"].append(f"De deploy-validatie slaagt, maar {n} onderdeel/onderdelen zijn niet vertaald "
                                "(zie 'niet vertaald'); die lopen vast tijdens de uitvoering.")  # fmt: skip
    return {"bestanden": files, **report, "deploybaar": not problems, "problemen": problems}


def format_report(report: dict[str, Any]) -> str:
    """The report as Dutch text, grouped per element."""
    lines = ["Conversie van Camunda 7-modellen", ""]
    lines += [f"  {f['bron']} -> {f['doel']} ({f['soort']})" for f in report["bestanden"]]
    for e in report["elementen"]:
        label = f" ({e['naam']})" if e.get("naam") else ""
        lines += ["", f"{e['bestand']}, element '{e['element']}'{label} [{e['type']}]"]
        for c in e["wijzigingen"]:
            origineel = f" '{c['origineel']}'" if c.get("origineel") else ""
            lines.append(
                f"  - {c['actie']}: {c['construct']}{origineel}" + (f" -> {c['nieuw']}" if c["nieuw"] else "")
            )
            lines += [f"      {c['reden']}"] if c.get("reden") else []
    counts = ", ".join(f"{n} {a}" for a, n in report["samenvatting"].items())
    lines += ["", f"Samenvatting: {counts}.", *[f"Let op: {n}" for n in report["let_op"]]]
    if report["deploybaar"]:
        return "\n".join([*lines, "Deploybaar: ja (deploy-validatie geslaagd)."])
    lines.append("Deploybaar: nee. Los eerst deze problemen op:")
    lines += [
        f"  - {p.get('bestand')}: {p.get('element') or '-'}: {p.get('probleem')}" for p in report["problemen"]
    ]
    return "\n".join(lines)

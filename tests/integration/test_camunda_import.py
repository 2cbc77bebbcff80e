"""Camunda 7 models drawn elsewhere: refused as they are, converted with a report, then run via the CLI.

The three GZAC/Valtimo samples are read from ../shared/bpmn-samples (never copied into the repository);
the tests skip with a reason when that folder is absent. The fixture model is our own.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from services import camunda as ci
from tests.conftest import FIXTURES, shared_path
from web.cli import main

CAMUNDA = "http://camunda.org/schema/1.0/bpmn"
SPIFF = "http://spiffworkflow.org/bpmn/schema/1.0/core"
FIXTURE = FIXTURES / "bpmn" / "camunda_timer_message.bpmn"
GROUPS = ["ROLE_USER", "ROLE_DEVELOPER", "VTH Horeca", "VTH Evenementen", "Burgemeester en wethouders"]

Cli = Callable[..., tuple[int, Any, str]]


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    """Run `ruimteflow ...` in-process on a temporary database; returns (exit code, JSON output, stderr)."""
    monkeypatch.setenv("RUIMTEFLOW_INSTANCE", str(tmp_path))
    database = f"sqlite:///{tmp_path / 'x.db'}"

    def run(*argv: str, json_out: bool = True) -> tuple[int, Any, str]:
        # `models convert` uses no database and refuses --database
        db = [] if argv[:2] == ("models", "convert") else ["--database", database]
        code = main([*argv, *db, *(["--json"] if json_out else [])])
        out, err = capsys.readouterr()
        return code, json.loads(out) if json_out and out.strip() else out, err

    return run


def ok(result: tuple[int, Any, str]) -> Any:
    code, out, err = result
    assert code == 0, err
    return out


def samples(*names: str) -> list[str]:
    return [str(shared_path("bpmn-samples", n)) for n in names]


def convert(cli: Cli, tmp_path: Path, files: list[str]) -> tuple[dict[str, Any], list[str]]:
    report = ok(cli("models", "convert", *files, "--out", str(tmp_path / "out")))
    return report, [f["doel"] for f in report["bestanden"]]


def tasks(cli: Cli, user: str) -> list[dict[str, Any]]:
    return ok(cli("tasks", "list", "--user", user))["taken"]


def complete_only(cli: Cli, user: str, name_start: str, data: dict[str, Any] | None = None) -> dict[str, Any]:
    [task] = [t for t in tasks(cli, user) if t["naam"].startswith(name_start)]
    return ok(cli("tasks", "complete", str(task["id"]), "--user", user, "--data", json.dumps(data or {})))


def listeners(path: str) -> list[tuple[str, str]]:
    root = etree.parse(path).getroot()
    found = []
    for node in root.iter(f"{{{CAMUNDA}}}executionListener", f"{{{CAMUNDA}}}taskListener"):
        owner = node.getparent().getparent()
        found.append((owner.get("id"), node.get("expression") or node.get("class")))
    return found


# -- the originals are refused, precisely ------------------------------------------------------------
@pytest.mark.parametrize(
    ("files", "element", "construct"),
    [
        (["bezwaar.bpmn"], "validate-request", "Camunda execution listener"),
        (["open-zaak-melding-behandelen.bpmn"], "Activity_1fv88i5", "Camunda-expressie (camunda:expression)"),
        (
            ["evenementenvergunning.bpmn", "evenementenvergunning-risico.dmn"],
            "Task_1yozbjx",
            "Camunda decisionRef",
        ),
    ],
)
def test_original_is_refused_with_element_and_construct(
    cli: Cli, files: list[str], element: str, construct: str
):
    code, _, err = cli("models", "deploy", *samples(*files), json_out=False)
    assert code == 2
    assert f"{element}: {construct}" in err
    assert "Traceback" not in err


# -- conversion report ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "files",
    [
        ["bezwaar.bpmn"],
        ["open-zaak-melding-behandelen.bpmn"],
        ["evenementenvergunning.bpmn", "evenementenvergunning-risico.dmn"],
    ],
)
def test_convert_reports_every_dropped_listener_and_marks_the_element(
    cli: Cli, tmp_path: Path, files: list[str]
):
    paths = samples(*files)
    report, out = convert(cli, tmp_path, paths)
    assert report["deploybaar"] is True, report["problemen"]
    dropped = {
        (e["element"], c["origineel"])
        for e in report["elementen"]
        for c in e["wijzigingen"]
        if c["actie"] == "niet overgenomen" and "Listener" in c["construct"]
    }
    expected = listeners(paths[0])
    assert dropped == set(expected)
    converted = etree.parse(out[0]).getroot()
    for element, expression in expected:
        [node] = converted.xpath(f"//*[@id='{element}']")
        [note] = node.xpath(
            "./*/spiffworkflow:properties/spiffworkflow:property[@name='niet_overgenomen']",
            namespaces={"spiffworkflow": SPIFF},
        )
        assert expression in note.get("value")
        assert any(isinstance(c, etree._Comment) and expression in c.text for c in node.iter(etree.Comment))
    for path in out:  # no Camunda element or attribute is left in any converted file
        for node in etree.parse(path).getroot().iter(etree.Element):
            assert "camunda.org" not in (etree.QName(node).namespace or "")
            assert not any("camunda.org" in (etree.QName(a).namespace or "") for a in node.attrib)


def test_convert_text_report_and_refusals(cli: Cli, tmp_path: Path):
    [bezwaar] = samples("bezwaar.bpmn")
    code, text, _ = cli("models", "convert", bezwaar, "--out", str(tmp_path / "o"), json_out=False)
    assert code == 0
    assert "bezwaar.bpmn, element 'validate-request' (Valideer gegevens aanvrager) [userTask]" in text
    assert "niet overgenomen: camunda:executionListener (start)" in text
    assert "Deploybaar: ja" in text
    code, _, err = cli("models", "convert", bezwaar, "--out", str(Path(bezwaar).parent), json_out=False)
    assert code == 2 and "overschrijven" in err
    code, _, err = cli(
        "models", "convert", str(tmp_path / "nope.bpmn"), "--out", str(tmp_path), json_out=False
    )
    assert code == 2 and "bestaat niet" in err


def test_untranslatable_expression_stays_and_deploy_names_it(cli: Cli, tmp_path: Path):
    source = FIXTURE.read_text(encoding="utf-8").replace(
        "${not aanvullingNodig}", "${aanvraag.getStatus() == 'X'}"
    )
    model = tmp_path / "camunda_methode.bpmn"
    model.write_text(source, encoding="utf-8")
    report, _ = convert(cli, tmp_path, [str(model)])
    [flow] = [e for e in report["elementen"] if e["element"] == "Flow_nee"]
    assert flow["wijzigingen"][0]["actie"] == "niet vertaald"
    assert "methode-aanroep 'aanvraag.getStatus(...)'" in flow["wijzigingen"][0]["reden"]
    assert report["deploybaar"] is False
    assert any(p["element"] == "Flow_nee" and "JUEL" in p["probleem"] for p in report["problemen"])


# -- converted samples run to completion through the CLI -------------------------------------------------
def deploy_converted(cli: Cli, tmp_path: Path, files: list[str]) -> None:
    _, out = convert(cli, tmp_path, samples(*files))
    ok(cli("models", "deploy", *out))
    ok(cli("users", "add", "anna", *[a for g in GROUPS for a in ("--group", g)]))


def test_bezwaar_runs_to_completion(cli: Cli, tmp_path: Path):
    deploy_converted(cli, tmp_path, ["bezwaar.bpmn"])
    case = ok(cli("cases", "start", "bezwaar"))
    [task] = case["open_taken"]
    assert task["naam"] == "Valideer gegevens aanvrager" and task["kandidaatgroepen"] == ["ROLE_USER"]
    complete_only(cli, "anna", "Valideer gegevens aanvrager")
    done = complete_only(cli, "anna", "In behandeling")
    assert done["status"] == "afgerond" and done["open_taken"] == []


def test_open_zaak_melding_runs_to_completion(cli: Cli, tmp_path: Path):
    deploy_converted(cli, tmp_path, ["open-zaak-melding-behandelen.bpmn"])
    case = ok(cli("cases", "start", "melding-behandelen"))
    assert [t["naam"] for t in case["open_taken"]] == ["Melding bekijken"]  # ${true} service tasks: no-ops
    done = complete_only(cli, "anna", "Melding bekijken")
    assert done["status"] == "afgerond"


def test_evenementenvergunning_low_risk_through_dmn_and_gateways(cli: Cli, tmp_path: Path):
    deploy_converted(cli, tmp_path, ["evenementenvergunning.bpmn", "evenementenvergunning-risico.dmn"])
    start = {"size": 10, "alcoholBeingServed": "Nee", "email": "a@example.nl", "eventName": "Buurtfeest"}
    case = ok(cli("cases", "start", "Evenementenvergunning", "--data", json.dumps(start)))
    ref = case["zaak"]
    complete_only(cli, "anna", "Naam controleren")
    shown = ok(cli("cases", "show", ref))
    assert shown["samenvatting"]["gegevens"]["risico"] == "Laag"
    assert [t["naam"] for t in shown["open_taken"]] == ["Aanvraag inhoudelijk beoordelen & Besluit nemen"]
    code, _, err = cli("messages", "send", ref, "bibob", json_out=False)
    assert (
        code == 2 and "wacht niet op bericht 'bibob'" in err
    )  # declared, but nothing in the model waits for it
    complete_only(cli, "anna", "Aanvraag inhoudelijk beoordelen", {"getPermit": "Ja"})
    [brief] = tasks(cli, "anna")
    assert brief["naam"].startswith("Genereer brief toewijzing (handmatig, was: ${processDocumentGenerator")
    assert brief["kandidaatgroepen"] == ["VTH Evenementen"]  # the lane
    complete_only(cli, "anna", "Genereer brief toewijzing")
    done = complete_only(cli, "anna", "Aanvrager informeren - toegewezen (handmatig")
    assert done["status"] == "afgerond"


def test_evenementenvergunning_high_risk_refused_by_bw_terminates(cli: Cli, tmp_path: Path):
    deploy_converted(cli, tmp_path, ["evenementenvergunning.bpmn", "evenementenvergunning-risico.dmn"])
    start = {"size": 500, "alcoholBeingServed": "Ja", "email": "a@example.nl", "eventName": "Festival"}
    ok(cli("cases", "start", "Evenementenvergunning", "--data", json.dumps(start)))
    complete_only(cli, "anna", "Naam controleren")
    complete_only(cli, "anna", "Aanvraag ontheffing drank- en horecawet")
    names = sorted(t["naam"] for t in tasks(cli, "anna"))
    assert names == [
        "Aanvraag inhoudelijk beoordelen & Besluit nemen",
        "Aanvraag inhoudelijk beoordelen & besluit nemen B&W",
    ]
    complete_only(cli, "anna", "Aanvraag inhoudelijk beoordelen & besluit nemen B&W", {"getBwPermit": "Nee"})
    complete_only(cli, "anna", "Genereer brief afwijzing")
    done = complete_only(cli, "anna", "Aanvrager informeren - afgewezen")
    assert done["status"] == "afgerond" and done["open_taken"] == []  # terminate end event


# -- our own Camunda-style fixture: JUEL condition, timers and a message ---------------------------------
def deploy_fixture(cli: Cli, tmp_path: Path) -> dict[str, Any]:
    report, out = convert(cli, tmp_path, [str(FIXTURE)])
    assert report["deploybaar"] is True, report["problemen"]
    ok(cli("models", "deploy", *out))
    ok(cli("users", "add", "bea", "--group", "behandelaars"))
    return report


def later(**delta: float) -> str:
    return (datetime.now(UTC) + timedelta(**delta)).isoformat()


def test_fixture_report(cli: Cli, tmp_path: Path):
    report = deploy_fixture(cli, tmp_path)
    changes = {(e["element"], c["construct"]): c for e in report["elementen"] for c in e["wijzigingen"]}
    assert changes[("Flow_ja", "conditionExpression (JUEL)")]["nieuw"] == (
        'aanvullingNodig and (not (toelichting is None or toelichting in ("", [], {})))'
    )
    assert changes[("Timer_rappel", "timeDuration")]["nieuw"] == '"PT1H"'
    assert changes[("Catch_termijn", "timeDuration")]["nieuw"] == '"P1D"'
    assert changes[("Task_rappel", "camunda:class")]["actie"] == "handmatig"
    assert (
        "medewerkers van de gemeente die de zaak mogen zien"
        in changes[("Task_rappel", "camunda:class")]["reden"]
    )
    assert changes[("Task_beoordelen", "camunda:taskListener (create)")]["actie"] == "niet overgenomen"
    assert changes[("Task_beoordelen", "camunda:assignee")]["actie"] == "niet overgenomen"
    assert "'verwerkt'" in changes[("Task_verwerken", "camunda:executionListener (end)")]["reden"]


def test_fixture_timer_reminder_then_message_to_completion(cli: Cli, tmp_path: Path):
    deploy_fixture(cli, tmp_path)
    ref = ok(cli("cases", "start", "camunda_melding"))["zaak"]
    assert ok(cli("timers", "fire-due", "--now", later(minutes=30)))["afgevuurd"] == []
    assert len(ok(cli("timers", "fire-due", "--now", later(hours=2)))["afgevuurd"]) == 1
    names = sorted(t["naam"] for t in ok(cli("tasks", "list"))["taken"])  # non-interrupting: both open
    assert names == [
        "Melding beoordelen",
        "Rappel sturen (handmatig, was: nl.gemeente.melding.RappelDelegate)",
    ]
    [rappel] = [t for t in ok(cli("tasks", "list"))["taken"] if t["naam"].startswith("Rappel")]
    assert rappel["kandidaatgroepen"] == []  # no lane: in the overall list, anyone may complete it
    ok(cli("tasks", "complete", str(rappel["id"]), "--user", "bea"))
    complete_only(
        cli, "bea", "Melding beoordelen", {"aanvullingNodig": True, "toelichting": "tekening ontbreekt"}
    )
    assert ok(cli("cases", "show", ref))["open_taken"] == []
    ok(cli("messages", "send", ref, "aanvulling", "--data", json.dumps({"tekening": "plattegrond.pdf"})))
    done = complete_only(cli, "bea", "Aanvulling verwerken")
    assert done["status"] == "afgerond"
    # the message's data under its name (the converter's messageVariable): Camunda merged it into the
    # process variables, which let an outside sender (the initiator may send an aanvulling) overwrite any
    assert done["samenvatting"]["gegevens"]["aanvulling"]["tekening"] == "plattegrond.pdf"
    assert "tekening" not in done["samenvatting"]["gegevens"]


def test_fixture_deadline_timer_and_direct_path(cli: Cli, tmp_path: Path):
    deploy_fixture(cli, tmp_path)
    waiting = ok(cli("cases", "start", "camunda_melding"))["zaak"]
    complete_only(cli, "bea", "Melding beoordelen", {"aanvullingNodig": True, "toelichting": "foto's"})
    ok(cli("timers", "fire-due", "--now", later(days=2)))
    assert ok(cli("cases", "show", waiting))["status"] == "afgerond"
    code, _, err = cli("messages", "send", waiting, "aanvulling", json_out=False)
    assert code == 2
    ok(cli("cases", "start", "camunda_melding"))
    done = complete_only(cli, "bea", "Melding beoordelen", {"aanvullingNodig": False, "toelichting": ""})
    assert done["status"] == "afgerond"


# -- the translators -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("juel", "python"),
    [
        ('${getPermit == "Ja"}', 'getPermit == "Ja"'),
        ("${true}", "True"),
        ("#{x != null && (a > 1 || b le 2)}", "(x != None) and ((a > 1) or (b <= 2))"),
        ("${!akkoord}", "not akkoord"),
        ("${aanvraag.adres.postcode eq '1234AB'}", 'aanvraag["adres"]["postcode"] == "1234AB"'),
        ("${bedrag >= -5.5}", "bedrag >= -5.5"),
        ("${empty lijst}", '(lijst is None or lijst in ("", [], {}))'),
    ],
)
def test_juel_subset_translates(juel: str, python: str):
    assert ci.juel_to_python(juel).python == python


@pytest.mark.parametrize(
    "juel",
    [
        "${execution.setVariable('a', 1)}",
        "${a + 1}",
        "${documentDelegateService.find(x)}",
        "${a ? b : c}",
        "${execution}",
        "prefix ${a}",
        "${a} ${b}",
        "${__class__}",
    ],
)
def test_juel_outside_subset_is_not_translated(juel: str):
    with pytest.raises(ci.NotTranslatable):
        ci.juel_to_python(juel)


@pytest.mark.parametrize(
    ("feel", "python"),
    [
        ("[1..20]", "1 <= ? <= 20"),
        ("]1..20[", "1 < ? < 20"),
        ("(0..5]", "0 < ? <= 5"),
        ("> 1000", "? > 1000"),
        ('"Ja","Misschien"', '(? == "Ja") or (? == "Misschien")'),
        ("not(true)", "not (? == True)"),
        ("-", None),
        ("< maximum", "? < maximum"),
    ],
)
def test_feel_unary_tests(feel: str, python: str | None):
    assert ci.feel_test_to_python(feel, "size") == python


def test_decision_result_variable_becomes_post_script(tmp_path: Path):
    dmn = shared_path("bpmn-samples", "evenementenvergunning-risico.dmn").read_text(encoding="utf-8")
    bpmn = (
        '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
        'xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="x">'
        '<bpmn:process id="p" isExecutable="true"><bpmn:startEvent id="s"/>'
        '<bpmn:businessRuleTask id="b" camunda:decisionRef="Evenementenvergunning-risico" '
        'camunda:resultVariable="uitkomst" camunda:mapDecisionResult="singleEntry"><bpmn:extensionElements>'
        '<camunda:inputOutput><camunda:outputParameter name="niveau">${decisionResult.getSingleResult().get("risico")}'
        "</camunda:outputParameter></camunda:inputOutput></bpmn:extensionElements></bpmn:businessRuleTask>"
        "</bpmn:process></bpmn:definitions>"
    )
    files, report = ci.convert([("p.bpmn", bpmn), ("r.dmn", dmn)])
    root = etree.fromstring(files[0][1].encode())
    [post] = root.iter(f"{{{SPIFF}}}postScript")
    assert post.text == "uitkomst = risico\nniveau = risico"
    assert [f"{{{SPIFF}}}calledDecisionId"] == [e.tag for e in root.iter(f"{{{SPIFF}}}calledDecisionId")]
    assert report["samenvatting"]["niet overgenomen"] == 0


_BPMN_NS = 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"'


def _flow_with(condition: str) -> str:
    return (f'<bpmn:definitions {_BPMN_NS} id="d"><bpmn:process id="p" isExecutable="true">'
            '<bpmn:startEvent id="s"/><bpmn:endEvent id="e"/>'
            f'<bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e"><bpmn:conditionExpression>{condition}'
            "</bpmn:conditionExpression></bpmn:sequenceFlow></bpmn:process></bpmn:definitions>")  # fmt: skip


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (f'<bpmn:process {_BPMN_NS} id="p"/>', ("proces.bpmn", "<process>", "<definitions>")),
        (f"<bpmn:timeDuration {_BPMN_NS}>PT5M</bpmn:timeDuration>", ("proces.bpmn", "<timeDuration>")),
    ],
    ids=["process", "timeDuration"],
)
def test_a_file_that_is_no_definitions_is_refused_with_exit_2(
    cli: Cli, tmp_path: Path, text: str, words: Any
):
    """Tester finding (rv5 modeller 10): a file whose root is <bpmn:process> (or another BPMN element)
    crashed the converter with an AttributeError: exit 1 and a traceback."""
    model = tmp_path / "proces.bpmn"
    model.write_text(text, encoding="utf-8")
    code, out, err = cli("models", "convert", str(model), "--out", str(tmp_path / "out"), json_out=False)
    assert code == 2 and out == "", err
    assert "Traceback" not in err and all(w in err for w in words), err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "juel", ["${" + "(" * 3000 + "a" + ")" * 3000 + "}", "${" + "not " * 3000 + "a}"], ids=["haakjes", "not"]
)
def test_deeply_nested_juel_is_not_translated_instead_of_crashing(cli: Cli, tmp_path: Path, juel: str):
    """Tester finding (rv5 modeller 10): JUEL with about 3000 nested parentheses ended the converter
    in a RecursionError. It is reported as not translated; the deploy check names it."""
    with pytest.raises(ci.NotTranslatable, match="te diep genest"):
        ci.juel_to_python(juel)
    model = tmp_path / "diep.bpmn"
    model.write_text(_flow_with(juel), encoding="utf-8")
    report, _ = convert(cli, tmp_path, [str(model)])
    [flow] = [e for e in report["elementen"] if e["element"] == "f"]
    assert (
        flow["wijzigingen"][0]["actie"] == "niet vertaald"
        and "te diep genest" in flow["wijzigingen"][0]["reden"]
    )
    assert report["deploybaar"] is False


def test_juel_nested_up_to_the_limit_still_translates():
    assert ci.juel_to_python("${" + "(" * 50 + "a" + ")" * 50 + "}").python == "a"

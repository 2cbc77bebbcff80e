"""Scenario tests for models (issue 17): `ruimteflow models test` runs the scenarios beside the models,
passes on the shipped models, fails readably on a broken scenario, and refuses a bad file with exit 2."""

from __future__ import annotations

import signal
from pathlib import Path
from typing import Any

import pytest

from web.cli import main

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "bpmn" / "tests" / "omgevingsvergunning.yaml"


@pytest.fixture
def shared_layers(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """The scenarios read the demo layers generated once per test run (tests/shared_build.py) and loaded
    once per process (services.locatiecheck's layer cache), instead of generating their own each run."""
    from tests.shared_build import shared_demo_layers

    monkeypatch.setenv("RUIMTEFLOW_GIS_LAYERS", str(shared_demo_layers(tmp_path_factory)))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["models", "test", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def with_absolute_models(text: str) -> str:
    files = "[" + ", ".join(str(ROOT / "bpmn" / f) for f in ("omgevingsvergunning.bpmn", "procedurekeuze.dmn",
                                                             "advies-routering.dmn")) + "]"  # fmt: skip
    return text.replace("[omgevingsvergunning.bpmn, procedurekeuze.dmn, advies-routering.dmn]", files)


@pytest.mark.usefixtures("shared_layers")
def test_the_shipped_models_pass_their_scenarios(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("RUIMTEFLOW_INSTANCE", str(tmp_path))
    code, out, err = run(capsys, str(ROOT / "bpmn"))
    assert code == 0, out + err
    assert "MISLUKT" not in out
    # 6 permit/wijk (the intrekking, and the forward to the provincie, since this release) + 3 windpark (the inquiry about the
    # provincie's besluit since this release) + 1 wijk (a plan the raad did not adopt is ended, fixer wup1) + 1 permit (a
    # verdaging at 'Besluit nemen', review20 F5)
    assert "11 van 11 scenario's geslaagd" in out


TWICE = """model: omgevingsvergunning
bestanden: [omgevingsvergunning.bpmn, procedurekeuze.dmn, advies-routering.dmn]
scenarios:
""" + "".join(
    f"""  - naam: {name}
    start:
      gegevens: {{activiteiten: [technische_bouwactiviteit], onderwerp: woningbouw}}
      geometrie: POLYGON ((223000 450000, 223060 450000, 223060 450040, 223000 450040, 223000 450000))
    stappen:
      - taak: ontvankelijkheid
        gegevens: {{compleet: true}}
        verwacht:
          open_taken: {{advies_geven: [Grondzaken, Landbouw en Buitengebied], beoordelen: [Vergunningen]}}
"""
    for name in ("Eerste", "Tweede")
)


def test_the_scenarios_of_a_run_share_one_migration_and_one_generation_of_the_demo_layers(
    capsys, tmp_path, monkeypatch
):
    """Each scenario starts on a fresh database, a copy of one migrated per run (issue #11: each migrated
    its own), and with no layers folder configured the demo layers are generated once per run, in its
    temporary folder (each scenario generated and loaded its own), and read by the locatiecheck."""
    import gis.demo
    from services.store import db

    calls = {"migrate": 0, "lagen": 0}

    def counted(name: str, real: Any) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            calls[name] += 1
            return real(*args, **kwargs)

        return call

    monkeypatch.setenv("RUIMTEFLOW_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.delenv("RUIMTEFLOW_GIS_LAYERS", raising=False)
    monkeypatch.setattr(db, "migrate", counted("migrate", db.migrate))
    monkeypatch.setattr(gis.demo, "build_demo_frames", counted("lagen", gis.demo.build_demo_frames))
    path = tmp_path / "tweemaal.yaml"
    path.write_text(with_absolute_models(TWICE), encoding="utf-8")
    code, out, err = run(capsys, str(path))
    assert code == 0, out + err
    assert "2 van 2 scenario's geslaagd" in out
    assert calls == {"migrate": 1, "lagen": 1}
    assert not (tmp_path / "instance").exists(), "the scenario run wrote in the configured instance folder"


def test_a_scenario_run_leaves_no_layers_of_its_folder_in_the_process_cache(tmp_path, monkeypatch):
    """The model editor's "Testen" (services.modeleditor.testing) runs a draft's scenarios on a ground of
    its own, as here: the demo layers generated in its temporary folder are loaded into the process's layer
    cache by the locatiecheck and forgotten when the folder is removed. The cache kept them (layers and
    spatial indexes) for a folder that no longer existed, so a web server's memory grew with each run."""
    from services import locatiecheck, scenarios
    from services.config import Settings

    monkeypatch.setenv("RUIMTEFLOW_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.delenv("RUIMTEFLOW_GIS_LAYERS", raising=False)
    monkeypatch.setattr(locatiecheck, "_layer_cache", None)
    path = tmp_path / "tweemaal.yaml"
    path.write_text(with_absolute_models(TWICE), encoding="utf-8")
    outcomes = scenarios.run_file(scenarios.load(path), Settings.from_env())
    assert [o.failures for o in outcomes] == [[], []]
    assert locatiecheck._layer_cache is not None, "the scenarios' locatiecheck loaded no layers"
    assert list(locatiecheck._layer_cache._entries) == []


@pytest.mark.usefixtures("shared_layers")
def test_a_broken_scenario_fails_with_a_readable_report(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("RUIMTEFLOW_INSTANCE", str(tmp_path))
    text = with_absolute_models(SHIPPED.read_text(encoding="utf-8"))
    # the advice of the Landbouw department now expected at Milieu: the routing did not change
    broken = text.replace(
        "advies_geven: [Grondzaken, Landbouw en Buitengebied]", "advies_geven: [Grondzaken, Milieu]"
    )
    assert broken != text
    path = tmp_path / "kapot.yaml"
    path.write_text(broken, encoding="utf-8")
    code, out, _ = run(capsys, str(path))
    assert code == 1
    assert "MISLUKT   kapot.yaml: Reguliere procedure" in out
    assert "stap 2 (taak ontvankelijkheid): verwacht open taken" in out and '"Milieu"' in out
    assert "5 van 6 scenario's geslaagd, 1 mislukt" in out  # the permit file holds 6 scenarios


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("model: x\nbestanden: [geen.bpmn]\nscenarios: []\n", "bestaat niet"),
        ("model: x\n: [\n", "YAML"),
        (
            "model: x\nbestanden:\n\t- a.bpmn\n",
            "YAML: regel 3, kolom 1: een tab mag niet; spring in met spaties",
        ),
        ("model: x\nbestanden: [a.bpmn\n", "een lijst tussen [ en ] is niet afgesloten met ']'"),
        ("model: x\nscenarios:\n  - naam: a: b\n", "regel 3, kolom 12: hier mag geen ':' staan"),
        (
            "model: omgevingsvergunning\nbestanden: [{bpmn}]\nscenarios:\n"
            "  - naam: a\n    eind: {fase: x, kleur: rood}\n",
            "onbekende verwachting ['kleur']",
        ),
        (
            "model: omgevingsvergunning\nbestanden: [{bpmn}]\nscenarios:\n"
            "  - naam: a\n    stappen:\n      - {taak: a, bericht: b}\n",
            "precies één van",
        ),
        (
            "model: omgevingsvergunning\nbestanden: [{bpmn}]\nscenarios:\n"
            "  - naam: a\n    stappen:\n      - klok: {eeuwen: 1}\n",
            "'klok' telt op met",
        ),
        (
            "model: omgevingsvergunning\nbestanden: [{bpmn}]\nscenarios:\n"
            "  - naam: a\n    stappen:\n      - klok: {dagen: -3}\n",
            "'klok' telt op met",
        ),
        (
            "model: omgevingsvergunning\nbestanden: [{bpmn}]\nscenarios:\n"
            "  - naam: a\n    stappen:\n      - klok: {dagen: true}\n",
            "'klok' telt op met",
        ),
    ],
)
def test_a_bad_scenario_file_is_refused_with_exit_2(capsys, tmp_path, content, message):
    path = tmp_path / "slecht.yaml"
    path.write_text(
        content.replace("{bpmn}", str(ROOT / "bpmn" / "omgevingsvergunning.bpmn")), encoding="utf-8"
    )
    code, out, err = run(capsys, str(path))
    assert code == 2
    assert message in err and "slecht.yaml" in err
    assert out == ""


def test_a_missing_scenario_path_is_refused(capsys, tmp_path):
    code, _, err = run(capsys, str(tmp_path / "nergens.yaml"))
    assert code == 2 and "bestaat niet" in err


@pytest.mark.usefixtures("shared_layers")
def test_a_scenario_run_leaves_the_configured_stores_and_services_alone(capsys, tmp_path, monkeypatch):
    """Scenarios run on a throwaway platform: documents, mail and ZGW stay in its temporary folder
    (found by the review of issue 17: scenario PDFs landed in the production document store)."""
    store, mail = tmp_path / "documenten", tmp_path / "mail"
    monkeypatch.setenv("RUIMTEFLOW_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.setenv("RUIMTEFLOW_DOCUMENT_STORE", str(store))
    monkeypatch.setenv("RUIMTEFLOW_MAIL_OUTBOX", str(mail))
    monkeypatch.setenv("RUIMTEFLOW_CLAMD", "127.0.0.1:9")  # nothing listens: a scan would fail the upload
    code, out, err = run(capsys, str(SHIPPED))
    assert code == 0, out + err
    assert not [p for p in store.rglob("*") if p.is_file()], "scenario documents in the real store"
    assert not [p for p in mail.rglob("*") if p.is_file()], "scenario mail in the real outbox"


ODD = "model: omgevingsvergunning\nbestanden: [{bpmn}]\n{start}scenarios:\n  - naam: Raar\n    start:\n{begin}{steps}"
PLAIN = "      gegevens: {activiteiten: [technische_bouwactiviteit]}\n"


def _odd(start: str = "", begin: str = PLAIN, steps: str = "") -> str:
    return ODD.replace("{start}", start).replace("{begin}", begin).replace("{steps}", steps)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (_odd(steps="    stappen:\n      - klok: {dagen: .inf}\n"), ("'Raar' stap 1", "eindig")),
        (
            _odd(steps="    stappen:\n      - klok: {dagen: 1000000000000}\n"),
            ("'Raar' stap 1", "36.525 dagen"),
        ),
        (
            _odd(steps="    stappen:\n      - klok: {weken: 5000}\n      - klok: {weken: 500}\n"),
            ("'Raar' stap 2", "36.525 dagen"),
        ),
        (_odd(start="start: 9999-12-31T23:00:00-05:00\n"), ("start", "tussen 1900 en 2999")),
        (_odd(start="start: 0001-01-01T00:00:00+05:00\n"), ("start", "tussen 1900 en 2999")),
        (_odd(begin="      gegevens: {1: a}\n"), ("'Raar' gegevens", "sleutel 1", "geen tekst")),
        (
            _odd(begin="      gegevens: {ontvangen: 2026-03-02}\n"),
            ("'Raar' gegevens.ontvangen", "aanhalingstekens"),
        ),
        (_odd(begin="      gegevens: {a: [1, .nan]}\n"), ("'Raar' gegevens.a[1]", "eindige")),
        (_odd(begin="      gegevens: {x: !!binary aGVsbG8=}\n"), ("'Raar' gegevens.x", "bytes")),
        (_odd(begin="      geometrie: {type: Point}\n"), ("'Raar' start geometrie", "WKT")),
        (_odd(begin="      geometrie: 'PUNT (1 2)'\n"), ("'Raar' start geometrie", "geen geldige")),
        (
            _odd(
                steps="    stappen:\n      - taak: ontvankelijkheid\n        gegevens: {klaar: !!set {a: null}}\n"
            ),
            ("'Raar' stap 1 gegevens.klaar", "set"),
        ),
        (
            _odd(steps="    eind:\n      gegevens: {ontvangen: 2026-03-02}\n"),
            ("'Raar' eind gegevens.ontvangen",),
        ),
        (_odd(begin="      gegevens: {ontvangen: 2026-02-30}\n"), ("YAML", "geen bestaande datum")),
        (_odd(begin="      gegevens: {n: " + "9" * 5000 + "}\n"), ("YAML", "4300 cijfers")),
    ],
    ids=[
        "klok-inf",
        "klok-1e12",
        "klok-som",
        "start-9999",
        "start-0001",
        "int-sleutel",
        "datum",
        "nan",
        "binary",
        "geometrie-tabel",
        "geometrie-tekst",
        "set",
        "verwacht-datum",
        "30-februari",
        "lang-getal",
    ],  # fmt: skip
)
def test_odd_values_in_a_scenario_are_refused_with_exit_2(capsys, tmp_path, content, words):
    """Tester finding (rv5 modeller 7): these values crashed the run (OverflowError, TypeError,
    GEOSException: a traceback in the CLI, a 500 in the editor) or failed it with an English message.
    They are refused when the file is read, naming the scenario and the field."""
    path = tmp_path / "raar.yaml"
    path.write_text(
        content.replace("{bpmn}", str(ROOT / "bpmn" / "omgevingsvergunning.bpmn")), encoding="utf-8"
    )
    code, out, err = run(capsys, str(path))
    assert code == 2, out + err
    assert "raar.yaml" in err and "Traceback" not in err
    for word in words:
        assert word in err, err
    assert out == ""


def _alias_bomb(levels: int) -> str:
    lines = ["model: omgevingsvergunning", "bestanden: [{bpmn}]", "l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]" for i in range(1, levels)]
    return "\n".join([*lines, "scenarios:", "  - naam: x", "    start: {gegevens: {a: 1}}", ""])


def _too_slow(signum: int, frame: Any) -> None:
    raise TimeoutError


def test_yaml_aliases_are_refused_before_anything_walks_them(capsys, tmp_path):
    """Tester finding (rv5 modeller 9): aliases nesting 10 levels of 10 (about 650 characters) made the
    depth check walk 10^10 paths: hours of CPU. A scenario file may not use aliases."""
    path = tmp_path / "bom.yaml"
    path.write_text(_alias_bomb(10).replace("{bpmn}", str(ROOT / "bpmn" / "omgevingsvergunning.bpmn")))
    before = signal.signal(signal.SIGALRM, _too_slow)
    signal.alarm(20)
    try:
        code, out, err = run(capsys, str(path))
    except TimeoutError:
        pytest.fail("de scenariotekst met aliassen werd na 20 s nog gelezen", pytrace=False)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, before)
    assert code == 2 and out == "", err
    assert "bom.yaml" in err and "YAML" in err and "verwijzing" in err and "regel 4" in err, err


@pytest.mark.usefixtures("shared_layers")
def test_an_unexpected_engine_error_is_a_dutch_failure_not_a_traceback(capsys, tmp_path, monkeypatch):
    """Reviewer windpark finding 1: a step that raised an engine error (TaskNotFoundException) crashed
    `ruimteflow models test` with a raw traceback instead of failing that scenario in Dutch."""
    from SpiffWorkflow.exceptions import TaskNotFoundException

    from services import cases

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise TaskNotFoundException("A task with id 42 was not found")

    monkeypatch.setenv("RUIMTEFLOW_INSTANCE", str(tmp_path))
    monkeypatch.setattr(cases, "send_message", broken)
    code, out, err = run(capsys, str(SHIPPED))
    assert code == 1, out + err
    assert "(bericht intrekking): onverwachte fout in het platform (TaskNotFoundException" in out
    assert "Traceback" not in out + err

"""A new version of a model is checked against the configuration that names its elements.

Review modelleur15 (F1-F3): a modeller changed a shipped model and deployed it; the deploy accepted,
without a word, a `fase` no public phase of fasen.toml covers (the status page had no current step and
showed the internal word), an end event zgw.toml maps renamed (the case closed without resultaattype:
no bewaartermijn, the ZGW end failed for good) and a task [taakvelden] names renamed (the older versions
still had it, so the bezwaarjurist of a new case read nothing). Each is now refused with a problem that
names the element and the file (422 model-geweigerd, CLI exit 2); a task a besluittype of zgw.toml names
that the new version dropped is a warning (the case still closes), and so is a procedure that records a
beslissing op bezwaar while zgw.toml gives it no besluittype for it (the beslissing would not reach the
zaakregistratie). The shipped models pass.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from services import deployments
from services.config import SHIPPED_BPMN_DIR
from services.deploy_senders import phase_problems, zgw_problems, zgw_warnings
from services.engine import deploy as dep
from services.engine.deploy import ModelRefused
from services.platform import Platform
from tests.integration.core_helpers import snapshot
from tests.zgw.test_publication_beslissing_zonder_type import without_bezwaar_type
from web.cli import main

PERMIT_DMN = ["procedurekeuze.dmn", "advies-routering.dmn"]


def _text(name: str) -> str:
    return (SHIPPED_BPMN_DIR / name).read_text(encoding="utf-8")


def _renamed(name: str, old: str, new: str) -> str:
    """The shipped model with the element ``old`` renamed to ``new`` everywhere it is referred to."""
    text = _text(name)
    out = re.sub(rf'(id|Ref|bpmnElement)="{old}"', rf'\1="{new}"', text).replace(f">{old}<", f">{new}<")
    assert out != text
    return out


def _permit(text: str) -> list[tuple[str, str]]:
    return [("omgevingsvergunning.bpmn", text), *[(n, _text(n)) for n in PERMIT_DMN]]


def _refused(platform: Platform, files: list[tuple[str, str]]) -> list[dict[str, object]]:
    before = snapshot(platform)
    with pytest.raises(ModelRefused) as refused:
        deployments.deploy(platform, files, user="bea")
    assert snapshot(platform) == before
    assert refused.value.code == "model-geweigerd"
    return list(refused.value.extra["problemen"])


def test_a_fase_no_public_phase_covers_refuses_the_deploy(platform: Platform) -> None:
    """F1: the internal phase 'ontvankelijkheid' renamed 'volledigheid', fasen.toml not updated."""
    old = 'name="fase" value="ontvankelijkheid"'
    text = _text("omgevingsvergunning.bpmn")
    assert text.count(old) == 3
    problems = _refused(platform, _permit(text.replace(old, 'name="fase" value="volledigheid"')))
    assert {p["element"] for p in problems} == {
        "ontvankelijkheid",
        "aanvulling_verwerken",
        "aanvulling_nagekomen",
    }
    for p in problems:
        assert p["bestand"] == "omgevingsvergunning.bpmn" and isinstance(p["regel"], int)
        assert "'volledigheid' hoort bij geen publieke fase van 'omgevingsvergunning'" in str(p["probleem"])
        assert "fasen.toml" in str(p["probleem"]) and "'ontvankelijkheid'" in str(p["probleem"])


def test_a_fase_two_public_phases_cover_is_refused_too(platform: Platform, tmp_path: Path) -> None:
    folder = tmp_path / "modellen"
    folder.mkdir()
    old = 'intern = ["ontvangst", "locatiecheck"]'
    fasen = _text("fasen.toml")
    assert fasen.count(old) == 1
    (folder / "fasen.toml").write_text(
        fasen.replace(old, 'intern = ["ontvangst", "locatiecheck", "ontvankelijkheid"]'), encoding="utf-8"
    )
    platform.settings = platform.settings.with_(bpmn_dir=str(folder))
    problems = _refused(platform, _permit(_text("omgevingsvergunning.bpmn")))
    assert "ontvankelijkheid" in {p["element"] for p in problems}
    assert all(
        "meer dan één publieke fase" in str(p["probleem"])
        and "Controle op volledigheid" in str(p["probleem"])
        for p in problems
    )


def test_an_end_zgw_toml_does_not_map_refuses_the_deploy(platform: Platform) -> None:
    """F2: the end einde_doorgezonden renamed einde_doorgestuurd, zgw.toml's eindes not updated: a case
    ending there would get no resultaattype (no bewaartermijn, no ZGW end)."""
    deployments.deploy(platform, _permit(_text("omgevingsvergunning.bpmn")), user="bea")
    [problem] = _refused(
        platform, _permit(_renamed("omgevingsvergunning.bpmn", "einde_doorgezonden", "einde_doorgestuurd"))
    )
    assert problem["element"] == "einde_doorgestuurd" and problem["bestand"] == "omgevingsvergunning.bpmn"
    assert problem["naam"] == "Doorgezonden naar bevoegd gezag"
    text = str(problem["probleem"])
    assert "zgw.toml" in text and "eindes" in text and "bewaartermijn" in text


def test_a_besluit_task_zgw_toml_names_dropped_by_the_new_version_is_a_warning(platform: Platform) -> None:
    """F2: a task of besluittypen.taken renamed: the case still closes, but a besluit uploaded in the
    renamed task no longer gets its besluittype. The deploy says so (waarschuwingen)."""
    deployments.deploy(
        platform, [("wijkuitvoeringsplan.bpmn", _text("wijkuitvoeringsplan.bpmn"))], user="bea"
    )
    text = _renamed("wijkuitvoeringsplan.bpmn", "raadsbesluit", "raadsbesluit_vastleggen")
    [row] = deployments.deploy(platform, [("wijkuitvoeringsplan.bpmn", text)], user="bea")
    assert row["versie"] == 2
    [warning] = [w for w in row["waarschuwingen"] if "zgw.toml" in w]
    assert "besluittype 'raad'" in warning and "'raadsbesluit'" in warning and "niet meer" in warning


def test_a_procedure_with_bezwaar_but_no_besluittype_for_its_beslissing_is_a_warning(
    platform: Platform, tmp_path: Path
) -> None:
    """Review note24: a procedure whose model records a beslissing op bezwaar, mapped in zgw.toml without a
    besluittype with beslissing_op_bezwaar = true: each beslissing was sent for nothing. The deploy says so,
    in Dutch, naming the procedure and the task."""
    platform.settings = platform.settings.with_(zgw_mapping_file=str(without_bezwaar_type(tmp_path)))
    [row] = deployments.deploy(platform, _permit(_text("omgevingsvergunning.bpmn")), user="bea")
    [warning] = [w for w in row["waarschuwingen"] if "beslissing op bezwaar" in w]
    assert "'omgevingsvergunning'" in warning and "beslissing_op_bezwaar = true" in warning
    assert "'Verdaging of beslissing op bezwaar vastleggen'" in warning and "zgw catalogus" in warning


def test_a_renamed_taakvelden_task_refuses_the_new_version(platform: Platform, tmp_path: Path) -> None:
    """F3: bezwaar_registreren renamed; the older version and the shipped file still have it, but the
    new cases run the new version, whose jurist would read nothing. With a key for the new task (the
    old one kept for the cases of the older version) the deploy passes."""
    deployments.deploy(platform, _permit(_text("omgevingsvergunning.bpmn")), user="bea")
    renamed = _permit(_renamed("omgevingsvergunning.bpmn", "bezwaar_registreren", "bezwaar_inschrijven"))
    [problem] = _refused(platform, renamed)
    assert problem["element"] == "omgevingsvergunning.bezwaar_registreren"
    assert str(problem["bestand"]).endswith("autorisatie.toml")
    assert "nieuwe versie van proces 'omgevingsvergunning' niet meer heeft" in str(problem["probleem"])
    assert "bezwaar_inschrijven" in str(problem["probleem"])

    folder = tmp_path / "modellen"
    folder.mkdir()
    rules = _text("autorisatie.toml")
    old_key = '"omgevingsvergunning.bezwaar_registreren" = ['
    assert rules.count(old_key) == 1
    fields = rules.split(old_key, 1)[1].split("]", 1)[0]
    new_key = f'"omgevingsvergunning.bezwaar_inschrijven" = [{fields}]\n'
    (folder / "autorisatie.toml").write_text(rules.replace(old_key, new_key + old_key), encoding="utf-8")
    platform.settings = platform.settings.with_(bpmn_dir=str(folder))
    assert deployments.deploy(platform, renamed, user="bea")[0]["versie"] == 2


def test_the_cli_refuses_an_unmapped_end_with_exit_code_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "modellen"
    folder.mkdir()
    model = folder / "omgevingsvergunning.bpmn"
    model.write_text(
        _renamed("omgevingsvergunning.bpmn", "einde_doorgezonden", "einde_doorgestuurd"), encoding="utf-8"
    )
    for name in PERMIT_DMN:
        shutil.copy(SHIPPED_BPMN_DIR / name, folder / name)
    monkeypatch.setenv("RUIMTEFLOW_INSTANCE", str(tmp_path))
    monkeypatch.setenv("RUIMTEFLOW_BPMN_DIR", str(folder))
    paths = [str(model), *(str(folder / n) for n in PERMIT_DMN)]
    code = main(["models", "deploy", *paths, "--database", f"sqlite:///{tmp_path / 'x.db'}"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "einde_doorgestuurd" in err and "zgw.toml" in err


def test_the_shipped_models_meet_fasen_toml_and_zgw_toml(platform: Platform, tmp_path: Path) -> None:
    """The check the deploy runs, on the shipped models (the developers' coverage test's rule)."""
    sources = [
        dep.inspect_source(f.name, f.read_text(encoding="utf-8"))[0] for f in SHIPPED_BPMN_DIR.glob("*.bpmn")
    ]
    versions = [(pid, dep.needed([src], sources)) for src in sources for pid in src.process_ids]
    assert {pid for pid, _ in versions} >= {"omgevingsvergunning", "windpark", "wijkuitvoeringsplan"}
    assert phase_problems(platform.settings, versions) == []
    assert zgw_problems(platform.settings, versions) == []
    assert [w for ws in zgw_warnings(platform.settings, versions, {}).values() for w in ws] == []
    untyped = platform.settings.with_(zgw_mapping_file=str(without_bezwaar_type(tmp_path)))
    warned = {pid for pid, ws in zgw_warnings(untyped, versions, {}).items() if ws}
    assert warned == {"omgevingsvergunning", "windpark"}  # the windpark through the permit it calls

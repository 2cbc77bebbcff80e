"""A case decided under the permit model of 4 December 2026 and migrated to the current one ends well.

Review sessie8b finding 1: c7cbaac makes the model wait, after the bezwaar term, for the week in which a
bezwaarschrift posted in time may still arrive (``rechtsmiddel["per_post_tot"]``, Awb 6:9 lid 2). Only
the new bekendmaking writes that key. A case whose besluit was made known before the upgrade has none;
migrated, it became an incident when its term ended ("Error evaluating expression
'einde_dag(rechtsmiddel["per_post_tot"])'"), which 'Opnieuw proberen' could not repair, and it never
became onherroepelijk. The model now computes the post week from ``rechtsmiddel["tot"]`` when it is
missing.

Dates as in test_omgevingsvergunning_kalender: the besluit is sent on 2 March 2026, the bezwaar term
runs up to and including 13 April, and a bezwaarschrift posted by then may arrive until 20 April.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from processes import vergunning as v
from services import beheer, deployments, users
from services.clock import FixedClock
from services.platform import Platform
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.test_omgevingsvergunning import ROOT, Omgeving

locatie = ov.locatie

#: the permit model as shipped before c7cbaac (git show a752144:bpmn/omgevingsvergunning.bpmn)
MODEL_2026_12_04 = ROOT / "tests" / "fixtures" / "bpmn" / "omgevingsvergunning_2026-12-04.bpmn"


def met_oud_model(
    platform: Platform,
    clock: FixedClock,
    locatie: dict[str, Any],
    model: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Omgeving:
    """An earlier permit model (``model``) deployed as version 1 (under its own file name), with a beheerder
    to migrate."""
    lees = deployments.read_files

    def oude_bestanden(paths: list[Any]) -> list[tuple[str, str]]:
        files = lees(paths)
        oud_model = model.read_text(encoding="utf-8")
        return [(n, oud_model if n == "omgevingsvergunning.bpmn" else t) for n, t in files]

    with monkeypatch.context() as m:
        m.setattr(deployments, "read_files", oude_bestanden)
        z = Omgeving(platform, clock, locatie)
    users.add_user(platform, "bea", groups=["Beheer"], role="beheerder")
    return z


@pytest.fixture
def oud(
    platform: Platform, clock: FixedClock, locatie: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> Iterator[Omgeving]:
    """The permit model of 4 December 2026 deployed as version 1."""
    yield met_oud_model(platform, clock, locatie, MODEL_2026_12_04, monkeypatch)


def _besloten_voor_de_upgrade(z: Omgeving, monkeypatch: pytest.MonkeyPatch) -> None:
    """The besluit sent on 2 March by the code before c7cbaac: its rechtsmiddel has no post week."""
    nieuw = v.rechtsmiddel

    def oud_rechtsmiddel(procedure: str, bekendgemaakt: Any) -> dict[str, str]:
        rm = nieuw(procedure, bekendgemaakt)
        return {k: rm[k] for k in ("soort", "van", "tot", "tot_tekst")}

    with monkeypatch.context() as m:
        m.setattr(v, "rechtsmiddel", oud_rechtsmiddel)
        z.tot_beoordeling()
        z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
        z.doe("eva", "Advies Energie", {"oordeel": "akkoord"})
        z.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed"})
        case = z.doe("tom", "Besluit nemen", {"besluit": "verlenen", "motivering": "Past."})
    assert "per_post_tot" not in case["samenvatting"]["rechtsmiddel"]


def _gemigreerd(z: Omgeving) -> None:
    """On 12 March the current model is deployed as version 2 and the case migrated to it."""
    z.later(days=10)
    migreer(z)


def migreer(z: Omgeving) -> None:
    """The current model deployed as version 2 and the case migrated to it."""
    deployments.deploy(z.p, deployments.read_files(ov.MODELS), user="bea")
    result = beheer.migrate(z.p, "omgevingsvergunning", "bea")
    assert result["gemigreerd"] == [z.ref], result


def test_a_migrated_case_without_a_post_week_becomes_onherroepelijk_after_it(
    oud: Omgeving, monkeypatch: pytest.MonkeyPatch
) -> None:
    _besloten_voor_de_upgrade(oud, monkeypatch)
    _gemigreerd(oud)
    case = oud.op(datetime(2026, 4, 14, 7, 0, tzinfo=UTC))  # 09:00 Dutch time, the day after the term
    assert case["status"] == "lopend" and not case.get("incident"), case.get("incident")
    assert case["wacht_op"] == (
        "bezwaartermijn verstreken op 13 april 2026; een op tijd op de post gedaan bezwaarschrift kan nog "
        "binnenkomen tot en met 20 april 2026"
    )
    assert case["samenvatting"]["rechtsmiddel"]["per_post_tot"] == "2026-04-20"
    case = oud.op(datetime(2026, 4, 20, 20, 0, tzinfo=UTC))  # 22:00 on 20 April, the week's last day
    assert case["status"] == "lopend" and case["definitief"] is False
    case = oud.op(datetime(2026, 4, 20, 22, 30, tzinfo=UTC))  # 00:30 on 21 April
    assert case["status"] == "afgerond" and case["definitief"] is True
    assert case["samenvatting"]["resultaat"] == "vergunning verleend; onherroepelijk"


def test_a_migrated_case_takes_a_bezwaar_posted_in_time_in_the_post_week(
    oud: Omgeving, monkeypatch: pytest.MonkeyPatch
) -> None:
    _besloten_voor_de_upgrade(oud, monkeypatch)
    _gemigreerd(oud)
    oud.op(datetime(2026, 4, 16, 9, 0, tzinfo=UTC))
    oud.bericht("bezwaar", {"ontvangen_op": "2026-04-16", "ter_post_bezorgd_op": "2026-04-13"})
    case = oud.zaak()
    assert case["status"] == "lopend" and not case.get("incident"), case.get("incident")
    taak = oud.taak("jet", "Bezwaar of beroep registreren")
    assert taak["reden"] == "bezwaar tijdig ingediend"
    assert "artikel 6:9 lid 2 Awb" in taak["instructies"]


def test_an_open_task_whose_new_texts_name_missing_data_is_not_migrated(
    oud: Omgeving, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review sessie8c B: a bezwaar received under the old model opened 'Bezwaar of beroep registreren';
    migrated, the task showed the current model's texts with '{bezwaar_ontvangst[markering]}' as written,
    since only the current model's path to the task sets that field. Such a case is not migrated (a
    Dutch reason names the task and the fields); it keeps its version and its task works on."""
    _besloten_voor_de_upgrade(oud, monkeypatch)
    oud.later(days=5)
    oud.bericht("bezwaar", {"soort": "bezwaar"})
    oud.later(days=5)
    deployments.deploy(oud.p, deployments.read_files(ov.MODELS), user="bea")
    result = beheer.migrate(oud.p, "omgevingsvergunning", "bea")
    assert result["gemigreerd"] == []
    [refused] = result["geweigerd"]
    assert refused["zaak"] == oud.ref and "'Bezwaar of beroep registreren'" in refused["reden"]
    assert (
        "{bezwaar_ontvangst[markering]}" in refused["reden"] and "rond die taak eerst af" in refused["reden"]
    )
    taak = oud.taak("jet", "Bezwaar of beroep registreren")
    assert "{" not in (taak["reden"] or "") + (taak["instructies"] or "")
    assert oud.doe("jet", "Bezwaar of beroep registreren", {"soort": "bezwaar"})["status"] in (
        "lopend",
        "afgerond",
    )


def test_a_case_migrated_within_its_term_names_the_term_in_its_wait(
    oud: Omgeving, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review kcc15: the current model's wait during the term says "{rechtsmiddel[termijn_naam]} loopt tot
    en met ...", a key a term made known before it lacks; migrated, the wait read "loopt tot en met 13
    april 2026" without saying what runs (the public text leaves an unfilled placeholder out). The
    migration brings the stored term to today's form (the registry's data upgrade for ``rechtsmiddel``)."""
    _besloten_voor_de_upgrade(oud, monkeypatch)
    _gemigreerd(oud)
    case = oud.zaak()
    assert case["wacht_op"] == "bezwaartermijn loopt tot en met 13 april 2026", case["wacht_op"]

"""bpmn/zgw.toml against the models: every public phase has a statustype, every end a resultaattype, the
terms follow the legal terms, and a bad file is a clear Dutch error."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from processes.termijnen.data import TermijnInstellingen
from services.config import PROJECT_ROOT, Settings
from services.zgw.config import ZgwConfigError
from services.zgw.mapping import DEFAULT_MAPPING_FILE, load_mapping, mapping_for, parse_mapping
from tests.zgw import selectielijst_standin

BPMN = PROJECT_ROOT / "bpmn"
PROCEDURES = ("omgevingsvergunning", "windpark", "wijkuitvoeringsplan")


def toml() -> dict[str, Any]:
    return tomllib.loads(DEFAULT_MAPPING_FILE.read_text(encoding="utf-8"))


def test_the_three_procedures_with_public_phases_are_mapped() -> None:
    assert set(load_mapping().procedures) == set(PROCEDURES)


@pytest.mark.parametrize("process_id", PROCEDURES)
def test_every_phase_of_the_model_has_a_statustype(process_id: str) -> None:
    model = (BPMN / f"{process_id}.bpmn").read_text(encoding="utf-8")
    phases = set(re.findall(r'name="fase" value="([^"]+)"', model))
    proc = load_mapping().procedure(process_id)
    assert phases, "the model names its phases"
    assert {p for p in phases if proc.statustype_for(p) is None} == set()
    # a phase of a process the model calls is the case's phase too (the windpark's own permit, review
    # zgw14 (4)): zgw.toml may map it
    for called in re.findall(r'calledElement="([^"]+)"', model):
        if (BPMN / f"{called}.bpmn").exists():
            phases |= set(
                re.findall(r'name="fase" value="([^"]+)"', (BPMN / f"{called}.bpmn").read_text("utf-8"))
            )
    mapped = {f for s in proc.statustypen for f in s.fasen}
    assert mapped <= phases, f"zgw.toml names phases the model does not have: {mapped - phases}"


@pytest.mark.parametrize("process_id", PROCEDURES)
def test_every_end_with_a_result_has_a_resultaattype(process_id: str) -> None:
    model = (BPMN / f"{process_id}.bpmn").read_text(encoding="utf-8")
    ends = re.findall(r'<bpmn:endEvent id="([^"]+)"(?:(?!</bpmn:endEvent>).)*name="resultaat"', model, re.S)
    proc = load_mapping().procedure(process_id)
    assert ends
    for end in ends:
        assert proc.resultaat_for(end) is not None, end


def test_the_decision_picks_the_resultaattype() -> None:
    proc = load_mapping().procedure("omgevingsvergunning")
    assert proc.resultaat_for("einde_onherroepelijk", "verlenen").key == "verleend"
    assert proc.resultaat_for("einde_onherroepelijk", "weigeren").key == "geweigerd"
    assert proc.resultaat_for("einde_van_rechtswege").key == "van_rechtswege"
    assert proc.resultaat_for("niet_bestaand") is None
    assert proc.eindstatus.omschrijving == "Afgerond"
    # review zgw17 F1: a buitenbehandelingstelling is no end but a besluit open to bezwaar (the assertion
    # that "buiten behandeling" was the eindstatus encoded that defect)
    assert proc.statustype_for("buiten behandeling gesteld").omschrijving == "Bezwaar- en beroepstermijn"
    assert proc.statustype_for("buiten behandeling").omschrijving == "Ontvankelijkheid beoordelen"


def test_the_permit_terms_follow_processes_termijnen(monkeypatch: pytest.MonkeyPatch) -> None:
    inst = TermijnInstellingen.standaard()
    proc = load_mapping().procedure("omgevingsvergunning")
    assert proc.doorlooptijd == f"P{inst.uitgebreid_maanden}M"
    assert proc.servicenorm == f"P{inst.regulier_weken * 7}D"
    assert proc.verlengingstermijn == f"P{inst.max_verdaging_weken * 7}D" and proc.opschorting
    changed = TermijnInstellingen.standaard(regulier_weken=6, max_verdaging_weken=4)
    monkeypatch.setattr(TermijnInstellingen, "standaard", classmethod(lambda cls, **kw: changed))
    again = parse_mapping(toml()).procedure("omgevingsvergunning")
    assert (again.servicenorm, again.verlengingstermijn) == ("P42D", "P28D")
    besluit = parse_mapping(toml()).procedure("omgevingsvergunning").besluittypen["omgevingsvergunning"]
    assert besluit.reactietermijn == f"P{changed.bezwaartermijn_weken * 7}D"


def test_procedures_without_a_statutory_term_cannot_be_suspended() -> None:
    proc = load_mapping().procedure("wijkuitvoeringsplan")
    assert proc.doorlooptijd == "P8Y" and not proc.opschorting and proc.verlengingstermijn is None


def test_the_selectielijst_root_can_be_replaced() -> None:
    mapping = mapping_for(Settings(zgw_selectielijst_url="http://127.0.0.1:9/api/v1"))
    rt = mapping.procedure("omgevingsvergunning").resultaattypen["verleend"]
    assert rt.klasse_url.startswith("http://127.0.0.1:9/api/v1/resultaten/")
    assert mapping.procedure("windpark").procestype_url.startswith("http://127.0.0.1:9/api/v1/procestypen/")
    assert (
        load_mapping()
        .procedure("windpark")
        .procestype_url.startswith("https://selectielijst.openzaak.nl/api/v1/")
    )


def test_the_ci_stand_in_serves_every_selectielijst_object_zgw_toml_names() -> None:
    data = toml()["selectielijst"]
    klassen = data["klassen"].values()
    paths = [
        *data["procestypen"].values(),
        *data["omschrijvingen"].values(),
        *(k["resultaat"] for k in klassen),
    ]
    root = "http://stand-in/api/v1/"
    for path in paths:
        obj = selectielijst_standin.document(root, path)
        assert obj is not None and obj["url"] == root + path
    for klasse in klassen:
        procestype = root + data["procestypen"][klasse["procestype"]]
        assert selectielijst_standin.document(root, klasse["resultaat"])["procesType"] == procestype


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["procedure"]["windpark"].pop("resultaattypen"), "geen resultaattypen"),
        (lambda d: d["procedure"]["windpark"].update(omschrijving="x" * 81), "langer dan 80"),
        (lambda d: d["procedure"]["windpark"].update(termijnen="kort"), "beslistermijn"),
        (
            lambda d: d["procedure"]["windpark"]["resultaattypen"]["afgehandeld"].update(selectielijst="x"),
            "niet in",
        ),
        (lambda d: d["procedure"]["windpark"].update(roltypen=["burger"]), "roltypen"),
        (
            lambda d: d["procedure"]["windpark"].update(statustypen=[{"omschrijving": "Enig"}]),
            "twee statustypen",
        ),
        (lambda d: d["informatieobjecttypen"]["advies"].update(richting="zijwaarts"), "richting"),
        # review zgw finding 5: a table, a list or a ZGW value where zgw.toml needs one, refused at load
        (
            lambda d: d["informatieobjecttypen"].update(bijlage="Bijlage"),
            r"informatieobjecttypen\.bijlage moet een tabel",
        ),
        (lambda d: d.update(procedure=3), "procedure moet een tabel"),
        (
            lambda d: d["procedure"]["omgevingsvergunning"]["statustypen"][5].update(fasen="besluit"),
            r"procedure\.omgevingsvergunning\.statustypen\.fasen moet een lijst",
        ),
        (
            lambda d: d["procedure"]["omgevingsvergunning"]["resultaattypen"]["van_rechtswege"].update(
                eindes="einde_van_rechtswege"
            ),
            r"resultaattypen\.van_rechtswege\.eindes moet een lijst",
        ),
        (lambda d: d["procedure"]["windpark"].update(statustypen="Intake"), "statustypen moet een lijst"),
        (
            lambda d: d["procedure"]["wijkuitvoeringsplan"]["besluittypen"]["raad"].update(
                informatieobjecttypen="besluit"
            ),
            r"besluittypen\.raad\.informatieobjecttypen moet een lijst",
        ),
        (
            lambda d: d["procedure"]["windpark"].update(vertrouwelijkheid="heel geheim"),
            r"procedure\.windpark\.vertrouwelijkheid 'heel geheim' is geen ZGW-waarde",
        ),
        (lambda d: d["procedure"]["windpark"].update(publicatie_indicatie="nee"), "true of false"),
        (
            lambda d: d["procedure"]["wijkuitvoeringsplan"]["besluittypen"]["raad"].update(
                bestuursorgaan="wethouder"
            ),
            "bestuursorgaan 'wethouder' is onbekend",
        ),
        (
            lambda d: d["procedure"]["windpark"]["besluittypen"]["omgevingsvergunning"].update(
                beslissing_op_bezwaar=True
            ),
            "meer dan een besluittype met beslissing_op_bezwaar",
        ),
        (
            lambda d: d["procedure"]["windpark"]["besluittypen"]["beslissing_op_bezwaar"].update(
                beslissing_op_bezwaar="true"
            ),
            r"besluittypen\.beslissing_op_bezwaar\.beslissing_op_bezwaar moet true of false zijn",
        ),
    ],
)
def test_a_bad_mapping_is_a_dutch_error(change: Any, message: str) -> None:
    data = toml()
    change(data)
    with pytest.raises(ZgwConfigError, match=message):
        parse_mapping(data)


def test_an_unreadable_file_is_a_dutch_error(tmp_path: Path) -> None:
    bad = tmp_path / "zgw.toml"
    bad.write_text("[catalogus\n", encoding="utf-8")
    with pytest.raises(ZgwConfigError, match="niet te lezen"):
        load_mapping(bad)
    with pytest.raises(ZgwConfigError, match="Geen ZGW-zaaktype voor procedure 'transportverzoek'"):
        load_mapping().procedure("transportverzoek")


@pytest.mark.parametrize("process_id", PROCEDURES)
def test_the_statustype_of_the_phase_that_decides_does_not_say_it_was_decided(process_id: str) -> None:
    """Status review finding 4: entering the phase 'besluit' (the task "Besluit nemen" still open) set
    the zaak to "Besluit genomen" in the zaakregistratie, days or weeks before any besluit existed,
    while the status page said "Er is nog geen definitief besluit"."""
    from services.public_phases import public_phases

    proc = load_mapping().procedure(process_id)
    deciding = [f for phase in public_phases().of(process_id) if phase.besluit for f in phase.intern]
    for fase in deciding:
        statustype = next(s for s in proc.statustypen if fase in s.fasen)
        assert "genomen" not in statustype.omschrijving.lower(), (fase, statustype.omschrijving)


def test_a_mapping_mistake_is_exit_2_naming_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Review zgw finding 5: was exit 1 with "AttributeError: 'str' object has no attribute 'get'"."""
    from web.cli import main

    bad = tmp_path / "zgw.toml"
    text = DEFAULT_MAPPING_FILE.read_text(encoding="utf-8")
    bad.write_text(
        text.replace('bijlage = { categorie = "Bijlage", richting = "inkomend" }', 'bijlage = "Bijlage"')
    )
    monkeypatch.setenv("RUIMTEFLOW_ZGW_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("RUIMTEFLOW_ZGW_CLIENT_ID", "ruimteflow")
    monkeypatch.setenv("RUIMTEFLOW_ZGW_SECRET", "een-geheim-van-minstens-tweeendertig-tekens")
    monkeypatch.setenv("RUIMTEFLOW_ZGW_MAPPING_FILE", str(bad))
    assert main(["zgw", "catalogus", "--timeout", "2"]) == 2
    assert "informatieobjecttypen.bijlage moet een tabel zijn" in capsys.readouterr().err


def test_the_windpark_is_past_the_besluit_once_its_permit_is_put_buiten_behandeling() -> None:
    """Review zgw17 F1: the called permit's buitenbehandelingstelling is a besluit, as its bezwaartermijn is."""
    proc = load_mapping().procedure("windpark")
    assert proc.statustype_for("buiten behandeling gesteld").omschrijving == "Besluit bevoegd gezag"
    assert proc.statustype_for("aanvraag buiten behandeling") == proc.eindstatus


def test_the_beslissing_op_bezwaar_type_is_no_besluit_documents_type(settings: Settings) -> None:
    """A besluit document with no outcome and no task some type names still gets no besluittype in the
    permit (the plain fallback is not the beslissing op bezwaar's), and its reactietermijn is six weeks."""
    for procedure in ("omgevingsvergunning", "windpark"):
        proc = mapping_for(settings).procedure(procedure)
        bt = proc.beslissing_op_bezwaar
        assert bt is not None and bt.omschrijving == "Beslissing op bezwaar"
        assert bt.reactietermijn == "P42D"
        assert proc.besluittype_for(None, []) is None
        assert proc.besluittype_for(None, ["beslissen_op_bezwaar"]) is None

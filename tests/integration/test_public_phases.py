"""Public phases on the status view (issue 16.1): a step bar instead of the internal model, holders in
public words, and after the besluit the bezwaartermijn instead of a beslistermijn."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from services.public_phases import public_phases
from services.status import view
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.test_omgevingsvergunning import Omgeving

ROOT = Path(__file__).resolve().parents[2]
z, locatie = ov.z, ov.locatie  # the permit scenario fixtures


@pytest.mark.parametrize("model", ["omgevingsvergunning", "windpark", "wijkuitvoeringsplan"])
def test_every_internal_phase_of_a_model_belongs_to_exactly_one_public_phase(model: str) -> None:
    """Also the phases of the models it calls: while one runs, the case's internal phase is the called
    model's (reviewer finding: the windpark's step bar had no current phase during its permit)."""
    source = (ROOT / "bpmn" / f"{model}.bpmn").read_text(encoding="utf-8")
    internal = set(re.findall(r'name="fase" value="([^"]+)"', source))
    for called in set(re.findall(r'calledElement="([^"]+)"', source)):
        called_source = (ROOT / "bpmn" / f"{called}.bpmn").read_text(encoding="utf-8")
        internal |= set(re.findall(r'name="fase" value="([^"]+)"', called_source))
    phases = public_phases().of(model)
    assert phases, model
    for name in internal:
        owners = [p.naam for p in phases if name in p.covers]
        assert len(owners) == 1, (model, name, owners)
    assert all(p.uitleg and p.naam for p in phases)


def test_step_bar_and_public_holder_while_the_case_runs(z: Omgeving) -> None:
    code = z.start()["volgcode"]
    s = view.public_status(z.p, code)
    assert [(f["naam"], f["stand"]) for f in s["fasen"]] == [
        ("Aanvraag ontvangen", "afgerond"),
        ("Controle op volledigheid", "huidig"),
        ("Beoordeling", "komend"),  # the optional ter inzage phase is left out until it is reached
        ("Besluit", "komend"),
        ("Bezwaartermijn", "komend"),
        ("Afgerond", "komend"),
    ]
    assert s["fasen"][0]["sinds"] == "2026-03-02" and s["fasen"][2]["sinds"] is None
    assert [f["naam"] for f in s["fasen"] if f["besluit"]] == ["Besluit"]  # the step with the expected date
    assert s["huidige_fase"]["naam"] == "Controle op volledigheid"
    assert s["houder"]["naam"] == "Team Vergunningen"
    assert "ontvankelijkheid" not in str(s["fasen"])  # no internal names in the bar

    z.doe(
        "anna",
        "Ontvankelijkheid",
        {"compleet": False, "ontbrekend": "bouwtekening", "aanvullingstermijn_dagen": 14},
    )
    s = view.public_status(z.p, code)
    assert s["houder"] == {"naam": "U (de aanvrager)", "soort": "aanvrager", "contact": view.DEFAULT_CONTACT}
    assert s["huidige_fase"]["naam"] == "Controle op volledigheid"


def test_a_decided_case_shows_the_bezwaartermijn_not_a_beslistermijn(z: Omgeving) -> None:
    code = z.start()["volgcode"]
    z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    z.doe("eva", "Advies Energie", {"oordeel": "akkoord"})
    z.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed", "beoordeling": "Voldoet."})
    z.doe("tom", "Besluit nemen", {"besluit": "verlenen", "voorschriften": [], "motivering": "Past."})
    z.later(days=1)  # sent today: the bezwaartermijn begins the day after (Awb 6:8)
    s = view.public_status(z.p, code)
    termijn = s["termijn"]
    assert termijn["rechtsmiddel"]["laatste_dag"] == "2026-04-13"
    assert termijn["rechtsmiddel"]["soort"] == "bezwaar"
    assert termijn["dagen_tot_beslisdatum"] is None and termijn["uiterste_beslisdatum"] is None
    assert "tot en met 13 april 2026" in termijn["toelichting"] and "beslist" not in termijn["toelichting"]
    assert s["houder"] is None  # nobody has to act while the term runs ("Belanghebbenden" is hidden)
    assert s["huidige_fase"]["naam"] == "Bezwaartermijn"
    assert [f["stand"] for f in s["fasen"][:4]] == ["afgerond"] * 4


@pytest.mark.parametrize(
    ("holder", "kind", "expected"),
    [
        ("Netbeheerder", "afdeling", "organisatie"),  # listed under [partijen] extern in autorisatie.toml
        ("Energiecoöperatie Zon", "organisatie", "organisatie"),  # a group of kind organisatie
        ("Vergunningen", "afdeling", "afdeling"),
    ],
)
def test_the_status_page_calls_a_holder_external_by_the_one_policy_rule(
    z: Omgeving, holder: str, kind: str, expected: str
) -> None:
    """The status page decides "externe organisatie" with ``policy.external_groups``, the rule that also
    decides what an account of that group may see; a listed organisation is external whatever its kind."""
    from services.store.models import Case, Group, HolderInterval

    code = z.start()["volgcode"]
    with z.p.uow() as uow:
        s = uow.session
        group = s.query(Group).filter_by(name=holder).one_or_none() or Group(name=holder)
        group.kind = kind
        s.add(group)
        case = s.query(Case).filter_by(reference=z.ref).one()
        case.holder = holder  # and the holder timeline, which the page's holder follows (8013432)
        s.query(HolderInterval).filter_by(case_id=case.id, ended_at=None).update({"holder": holder})
        uow.commit()
    assert view.public_status(z.p, code)["houder"]["soort"] == expected


def test_the_status_page_says_the_beslistermijn_has_passed_instead_of_promising_it(z: Omgeving) -> None:
    from datetime import UTC, datetime

    code = z.start()["volgcode"]  # uiterste beslisdatum 28 April 2026
    z.clock.set(datetime(2026, 5, 4, 9, tzinfo=UTC))  # nobody decided (no step ran since)
    termijn = view.public_status(z.p, code)["termijn"]
    assert termijn["verstreken"] is True
    assert "verstreken op 28 april 2026" in termijn["toelichting"]
    assert "in gebreke" in termijn["toelichting"] and "beslist uiterlijk" not in termijn["toelichting"]


def test_buiten_behandeling_is_its_own_phase_and_the_skipped_ones_never_show_as_done(z: Omgeving) -> None:
    """Tester finding: when the aanvullingstermijn expired, the bar said "Afgerond - nu bezig" with
    Beoordeling, Besluit and Bezwaartermijn done, and a mail said the handling was finished."""
    code = z.start()["volgcode"]
    z.doe(
        "anna",
        "Ontvankelijkheid",
        {"compleet": False, "ontbrekend": "constructieberekening", "aanvullingstermijn_dagen": 14},
    )
    z.later(days=15)  # no aanvulling: Juridisch decides on the buitenbehandelingstelling
    s = view.public_status(z.p, code)
    assert [(f["naam"], f["stand"]) for f in s["fasen"]] == [
        ("Aanvraag ontvangen", "afgerond"),
        ("Controle op volledigheid", "afgerond"),
        ("Buiten behandeling", "huidig"),
    ]
    assert "bezwaar" in s["huidige_fase"]["uitleg"]
    z.doe("jet", "Besluit buiten behandeling", {"toelichting": "Geen aanvulling ontvangen."})
    s = view.public_status(z.p, code)  # its bezwaartermijn runs (review archief15 F2)
    assert s["status"] == "lopend"
    assert [(f["naam"], f["stand"]) for f in s["fasen"]] == [
        ("Aanvraag ontvangen", "afgerond"),
        ("Controle op volledigheid", "afgerond"),
        ("Buiten behandeling", "huidig"),
    ]
    z.later(days=70)
    s = view.public_status(z.p, code)
    assert s["status"] == "afgerond"
    assert [(f["naam"], f["stand"]) for f in s["fasen"]] == [
        ("Aanvraag ontvangen", "afgerond"),
        ("Controle op volledigheid", "afgerond"),
        ("Buiten behandeling", "afgerond"),
        ("Afgerond", "afgerond"),
    ]


def test_my_applications_name_the_phase_as_the_status_page_does(z: Omgeving) -> None:
    """Status review finding 5: 'Mijn aanvragen' showed the internal phase ("aanvulling gevraagd",
    "advies en beoordeling") where the status page and the mails say the public one."""
    from services import initiators, users

    case = z.start()
    users.add_user(z.p, "aanvrager1", role="initiatiefnemer")
    with z.p.uow() as uow:  # the account started it
        from services.store.models import Case

        uow.session.get(Case, case["id"]).started_by = "aanvrager1"
        uow.commit()
    for step in (("anna", "Ontvankelijkheid", {"compleet": True}), None):
        shown = view.public_status(z.p, case["volgcode"])["huidige_fase"]["naam"]
        [mine] = initiators.my_cases(z.p, "aanvrager1")["zaken"]
        assert mine["fase"] == shown
        if step:
            z.doe(*step)
    assert public_phases().name_of("omgevingsvergunning", "aanvulling gevraagd") == "Controle op volledigheid"
    assert public_phases().name_of("onbekend_model", "intake") == "intake"  # no public phases: as it is


def test_a_phase_that_calls_a_model_without_public_phases_is_refused(tmp_path: Path) -> None:
    from processes.errors import ValidationError
    from services.public_phases import _load

    path = tmp_path / "fasen.toml"
    path.write_text(
        '[[windpark.fase]]\nnaam = "Vergunning"\nuitleg = "-"\nintern = ["vergunning"]\n'
        'roept_aan = ["omgevingsvergunning"]\n',
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as fout:
        _load(path)
    assert fout.value.code == "fasen-ongeldig" and "roept 'omgevingsvergunning' aan" in fout.value.detail


def _decided_uitgebreid(z: Omgeving) -> dict[str, object]:
    """A MER-plichtig permit (uitgebreide procedure) decided on 23 April 2026 after its terinzagelegging."""
    z.locatie["afdelingen"] = []
    case = z.start(
        activiteiten=["technische_bouwactiviteit", "milieubelastende_activiteit"], mer_plichtig=True
    )
    z.doe("odin", "Ontvankelijkheid", {"compleet": True})
    z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    z.doe("odin", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed"})
    z.later(days=2)
    z.doe("odin", "Ontwerpbesluit", {"ontwerp": "verlenen"})
    z.later(days=50)  # ter inzage ended on 14 April, the week for a zienswijze by post on 21 April
    z.doe("tom", "Besluit nemen", {"besluit": "verlenen", "motivering": "Past."})
    return case


def test_the_uitgebreide_procedure_shows_a_beroepstermijn_not_a_bezwaartermijn(z: Omgeving) -> None:
    """Review initiator11 finding 5: the term block said "Beroeptermijn" but the step bar's phase was
    "Bezwaartermijn ... bezwaar maken of in beroep gaan"; a besluit prepared with afdeling 3.4 Awb has no
    bezwaar (Awb 7:1 lid 1 sub d). The phase is worded per procedure (fasen.toml); Mijn aanvragen agrees."""
    from services import initiators, users
    from services.store.models import Case

    case = _decided_uitgebreid(z)
    z.later(days=1)  # sent today: the beroepstermijn begins the day after (Awb 6:8)
    users.add_user(z.p, "aanvrager1", role="initiatiefnemer")
    with z.p.uow() as uow:
        uow.session.get(Case, case["id"]).started_by = "aanvrager1"
        uow.commit()
    s = view.public_status(z.p, str(case["volgcode"]))
    assert s["termijn"]["rechtsmiddel"]["soort"] == "beroep"
    fase = s["huidige_fase"]
    assert fase["naam"] == "Beroepstermijn", fase
    assert (
        "in beroep gaan bij de rechtbank" in fase["uitleg"]
        and "bezwaar maken bij de gemeente kan niet" in (fase["uitleg"])
    )
    assert [f["naam"] for f in s["fasen"]][-2:] == ["Beroepstermijn", "Afgerond"]
    assert not any("Bezwaartermijn" in f["naam"] for f in s["fasen"])
    [mine] = initiators.my_cases(z.p, "aanvrager1")["zaken"]
    assert mine["fase"] == "Beroepstermijn"


def test_the_reguliere_procedure_shows_a_bezwaartermijn_with_bezwaar_only(z: Omgeving) -> None:
    code = z.start()["volgcode"]
    z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    z.doe("eva", "Advies Energie", {"oordeel": "akkoord"})
    z.doe("anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed", "beoordeling": "Voldoet."})
    z.doe("tom", "Besluit nemen", {"besluit": "verlenen", "voorschriften": [], "motivering": "Past."})
    z.later(days=1)  # sent today: the bezwaartermijn begins the day after (Awb 6:8)
    fase = view.public_status(z.p, code)["huidige_fase"]
    assert fase["naam"] == "Bezwaartermijn" and "bezwaar maken bij de gemeente" in fase["uitleg"]
    assert "beroep" not in fase["uitleg"]
    # where the procedure is not known (the e-mail of a phase change) the wording fits both
    neutraal = public_phases().phase_of("omgevingsvergunning", "bezwaar- en beroepstermijn")
    assert neutraal is not None and neutraal.naam == "Bezwaar- of beroepstermijn"


def test_a_procedure_wording_without_naam_or_uitleg_is_refused(tmp_path: Path) -> None:
    from processes.errors import ValidationError
    from services.public_phases import _load

    path = tmp_path / "fasen.toml"
    path.write_text(
        '[[vergunning.fase]]\nnaam = "Termijn"\nuitleg = "-"\nintern = ["termijn"]\n'
        '[vergunning.fase.procedure.uitgebreid]\nkop = "Beroep"\n',
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as fout:
        _load(path)
    assert fout.value.code == "fasen-ongeldig" and "per procedure" in fout.value.detail


@pytest.mark.parametrize(
    ("holder", "words"),
    [
        ("Netbeheerder", "de netbeheerder"),  # [houders]: "De netbeheerder"
        ("Provincie", "de provincie"),
        ("Rijk", "het Rijk"),
        ("Extern bevoegd gezag", "het bevoegd gezag (provincie of Rijk)"),
        ("Netbeheer Oost", "Netbeheer Oost"),  # an organisation's own name, as it is
        ("Provincie Gelderland", "Provincie Gelderland"),
    ],
)
def test_a_holder_in_a_sentence_reads_as_its_public_words_with_a_small_article(
    holder: str, words: str
) -> None:
    """The critical path's "Meegeteld: het wachten op ...": the holder in the words of ``[houders]``
    with its article in lower case; an organisation's own name unchanged, not lowercased."""
    assert public_phases().holder_in_sentence(holder) == words

"""The Selectielijst classes of bpmn/zgw.toml agree with the Selectielijst gemeenten 2020 (review archief13,
1, 2 and 6: granted omgevingsvergunningen were mapped to a class to destroy after a year, one procestype
served every zaaktype, an unknown archiefnominatie loaded silently, and the afleidingswijze was fixed).

The CI stand-in (tests/zgw/selectielijst_standin.py) serves the classes with their waardering,
procestermijn and bewaartermijn as the Selectielijst API does; Open Zaak checks a resultaattype against them."""

from __future__ import annotations

import copy
import tomllib
from typing import Any

import pytest

from services.zgw import typen
from services.zgw.config import ZgwConfigError
from services.zgw.mapping import DEFAULT_MAPPING_FILE, load_mapping, parse_mapping
from tests.zgw import selectielijst_standin

ROOT = "http://stand-in/api/v1/"


def _klasse(url: str) -> dict[str, Any]:
    obj = selectielijst_standin.document(ROOT, url.removeprefix("https://selectielijst.openzaak.nl/api/v1/"))
    assert obj is not None, url
    return obj


def _toml() -> dict[str, Any]:
    with DEFAULT_MAPPING_FILE.open("rb") as handle:
        return tomllib.load(handle)


@pytest.mark.parametrize(
    ("procedure", "resultaat"),
    [
        ("omgevingsvergunning", "verleend"),
        ("omgevingsvergunning", "van_rechtswege"),
        ("windpark", "afgehandeld"),
    ],
)
def test_a_granted_omgevingsvergunning_is_kept_for_good(procedure: str, resultaat: str) -> None:
    rt = load_mapping().procedure(procedure).resultaattypen[resultaat]
    klasse = _klasse(rt.klasse_url)
    assert klasse["volledigNummer"] == "11.1.6" and klasse["waardering"] == "blijvend_bewaren"
    assert rt.archiefnominatie == "blijvend_bewaren" and rt.blijvend_bewaren


def test_every_resultaattype_follows_its_class_and_its_procestype() -> None:
    for proc in load_mapping().procedures.values():
        procestype = _klasse(proc.procestype_url)
        for rt in proc.resultaattypen.values():
            klasse = _klasse(rt.klasse_url)
            assert klasse["procesType"] == ROOT + proc.procestype_url.rsplit("/api/v1/", 1)[1]
            assert procestype["jaar"] == 2020
            assert rt.archiefnominatie == klasse["waardering"], (proc.process_id, rt.key)
            if rt.archiefnominatie == "vernietigen":
                assert rt.archiefactietermijn == klasse["bewaartermijn"], (proc.process_id, rt.key)
            # Open Zaak: afgehandeld only when the procestermijn is nihil or empty
            if klasse["procestermijn"] not in ("", "nihil"):
                assert rt.afleidingswijze != "afgehandeld", (proc.process_id, rt.key)


def test_the_wijkuitvoeringsplan_is_a_plan_and_a_refused_windpark_keeps_five_years() -> None:
    mapping = load_mapping()
    wup = mapping.procedure("wijkuitvoeringsplan")
    assert _klasse(wup.procestype_url)["naam"] == "Plannen opstellen"
    assert _klasse(wup.resultaattypen["uitgevoerd"].klasse_url)["volledigNummer"] == "3.1.1"
    assert wup.resultaattypen["uitgevoerd"].blijvend_bewaren
    assert (wup.resultaattypen["beeindigd"].archiefactietermijn, wup.resultaattypen["beeindigd"].blijvend_bewaren) == (
        "P5Y", False
    )  # fmt: skip
    assert _klasse(mapping.procedure("omgevingsvergunning").procestype_url)["naam"] == "Toestemming verlenen"
    afgewezen = mapping.procedure("windpark").resultaattypen["afgewezen"]
    assert (afgewezen.archiefactietermijn, _klasse(afgewezen.klasse_url)["volledigNummer"]) == ("P5Y", "11.2")


def test_the_afleidingswijze_is_set_per_resultaattype() -> None:
    data = copy.deepcopy(_toml())
    data["procedure"]["windpark"]["resultaattypen"]["afgewezen"]["afleidingswijze"] = "vervaldatum_besluit"
    rt = parse_mapping(data).procedure("windpark").resultaattypen["afgewezen"]
    assert typen.resultaattype(rt, "http://zt")["brondatumArchiefprocedure"] == {
        "afleidingswijze": "vervaldatum_besluit"
    }
    shipped = load_mapping().procedure("windpark").resultaattypen["afgewezen"]
    assert typen.resultaattype(shipped, "http://zt")["brondatumArchiefprocedure"] == {
        "afleidingswijze": "afgehandeld"
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r.update(archiefnominatie="bewaren"), "archiefnominatie 'bewaren' is geen ZGW-waarde"),
        (
            lambda r: r.update(afleidingswijze="eigenschap"),
            "afleidingswijze 'eigenschap' kan Ruimteflow niet",
        ),
        (lambda r: r.update(selectielijst="3.1.1"), "hoort bij een ander procestype"),
        (lambda r: r.update(selectielijst="11.1"), r"staat niet in \[selectielijst.klassen\]"),
    ],
)
def test_a_wrong_archive_value_is_refused_when_loading(change: Any, message: str) -> None:
    data = copy.deepcopy(_toml())
    change(data["procedure"]["windpark"]["resultaattypen"]["afgewezen"])
    with pytest.raises(ZgwConfigError, match=message):
        parse_mapping(data)

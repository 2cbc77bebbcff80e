"""Which closed cases outlived their bewaartermijn (privacy review: nothing erased or anonymised the
personal data of a closed case after its retention, AVG art. 5(1)(e) and 17; Archiefwet / VNG
Selectielijst).

The term is the resultaattype's archiefactietermijn in zgw.toml, picked by the case's end and besluit as
the ZGW publication picks it, counted from the Dutch day the case closed; on the end day the case is due
(ZGW's archiefactiedatum). These cases closed on 2 March 2026: granted (P1Y) due on 2 March 2027,
refused (P5Y) on 2 March 2031. Listing them changes nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from processes.bewaartermijn import lees_termijn
from processes.errors import ValidationError
from services.bewaren.termijn import vervallen
from services.documents.storage import blob_store
from tests.integration.bewaren_helpers import case_with, close, prepare
from tests.integration.core_helpers import setup_klein, snapshot
from tests.integration.document_helpers import pdf

DUE = date(2027, 3, 2)


def _listed(platform, day):
    return [f.zaak for f in vervallen(platform, day)]


def test_the_end_day_counts_and_the_refused_case_keeps_its_longer_term(any_platform, tmp_path):
    platform = any_platform
    prepare(platform, tmp_path)
    granted, refused = case_with(platform), case_with(platform)
    close(platform, granted, "verlenen")
    close(platform, refused, "weigeren")
    assert _listed(platform, DUE - timedelta(days=1)) == []
    [line] = list(vervallen(platform, DUE))
    assert (line.zaak, line.termijn, line.bewaren_tot, line.gesloten_op) == (
        granted["zaak"], "P1Y", DUE, date(2026, 3, 2)
    )  # fmt: skip
    assert "afgerond op 2026-03-02" in line.regel() and "besluit: verlenen" in line.regel()
    assert _listed(platform, date(2031, 3, 1)) == [granted["zaak"]]
    assert _listed(platform, date(2031, 3, 2)) == [granted["zaak"], refused["zaak"]]


def test_a_dry_selection_changes_nothing(any_platform, tmp_path):
    platform = any_platform
    prepare(platform, tmp_path)
    zaak = case_with(platform, pdf("tekening"))
    close(platform, zaak)
    before = snapshot(platform)
    files = list(blob_store(platform).iter_files())
    assert _listed(platform, DUE) == [zaak["zaak"]]
    assert snapshot(platform) == before and list(blob_store(platform).iter_files()) == files


def test_a_case_without_a_resultaattype_is_kept_unless_a_default_term_is_set(any_platform, tmp_path):
    platform = any_platform
    prepare(platform, tmp_path)
    platform.settings = platform.settings.with_(zgw_mapping_file="")  # the shipped file: no small permit
    zaak = case_with(platform)
    close(platform, zaak)
    [line] = list(vervallen(platform, DUE))
    assert (line.zaak, line.termijn, line.bewaren_tot) == (zaak["zaak"], None, None)
    assert "geen bewaartermijn bekend" in line.regel()
    platform.settings = platform.settings.with_(bewaartermijn_standaard="P2Y")
    assert _listed(platform, date(2028, 3, 1)) == []
    [line] = list(vervallen(platform, date(2028, 3, 2)))
    assert (line.termijn, line.bewaren_tot) == ("P2Y", date(2028, 3, 2))


def test_a_bad_default_term_is_refused_in_dutch(platform):
    setup_klein(platform)
    platform.settings = platform.settings.with_(bewaartermijn_standaard="vijf jaar")
    with pytest.raises(ValidationError) as refused:
        list(vervallen(platform, DUE))
    assert refused.value.code == "bewaartermijn-ongeldig"
    assert "RUIMTEFLOW_BEWAARTERMIJN_STANDAARD" in refused.value.detail


@pytest.mark.parametrize(
    ("text", "closed", "end"),
    [
        ("P1Y", date(2024, 2, 29), date(2025, 2, 28)),  # a day a later year lacks: its month's last
        ("P18M", date(2026, 3, 2), date(2027, 9, 2)),
        ("P10Y6M", date(2026, 1, 31), date(2036, 7, 31)),
        ("P2W", date(2026, 3, 2), date(2026, 3, 16)),
        ("P30D", date(2026, 3, 2), date(2026, 4, 1)),
    ],
)
def test_a_term_is_an_iso_duration_in_calendar_units(text: str, closed: date, end: date):
    assert lees_termijn(text, "test").einde(closed) == end


@pytest.mark.parametrize("text", ["", "P", "1Y", "P1.5Y", "PT5H", "P1Y2H", "-P1Y", "P9999Y", "P999999D"])
def test_a_term_that_is_no_duration_of_days_is_refused(text: str):
    with pytest.raises(ValidationError) as refused:
        lees_termijn(text, "zgw.toml")
    assert refused.value.code == "bewaartermijn-ongeldig" and "ISO 8601" in refused.value.detail

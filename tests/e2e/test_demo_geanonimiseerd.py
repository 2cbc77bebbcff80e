"""Every closed case of the demo (permits, windparks; the demo closes no wijkuitvoeringsplan) still renders after it was
anonymised with the allowlist of services.bewaren.bewaard (review sessie9 finding 1: every text not on
the list goes, so what the screens need must be on it): the case page, the API's case and its ZGW
registration, the map's features and side panel, the waits dashboard, the dashboard and beheer. Its
resultaat, phase and besluit value stay, and no initiator's name or address is left on the page."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import select

from services.bewaren.anonimiseren import anonimiseer
from services.bewaren.termijn import vervallen
from services.store.models import Case
from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.harness import logged_in

clock, demo_layers, demo_database = fx.clock, fx.demo_layers, fx.demo_database
#: the whole demo: wide enough a box around Ruimtedal
BBOX = "3.0,50.5,7.5,53.7"


app = fx.testing_demo_app  # the app on a copy of the demo database (TESTING)


_login = logged_in


def test_every_anonymised_demo_case_still_renders(app: Any) -> None:
    platform = app.extensions["ruimteflow"]
    platform.settings = platform.settings.with_(bewaartermijn_standaard="P1Y")
    with platform.uow(write=False) as uow:
        closed = {
            c.reference: (c.process_id, c.phase, c.typed_summary.resultaat, c.initiator)
            for c in uow.session.scalars(select(Case).where(Case.status == "afgerond"))
        }
    listed = list(vervallen(platform, date(2050, 1, 1)))  # past the transfer term (P20Y) too
    assert any(f.overbrengen_op for f in listed)  # granted permits are kept for good (review archief13, 1)
    # how a pseudonymised case renders is tested on every closed case, as if each were due
    found = [replace(f, bewaren_tot=f.bewaren_tot or f.overbrengen_op) for f in listed]
    done = [anonimiseer(platform, f) for f in found if f.bewaren_tot is not None]
    assert {d.zaak for d in done if d.uitkomst == "geanonimiseerd"} == set(closed)
    assert {proc for proc, *_ in closed.values()} >= {"omgevingsvergunning", "windpark"}
    with platform.uow(
        write=False
    ) as uow:  # the demo's "oud" case of M. Beek, a particulier (review avg13, 3)
        [oud] = uow.session.scalars(select(Case).where(Case.title.startswith("Garage Beekstraat"))).all()
        assert (oud.title, oud.location_name) == ("Garage Beekstraat (Wabo)",) * 2
        assert (oud.max_x - oud.min_x, oud.max_y - oud.min_y, oud.min_x % 100, oud.min_y % 100) == (
            100,
            100,
            0,
            0,
        )

    bea, api = _login(app, "bea"), app.test_client()
    auth = {"Authorization": "Bearer demo-bea"}
    for ref, (_, phase, resultaat, initiator) in closed.items():
        page = bea.get(f"/zaken/{ref}")
        assert page.status_code == 200, ref
        assert "De bewaartermijn van deze zaak is verstreken" in page.text
        if initiator:
            assert initiator not in page.text, ref
        case = api.get(f"/api/v1/zaken/{ref}", headers=auth)
        assert case.status_code == 200, ref
        body = case.get_json()
        assert (body["fase"], body["samenvatting"].get("resultaat")) == (phase, resultaat), ref
        assert api.get(f"/api/v1/zaken/{ref}/registratie", headers=auth).status_code == 200, ref
        panel = api.get(f"/api/v1/kaart/zaken/{ref}", headers=auth)
        assert panel.status_code == 200, ref
    features = api.get(f"/api/v1/kaart/zaken?bbox={BBOX}&zoom=10&status=afgerond", headers=auth)
    assert features.status_code == 200
    assert {f["properties"]["zaak"] for f in features.get_json()["features"]} & set(closed)
    for process_id in {proc for proc, *_ in closed.values()}:
        assert bea.get(f"/wachttijden/{process_id}").status_code == 200, process_id
    for url in ("/dashboard", "/kaart", "/beheer", "/beheer/afleveringen", "/zaken?status=afgerond"):
        assert bea.get(url).status_code == 200, url

"""zgw_delivery: outbox delivery to a local Open Zaak next to the bare HTTP client doing the same calls,
and the end-to-end lag from a step to its registration.

Needs a running Open Zaak: RUIMTEFLOW_TEST_ZGW_URL (base URL), RUIMTEFLOW_TEST_ZGW_CLIENT_ID/_SECRET and,
offline, RUIMTEFLOW_TEST_ZGW_SELECTIELIJST_URL (see tests/zgw/selectielijst_standin.py); without it one line
with the reason is printed and nothing runs. Not collected by pytest (bench_*.py). Prints JSON lines:

* ``zgw_delivery``: per round, ``--cases`` permit cases are started (not timed); then their intake messages
  (zaak, rol aanvrager, status: 6 HTTP calls per case, a look-up before each create) are delivered by
  ``outbox.deliver_due`` with the real "zgw" handler, and the bare httpx client makes the same six calls per
  case with bodies built in advance. Rounds are interleaved (every other one in reverse order); the line has
  the median calls/s of both, their ratio, and the load average before and after.
* ``zgw_lag``: a worker thread runs the scheduler's delivery pass every ``--interval`` s (as `ruimteflow
  worker` does with RUIMTEFLOW_SCHEDULER_INTERVAL); the time from a case's start (the step's commit) until
  its registration is complete (every message delivered, zaak URL stored), median and max over ``--lags``.

Run: python -m tests.benchmarks.bench_zgw [--cases 5] [--rounds 3] [--interval 1.0] [--lags 5]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import threading
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx

from tests.benchmarks.common import emit, loadavg

#: how long zgw_lag waits for one case's registration before it stops with the registration's state
LAG_LIMIT_S = 60.0
PERCEEL = "POLYGON ((190000 445000, 190040 445000, 190040 445030, 190000 445030, 190000 445000))"


def _settings(folder: Path) -> Any:
    from tests.zgw.conftest import settings_for

    domein = os.environ.get("RUIMTEFLOW_BENCH_ZGW_DOMEIN", "BENCH")
    return settings_for(os.environ["RUIMTEFLOW_TEST_ZGW_URL"], folder, domein)


def _setup(folder: Path) -> Any:
    """A SQLite platform with the permit model, its users, a fixed locatiecheck and the catalogus."""
    from services import deployments, users
    from services.config import PROJECT_ROOT
    from services.platform import Platform
    from services.store.models import Counter
    from services.zgw.catalogus import ensure
    from services.zgw.client import ZgwClient
    from services.zgw.config import zgw_config
    from services.zgw.mapping import mapping_for

    platform = Platform.create(_settings(folder))
    with platform.uow() as uow:  # case references of their own: earlier runs left zaken in this catalogus
        uow.session.add(
            Counter(name=f"zaak-{datetime.now(UTC).year}", value=random.randrange(100_000, 900_000))
        )
        uow.commit()
    models = ["omgevingsvergunning.bpmn", "procedurekeuze.dmn", "advies-routering.dmn"]
    deployments.deploy(platform, deployments.read_files([PROJECT_ROOT / "bpmn" / m for m in models]))
    users.add_user(platform, "anna", groups=["Vergunningen"], role="vergunningverlener")
    # no GIS layers here: a locatiecheck without conflicts, on this platform only (registries are per
    # Platform since #11; the module-wide SERVICES dict this bench patched is gone)
    platform.runtime.environment.services["locatiecheck"] = lambda data, soort="bouwwerk", **_: {
        "afdelingen": [],
        "hoogste_ernst": None,
        "aantal": 0,
        "conflicten": [],
        "soort": soort,
    }
    config = zgw_config(platform.settings)
    assert config is not None
    with ZgwClient(config, timeout=120) as client:
        ensure(client, mapping_for(platform.settings))
    return platform


def _start(platform: Any) -> dict[str, Any]:
    from services import cases

    return cases.start_case(
        platform,
        "omgevingsvergunning",
        {"activiteiten": ["technische_bouwactiviteit"]},
        user="anna",
        geometry_wkt=PERCEEL,
        title="Bench dakkapel",
        initiator="J. Jansen",
        location_name="Dorpsstraat 1",
    )


class Counting(httpx.HTTPTransport):
    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        return super().handle_request(request)


def _ours(platform: Any, n_cases: int) -> tuple[float, int]:
    """Seconds and HTTP calls of delivering the intake messages of ``n_cases`` new cases."""
    from services import outbox
    from services.channels import blob_reader
    from services.zgw.client import ZgwClient
    from services.zgw.config import zgw_config
    from services.zgw.delivery import ZgwHandler
    from services.zgw.lookup import MappingCatalog
    from services.zgw.mapping import mapping_for
    from services.zgw.remote import ZgwRemote

    for _ in range(n_cases):
        _start(platform)
    config = zgw_config(platform.settings)
    assert config is not None
    transport = Counting()
    client = ZgwClient(config, transport=transport)
    handler = ZgwHandler(
        ZgwRemote(platform, config, client, MappingCatalog(client, mapping_for(platform.settings))),
        blob_reader(platform),
    )
    try:
        t0 = time.perf_counter()
        report = outbox.deliver_due(platform, handlers={"zgw": handler})
        elapsed = time.perf_counter() - t0
    finally:
        client.close()
    assert report.mislukt == report.dood == 0, report
    return elapsed, transport.calls


def _bare(platform: Any, n_cases: int) -> tuple[float, int]:
    """The same six calls per case with a plain httpx client and bodies built in advance."""
    from services.zgw import payloads as p
    from services.zgw import rollen
    from services.zgw.client import CRS, ZgwClient, jwt_token
    from services.zgw.config import zgw_config
    from services.zgw.mapping import mapping_for
    from tests.zgw.types_today import resolve

    config = zgw_config(platform.settings)
    assert config is not None
    with ZgwClient(config) as typed:
        types = resolve(typed, mapping_for(platform.settings), "omgevingsvergunning")
    geometry = p.geometry_wgs84(PERCEEL)
    today = date.today()
    zaak_root, calls = config.root("zaken"), 0
    headers = {"Accept-Crs": CRS, "Content-Crs": CRS, "Accept": "application/json"}
    with httpx.Client(timeout=30) as http:
        t0 = time.perf_counter()
        for _ in range(n_cases):
            ident = f"BARE-{uuid.uuid4().hex[:20]}"
            facts = p.ZaakFacts(ident, "Bench dakkapel", today, today, geometry=geometry)
            auth = {"Authorization": f"Bearer {jwt_token(config.client_id, config.secret)}", **headers}
            http.get(
                zaak_root + "zaken",
                params={"identificatie": ident, "bronorganisatie": config.rsin},
                headers=auth,
            ).raise_for_status()
            zaak = http.post(
                zaak_root + "zaken", json=p.zaak_create(facts, types, rsin=config.rsin), headers=auth
            )
            zaak.raise_for_status()
            url = zaak.json()["url"]
            rol = rollen.rol_create(
                url,
                types.roltypen["aanvrager"],
                rollen.RolFacts("natuurlijk_persoon", "aanvrager: J. Jansen", {"geslachtsnaam": "J. Jansen"}),
            )
            http.get(
                zaak_root + "rollen", params={"zaak": url, "roltype": rol["roltype"]}, headers=auth
            ).raise_for_status()
            http.post(zaak_root + "rollen", json=rol, headers=auth).raise_for_status()
            statustype = types.statustypen["ontvankelijkheid"]
            http.get(
                zaak_root + "statussen", params={"zaak": url, "statustype": statustype}, headers=auth
            ).raise_for_status()
            body = p.status_create(url, statustype, datetime.now(UTC), "ontvankelijkheid")
            http.post(zaak_root + "statussen", json=body, headers=auth).raise_for_status()
            calls += 6
        return time.perf_counter() - t0, calls


def bench_delivery(platform: Any, n_cases: int, rounds: int) -> None:
    load_before = loadavg()
    ours, bare = [], []
    _ours(platform, 1), _bare(platform, 1)  # warm up: type URLs cached, connections open
    for r in range(rounds):
        order = (_ours, _bare) if r % 2 == 0 else (_bare, _ours)
        for fn in order:
            seconds, calls = fn(platform, n_cases)
            (ours if fn is _ours else bare).append(calls / seconds)
    emit(
        benchmark="zgw_delivery",
        cases_per_round=n_cases,
        rounds=rounds,
        calls_per_s=round(statistics.median(ours), 1),
        messages_per_s=round(statistics.median(ours) / 2, 1),
        bare_httpx_calls_per_s=round(statistics.median(bare), 1),
        ratio=round(statistics.median(bare) / statistics.median(ours), 2),
        spread_calls_per_s=[round(min(ours), 1), round(max(ours), 1)],
        load_before=load_before,
        load_after=loadavg(),
    )


def bench_lag(platform: Any, interval: float, samples: int) -> None:
    from services.scheduler import deliver_once
    from services.zgw.registration import registration_of

    stop = threading.Event()

    def worker() -> None:
        while not stop.is_set():
            deliver_once(platform)
            stop.wait(interval)

    thread = threading.Thread(target=worker, daemon=True)
    thread.start()
    lags = []
    load_before = loadavg()
    try:
        for _ in range(samples):
            case = _start(platform)
            t0 = time.perf_counter()
            while True:
                with platform.uow(write=False) as uow:
                    registration = registration_of(uow.session, case["id"])
                if registration["status"] == "geregistreerd":
                    break
                if time.perf_counter() - t0 > LAG_LIMIT_S:  # a message that failed for good never arrives
                    raise RuntimeError(
                        f"zaak {case['id']} niet geregistreerd na {LAG_LIMIT_S} s: {registration}"
                    )
                time.sleep(0.02)
            lags.append(time.perf_counter() - t0)
    finally:
        stop.set()
        thread.join(timeout=60)
    emit(
        benchmark="zgw_lag",
        worker_interval_s=interval,
        samples=samples,
        median_s=round(statistics.median(lags), 2),
        max_s=round(max(lags), 2),
        load_before=load_before,
        load_after=loadavg(),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--interval", type=float, default=1.0)
    parser.add_argument("--lags", type=int, default=5)
    args = parser.parse_args()
    if not os.environ.get("RUIMTEFLOW_TEST_ZGW_URL"):
        emit(
            benchmark="zgw_delivery",
            skipped="RUIMTEFLOW_TEST_ZGW_URL is niet gezet: geen Open Zaak om tegen te meten",
        )
        return
    with tempfile.TemporaryDirectory() as tmp:
        platform = _setup(Path(tmp))
        try:
            bench_delivery(platform, args.cases, args.rounds)
            bench_lag(platform, args.interval, args.lags)
        finally:
            platform.close()


if __name__ == "__main__":
    main()

"""Against a real Open Zaak (RUIMTEFLOW_TEST_ZGW_URL; skipped with the reason without it): `zgw catalogus`,
then a permit case from intake through a suspension (aanvulling), a document and a besluit to its end, with
the outbox drained by the worker's own pass; the zaak is read back from Open Zaak. And the fault test: with
Open Zaak unreachable the officer's steps succeed and the calls queue; once it is reachable they drain in
order, with one zaak."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from services import scheduler
from services.config import Settings
from services.documents import NewDocument
from services.documents.service import import_document
from services.platform import Platform
from services.store.models import Case, Counter, OutboxMessage, ZgwObject
from services.zgw import payloads as p
from services.zgw.client import ZgwClient
from services.zgw.config import zgw_config
from services.zgw.lookup import MappingCatalog
from services.zgw.mapping import mapping_for
from services.zgw.remote import ZgwRemote
from tests.integration.document_helpers import pdf
from tests.integration.test_omgevingsvergunning import Omgeving, locatie  # noqa: F401 (fixture)
from tests.zgw.conftest import live_catalogus
from tests.zgw.contract import offline_config
from tests.zgw.fake_zgw import FakeZgw
from tests.zgw.registered import outbox_errors, registered_zaak_url
from tests.zgw.test_fake_zgw import refusal


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The RUIMTEFLOW_ZGW_* settings of the live Open Zaak, with the run's catalogus made by `zgw catalogus`
    (this module's references: up to 2000, tests/zgw/conftest.py live_catalogus)."""
    return live_catalogus(tmp_path_factory)


@pytest.fixture
def z(live: dict[str, str], settings: Settings, clock: Any, locatie: Any) -> Iterator[Omgeving]:  # noqa: F811
    platform = Platform.create(settings.with_(**live), clock, migrate=False)
    yield Omgeving(platform, clock, locatie)
    platform.close()


def drain(platform: Platform) -> dict[str, int]:
    """One pass of the worker (documents swept in, every channel delivered), as `ruimteflow worker` does."""
    return scheduler.deliver_once(platform).as_dict()


def _upload(z: Omgeving, soort: str, titel: str) -> None:
    import_document(
        z.p,
        z.ref,
        pdf(titel),
        NewDocument(informatieobjecttype=soort, bestandsnaam=f"{soort}.pdf", titel=titel),
    )


def _read_back(platform: Platform, url: str) -> dict[str, Any]:
    config = zgw_config(platform.settings)
    assert config is not None
    with ZgwClient(config, timeout=60) as client:
        zaak = client.get(url)
        statussen = client.find("zaken", "statussen", zaak=url)
        names = {s: client.get(s)["omschrijving"] for s in {st["statustype"] for st in statussen}}
        rollen = client.find("zaken", "rollen", zaak=url)
        return {
            "zaak": zaak,
            "statussen": [
                names[s["statustype"]] for s in sorted(statussen, key=lambda s: s["datumStatusGezet"])
            ],
            "rollen": sorted(r["roltoelichting"] for r in rollen),
            "aanvrager": [r for r in rollen if r["roltoelichting"].startswith("aanvrager:")],
            "documenten": [
                client.get(z["informatieobject"])["titel"]
                for z in client.find("zaken", "zaakinformatieobjecten", zaak=url)
            ],
            "besluiten": client.find("besluiten", "besluiten", zaak=url),
            "resultaten": [
                client.get(r["resultaattype"])["omschrijving"]
                for r in client.find("zaken", "resultaten", zaak=url)
            ],
            "zaken": client.find(
                "zaken", "zaken", identificatie=zaak["identificatie"], bronorganisatie=config.rsin
            ),
        }


def test_a_permit_case_is_registered_in_open_zaak(z: Omgeving) -> None:
    z.start()
    assert drain(z.p)["mislukt"] == 0
    z.later(hours=1)
    z.doe(
        "anna",
        "Ontvankelijkheid",
        {"compleet": False, "ontbrekend": "bouwtekening", "aanvullingstermijn_dagen": 14},
    )
    assert drain(z.p)["mislukt"] == 0
    url = registered_zaak_url(z.p)
    suspended = _read_back(z.p, url)["zaak"]
    z.later(days=5)
    z.bericht("aanvulling", {"bijlage": "tekening.pdf"})
    _upload(z, "aanvulling", "Bouwtekening")
    z.later(hours=1)
    z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    z.doe("eva", "Advies Energie", {"oordeel": "akkoord"})
    z.doe(
        "anna", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed", "beoordeling": "Voldoet aan het Bbl."}
    )
    z.later(hours=1)
    z.doe("tom", "Besluit nemen", {"besluit": "verlenen", "motivering": "Past binnen het omgevingsplan."})
    assert drain(z.p)["mislukt"] == 0
    z.later(days=60)  # past the bezwaartermijn and its week for a posted bezwaar (Awb 6:9 lid 2)
    case = z.zaak()
    assert case["status"] == "afgerond"
    report = drain(z.p)
    assert report["mislukt"] == report["dood"] == 0, outbox_errors(z.p)

    remote = _read_back(z.p, url)
    assert (
        suspended["opschorting"]["indicatie"] is True and "bouwtekening" in suspended["opschorting"]["reden"]
    )
    assert suspended["uiterlijkeEinddatumAfdoening"] == "2026-05-11"
    zaak = remote["zaak"]
    assert zaak["opschorting"]["indicatie"] is False
    # the aanvulling came 5 days after the request: the term stood still 4 days (Awb 4:15: "tot" that day)
    assert zaak["uiterlijkeEinddatumAfdoening"] == case["uiterlijkeEinddatumAfdoening"] == "2026-05-01"
    assert zaak["zaakgeometrie"]["type"] == "Polygon" and zaak["einddatum"] is not None
    assert remote["statussen"] == [
        "Aanvraag ontvangen",  # review zgw14 (4): statustype 1, at the registration
        "Ontvankelijkheid beoordelen",
        "Aanvulling gevraagd",
        "Ontvankelijkheid beoordelen",
        "Advies en beoordeling",
        "Besluitvorming",  # the phase that decides (06a858b: was "Besluit genomen")
        "Bezwaar- en beroepstermijn",
        "Afgerond",
    ]
    assert remote["rollen"] == [
        "aanvrager: J. Jansen",
        "adviseur: Energie en Klimaat",
        "adviseur: Milieu",
        "behandelaar: anna",
        "behandelaar: tom",
    ]
    # review zgw14 (3): the initials are no part of the surname
    [aanvrager] = remote["aanvrager"]
    naam = aanvrager["betrokkeneIdentificatie"]
    assert (naam["geslachtsnaam"], naam["voorletters"]) == ("Jansen", "J.")
    # the drawing, the besluit letter made in the task and the two advice reports the advice tasks
    # require (issue 13)
    assert sorted(remote["documenten"]) == [
        f"Besluit (verlenen) {z.ref}",
        "Bouwtekening",
        "advies-eva",
        "advies-mila",
    ]
    [besluit] = remote["besluiten"]
    assert besluit["identificatie"].endswith(f"{z.ref}-B2") or besluit["identificatie"].startswith(
        zaak["identificatie"]
    )
    # review zgw14 (1): the last day for bezwaar the case counted, and the day the besluit was made known
    rm = case["samenvatting"]["rechtsmiddel"]
    assert (besluit["uiterlijkeReactiedatum"], besluit["publicatiedatum"]) == (rm["tot"], rm["van"])
    assert remote["resultaten"] == ["Verleend"] and len(remote["zaken"]) == 1


def test_with_open_zaak_unreachable_steps_succeed_and_calls_drain_in_order_later(
    z: Omgeving, live: dict[str, str]
) -> None:
    reachable = z.p.settings
    closed = {
        k: v.replace(v.split("/")[2], "127.0.0.1:9") for k, v in live.items() if k.endswith("_url") and v
    }
    z.p.settings = reachable.with_(**closed)  # the discard port: nothing listens
    with z.p.uow() as uow:  # references of its own: the other test's zaak in this catalogus is Z-2026-000001
        uow.session.add(Counter(name="zaak-2026", value=500))
        uow.commit()
    z.start()
    z.doe("anna", "Ontvankelijkheid", {"compleet": True})
    z.doe("mila", "Advies Milieu", {"oordeel": "akkoord"})
    assert z.zaak()["fase"] == "advies en beoordeling"  # the officer's steps did not wait for Open Zaak
    report = drain(z.p)
    # only the head of the case was tried
    assert report == {"afgeleverd": 0, "uitgesteld": 0, "mislukt": 1, "dood": 0}
    with z.p.uow(write=False) as uow:
        queued = list(uow.session.scalars(select(OutboxMessage).order_by(OutboxMessage.seq)))
    assert queued[0].status == "mislukt" and "Geen verbinding" in str(queued[0].last_error)
    assert all(m.status == "wachtend" for m in queued[1:]) and len(queued) >= 6

    z.p.settings = reachable  # Open Zaak is back
    z.clock.advance(hours=2)
    assert drain(z.p) == {"afgeleverd": len(queued), "uitgesteld": 0, "mislukt": 0, "dood": 0}
    remote = _read_back(z.p, registered_zaak_url(z.p))
    assert len(remote["zaken"]) == 1
    assert remote["statussen"] == [
        "Aanvraag ontvangen",
        "Ontvankelijkheid beoordelen",
        "Advies en beoordeling",
    ]
    assert remote["rollen"] == ["aanvrager: J. Jansen", "adviseur: Milieu", "behandelaar: anna"]


def test_a_new_document_version_becomes_the_next_versie_in_open_zaak(z: Omgeving) -> None:
    """Lock, PATCH and unlock as Open Zaak 1.30 enforces them: the same enkelvoudiginformatieobject gets
    versie 2 with the new content; a resync afterwards finds it current and changes nothing."""
    import hashlib
    import io

    from services import users
    from services.clock import today
    from services.documents.changes import add_version
    from services.documents.service import upload_document
    from services.zgw.resync import resync

    with z.p.uow() as uow:  # references of its own in the run's catalogus
        uow.session.add(Counter(name="zaak-2026", value=700))
        uow.commit()
    z.start()
    users.add_user(z.p, "bea", groups=["Vergunningen"], role="vergunningverlener")
    meta = NewDocument(informatieobjecttype="bijlage", bestandsnaam="tekening.pdf", titel="Bouwtekening")
    doc = upload_document(z.p, z.ref, "bea", io.BytesIO(pdf("versie 1")), meta)
    assert drain(z.p)["mislukt"] == 0, outbox_errors(z.p)
    second = pdf("versie 2 gecorrigeerd")
    add_version(z.p, doc["id"], "bea", io.BytesIO(second), bestandsnaam="tekening-v2.pdf")
    report = drain(z.p)
    assert report["mislukt"] == report["dood"] == 0, outbox_errors(z.p)
    with z.p.uow(write=False) as uow:
        url = uow.session.scalar(select(ZgwObject.url).where(ZgwObject.local_key == f"document:{doc['id']}"))
    config = zgw_config(z.p.settings)
    assert config is not None and url
    with ZgwClient(config, timeout=60) as client:
        eio = client.get(str(url))
        assert eio["versie"] == 2 and eio["locked"] is False
        assert eio["bestandsnaam"] == "tekening-v2.pdf" and eio["bestandsomvang"] == len(second)
        assert eio["integriteit"] == {
            "algoritme": "sha_256",
            "waarde": hashlib.sha256(second).hexdigest(),
            "datum": today(z.clock).isoformat(),
        }
        z.clock.advance(hours=1)
        resync(z.p, z.ref)
        report = drain(z.p)
        assert report["mislukt"] == report["dood"] == 0, outbox_errors(z.p)
        assert client.get(str(url))["versie"] == 2
        zios = client.find("zaken", "zaakinformatieobjecten", zaak=registered_zaak_url(z.p))
        assert [zio["informatieobject"] for zio in zios].count(url) == 1


def test_the_documents_of_a_closed_zaak_become_definitief_in_open_zaak(z: Omgeving) -> None:
    """At the zaak's end each informatieobject still in_bewerking is locked, PATCHed to definitief and
    unlocked, as Open Zaak 1.30 enforces it; one whose lock an earlier attempt took without hearing the lock
    value is unlocked by force first (Open Zaak allows it to a client with documenten.geforceerd-unlock)."""
    import io

    from services import users
    from services.documents.service import upload_document
    from services.zgw.remote import ZgwRemote
    from services.zgw.versions import LOCK_ASKED

    with z.p.uow() as uow:  # references of its own in the run's catalogus
        uow.session.add(Counter(name="zaak-2026", value=900))
        uow.commit()
    z.start()
    users.add_user(z.p, "bea", groups=["Vergunningen"], role="vergunningverlener")
    docs = [
        upload_document(
            z.p, z.ref, "bea", io.BytesIO(pdf(titel)), NewDocument("bijlage", f"{titel}.pdf", titel=titel)
        )
        for titel in ("Tekening", "Notitie")
    ]
    assert drain(z.p)["mislukt"] == 0, outbox_errors(z.p)
    config = zgw_config(z.p.settings)
    assert config is not None
    with z.p.uow(write=False) as uow:
        urls = [
            str(uow.session.scalar(select(ZgwObject.url).where(ZgwObject.local_key == f"document:{d['id']}")))
            for d in docs
        ]
    with ZgwClient(config, timeout=60) as client:
        assert [client.get(u)["status"] for u in urls] == ["in_bewerking", "in_bewerking"]
        client.post(f"{urls[1]}/lock")  # an attempt that locked it and lost the answer
        remote = ZgwRemote(z.p, config, client, catalog=None)  # type: ignore[arg-type]
        with z.p.uow(write=False) as uow:
            case_id = uow.session.scalar(select(ZgwObject.case_id).where(ZgwObject.url == urls[1]))
        remote.store(int(case_id), f"lock:{docs[1]['id']}", "lock", LOCK_ASKED)
        assert z.bericht("intrekking", {})["status"] == "afgerond"
        report = drain(z.p)
        assert report["mislukt"] == report["dood"] == 0, outbox_errors(z.p)
        for url in urls:
            eio = client.get(url)
            assert (eio["status"], eio["locked"]) == ("definitief", False)
        assert client.get(registered_zaak_url(z.p))["einddatum"] is not None


def test_a_zaak_closed_on_a_beroep_is_dated_from_the_uitspraak_in_open_zaak(z: Omgeving) -> None:
    """Open Zaak 1.30 dates the zaak at its eindstatus from the closing day; for a case closed on a beroep
    Ruimteflow empties those dates (as `zaken opschonen` keeps it undated) and, once the uitspraak is
    recorded, sends the dates counted from it. Changing the closed zaak is allowed to the CI's client."""
    from services.bewaren.termijn import vervallen
    from services.bewaren.uitspraak import vastleggen
    from tests.integration.bezwaar_steps import beroep_na_weigering

    with z.p.uow() as uow:  # references of its own in the run's catalogus
        uow.session.add(Counter(name="zaak-2026", value=1100))
        uow.commit()
    beroep_na_weigering(z)
    report = drain(z.p)
    assert report["mislukt"] == report["dood"] == 0, outbox_errors(z.p)
    zaak = _read_back(z.p, registered_zaak_url(z.p))["zaak"]
    assert zaak["einddatum"] is not None and zaak["archiefnominatie"]
    assert (zaak["startdatumBewaartermijn"], zaak["archiefactiedatum"]) == (None, None)
    z.later(days=30)
    op = z.clock.now().date()
    vastleggen(z.p, z.ref, op.isoformat(), "jurist")
    report = drain(z.p)
    assert report["mislukt"] == report["dood"] == 0, outbox_errors(z.p)
    zaak = _read_back(z.p, registered_zaak_url(z.p))["zaak"]
    [due] = [d for d in vervallen(z.p, date(2100, 1, 1)) if d.zaak == z.ref]
    assert zaak["startdatumBewaartermijn"] == op.isoformat()
    assert zaak["archiefactiedatum"] == (due.bewaren_tot or due.overbrengen_op).isoformat()


@contextmanager
def _started(z: Omgeving, reference: int) -> Iterator[tuple[ZgwClient, ZgwRemote, int]]:
    """A permit case started and registered in Open Zaak, its references from ``reference`` on (its own in
    the run's catalogus): a client and a ZgwRemote on Open Zaak, and the case's id."""
    with z.p.uow() as uow:
        uow.session.add(Counter(name="zaak-2026", value=reference))
        uow.commit()
    z.start()
    assert drain(z.p)["mislukt"] == 0, outbox_errors(z.p)
    config = zgw_config(z.p.settings)
    assert config is not None
    with z.p.uow(write=False) as uow:
        case_id = uow.session.scalars(select(Case.id).where(Case.reference == z.ref)).one()
    with ZgwClient(config, timeout=60) as client:
        yield (
            client,
            ZgwRemote(z.p, config, client, MappingCatalog(client, mapping_for(z.p.settings))),
            case_id,
        )


def test_statuses_at_one_moment_of_the_wall_clock_are_all_accepted_by_open_zaak(z: Omgeving) -> None:
    """Bench zgw: two steps at one clock tick get their statuses a second apart (the start step: the zaak's
    first status at its registration and the phase it ends in), and the worker delivers right after the
    step, so with the real clock the later one was in the future for Open Zaak, which refused it for good
    (400 date-in-future). Three statuses at the wall clock's now, as the worker sends them: all accepted,
    in their order, a second apart."""
    with _started(z, 1300) as (client, remote, case_id):
        types = remote.types(case_id)
        statustypen = [u for u in dict.fromkeys(types.statustypen.values()) if u != types.eindstatustype]
        now = datetime.now(UTC)
        urls = [
            remote.set_status(case_id, f"tik:{i}", st, now, f"tik {i}")
            for i, st in enumerate(statustypen[1:4])
        ]
        given = [client.get(url) for url in urls]
    assert [g["statustype"] for g in given] == statustypen[1:4]
    assert [datetime.fromisoformat(g["datumStatusGezet"].replace("Z", "+00:00")) for g in given] == [
        now + timedelta(seconds=i) for i in range(3)
    ]


def test_the_fake_refuses_the_dates_in_the_future_that_open_zaak_refuses(z: Omgeving) -> None:
    """The offline stand-in (tests/zgw/fake_zgw.py NOT_IN_FUTURE) was more lenient than Open Zaak: it took
    the status a second ahead that Open Zaak refused (fd8a66f). A status a minute ahead of the wall clock
    and a besluit dated tomorrow (UTC), as Ruimteflow words them, to Open Zaak and to the fake: the same
    refusal from both (status, retryable, title and invalidParams)."""
    with (
        _started(z, 1500) as (client, remote, case_id),
        ZgwClient(offline_config(), transport=FakeZgw()) as fake,
    ):
        types, zaak = remote.types(case_id), remote.zaak_url(case_id)
        tomorrow = datetime.now(UTC).date() + timedelta(days=1)
        besluit = p.BesluitFacts(datum=tomorrow, ingangsdatum=tomorrow, bestuursorgaan="College van B&W")
        bodies = {
            "statussen": p.status_create(
                zaak, types.beginstatustype, datetime.now(UTC) + timedelta(minutes=1), "vooruit"
            ),
            "besluiten": p.besluit_create(
                besluit, next(iter(types.besluittypen.values())), zaak_url=zaak, rsin=remote.config.rsin
            ),
        }
        for resource, body in bodies.items():
            api = "zaken" if resource == "statussen" else "besluiten"
            assert refusal(client, api, resource, body) == refusal(fake, api, resource, body), resource

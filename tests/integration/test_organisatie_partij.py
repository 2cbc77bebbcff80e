"""An organisation's party: registered with its first account, corrected, and given to an old organisation.

Review sessie10c (kavel, 3): an organisation registered for the wrong party could not be corrected (nothing
changed app_group.party; the refusal advised a new group, the beheerder moving its accounts by hand).
Review sessie10c (kavel, 4): ``users add ivo --organisatie "Org Zonder Partij"`` without ``--partij`` made an
organisation no case can name, and a case that named an organisation made before migration 0027 (no party)
was refused at a later step with advice ("laat Warmtebedrijf leeg") its user cannot follow there.
Review sessie10d (3): a re-registration and a step naming the organisation at the same moment both went
through (PostgreSQL).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from processes.errors import Conflict, NotFound, ValidationError
from services import account_audit, organisations, users
from services.platform import Platform
from services.store.models import Case, Group
from tests.integration.energie_fixtures import doe, energie_platform, taak, toestand
from tests.integration.test_wijkuitvoeringsplan import WIJK_MODEL, naar, start, wup
from tests.integration.test_wup_organisaties import TELLING, A, old_organisation
from tests.integration.threads import start_thread
from tests.integration.wup_naming import naming_step

__all__ = ["wup"]  # the fixture of the wijkuitvoeringsplan tests (the platform with the model)


def _parties(platform: Platform) -> dict[str, str | None]:
    return {g["naam"]: g["partij"] for g in users.list_groups(platform) if g["soort"] == "organisatie"}


def _named(platform: Platform, organisaties: dict[str, str]) -> str:
    """A plan whose projectleider named ``organisaties``, analysed, one step before 'alternatieven'."""
    ref = str(start(platform)["zaak"])
    doe(platform, ref, "uitgangspunten", {"uitgangspunten": "Aardgasvrij", "organisaties": organisaties})
    naar(platform, ref, "wijkanalyse")
    doe(platform, ref, "analyse_beoordelen", TELLING)
    return ref


def test_a_wrong_party_is_corrected_and_its_accounts_stay(wup: Platform) -> None:
    users.add_user(wup, "anna", organisaties=[A], partij="Netbeheerder")  # the wrong party
    users.add_user(wup, "arie", organisaties=[A])
    done = organisations.register(wup, A, "Warmtebedrijf", door="beheerder bea")
    assert done == {
        "organisatie": A,
        "partij": "Warmtebedrijf",
        "was": "Netbeheerder",
        "accounts": ["anna", "arie"],
    }
    assert _parties(wup)[A] == "Warmtebedrijf"
    assert users.get_user(wup, "anna")["groepen"] == [A] and users.get_user(wup, "arie")["groepen"] == [A]
    for name in ("anna", "arie"):  # in the account audit of each of its accounts
        latest = account_audit.history(wup, name)[0]
        assert latest["wijziging"] == "organisatie-vastgelegd" and latest["door"] == "beheerder bea"
        assert latest["was"] == {"organisatie": A, "partij": "Netbeheerder"}
        assert latest["nu"] == {"organisatie": A, "partij": "Warmtebedrijf"}
    ref = _named(wup, {"Warmtebedrijf": A})  # a case may name it for its right party now
    naar(wup, ref, "alternatieven")
    assert taak(wup, ref, "aanbod_warmtebedrijf")["kandidaatgroepen"] == [A]


def test_the_refusal_of_another_party_tells_how_to_correct_it(wup: Platform) -> None:
    users.add_user(wup, "anna", organisaties=[A], partij="Netbeheerder")
    with pytest.raises(Conflict) as refused:
        users.add_user(wup, "bert", organisaties=[A], partij="Warmtebedrijf")
    assert refused.value.code == "organisatie-andere-partij"
    assert f'ruimteflow users organisatie "{A}" --partij Warmtebedrijf' in str(refused.value)


@pytest.fixture
def wup_any(any_platform: Platform) -> Platform:
    """The wijkuitvoeringsplan on SQLite and on PostgreSQL (the refusal reads ``organisaties`` in SQL)."""
    return energie_platform(any_platform, WIJK_MODEL)


def test_no_new_party_while_a_running_case_names_it_for_its_party(wup_any: Platform) -> None:
    wup = wup_any
    users.add_user(wup, "anna", organisaties=[A], partij="Warmtebedrijf")
    ref = _named(wup, {"Warmtebedrijf": A})
    audit = account_audit.history(wup)
    with pytest.raises(Conflict) as refused:
        organisations.register(wup, A, "Netbeheerder")
    assert refused.value.code == "organisatie-in-gebruik" and ref in str(refused.value), str(refused.value)
    assert _parties(wup)[A] == "Warmtebedrijf" and account_audit.history(wup) == audit  # nothing changed
    with wup.uow() as uow:  # once that case has ended, it may be registered anew
        uow.session.execute(update(Case).where(Case.reference == ref).values(status="afgerond"))
        uow.commit()
    assert organisations.register(wup, A, "Netbeheerder")["was"] == "Warmtebedrijf"


@pytest.mark.parametrize(
    ("name", "party", "error", "code"),
    [
        (A, "Warmtebedrijven", ValidationError, "partij-onbekend"),
        ("Warmtebedrijf", "Warmtebedrijf", ValidationError, "organisatie-is-partij"),
        ("Vergunningen", "Warmtebedrijf", Conflict, "groep-is-afdeling"),
        ("  ", "Warmtebedrijf", ValidationError, "groep-ongeldig"),
    ],
)
def test_registering_refuses_bad_input(
    wup: Platform, name: str, party: str, error: type[Exception], code: str
) -> None:
    users.add_user(wup, "vera", groups=["Vergunningen"])
    before = users.list_groups(wup)
    with pytest.raises(error) as refused:
        organisations.register(wup, name, party)
    assert getattr(refused.value, "code", None) == code, str(refused.value)
    assert users.list_groups(wup) == before


def test_a_new_organisation_needs_its_party(wup: Platform) -> None:
    """Review sessie10c (kavel, 4): accepted, an organisation no case could name."""
    with pytest.raises(ValidationError) as refused:
        users.add_user(wup, "ivo", organisaties=["Org Zonder Partij"])
    assert refused.value.code == "organisatie-zonder-partij" and "--partij" in str(refused.value)
    assert "Org Zonder Partij" not in _parties(wup)
    with pytest.raises(NotFound):
        users.get_user(wup, "ivo")
    users.add_user(wup, "anna", organisaties=[A], partij="Warmtebedrijf")
    users.add_user(wup, "arie", organisaties=[A])  # a further account of a registered one needs none


def test_an_organisation_made_before_the_parties_is_registered(wup: Platform) -> None:
    """Migration 0027 leaves the organisations made before it without a party: a further account of one
    needs --partij too, and `users organisatie` registers it without touching an account."""
    old_organisation(wup, "Liander")
    with pytest.raises(ValidationError) as refused:
        users.add_user(wup, "lars", organisaties=["Liander"])
    assert refused.value.code == "organisatie-zonder-partij"
    assert organisations.register(wup, "Liander", "Netbeheerder")["was"] is None
    users.add_user(wup, "lars", organisaties=["Liander"])
    assert _parties(wup)["Liander"] == "Netbeheerder"


def test_a_later_step_asks_the_beheerder_to_register_the_organisation(wup: Platform) -> None:
    """Review sessie10c (kavel, 4): a plan that named its heat company before that organisation had a party
    (as migration 0027 leaves it) is refused at 'naar alternatieven', which cannot change 'organisaties':
    the refusal said "laat Warmtebedrijf leeg". Now it asks for the beheerder's registration, with the
    command, and after it the step goes through."""
    users.add_user(wup, "anna", organisaties=[A], partij="Warmtebedrijf")
    ref = _named(wup, {"Warmtebedrijf": A})
    with wup.uow() as uow:  # as the upgrade leaves an organisation made before migration 0027
        uow.session.execute(update(Group).where(Group.name == A).values(party=None))
        uow.commit()
    before = toestand(wup, ref)
    with pytest.raises(ValidationError) as refused:
        naar(wup, ref, "alternatieven")
    text = str(refused.value)
    assert refused.value.code == "organisatie-onbekend"
    assert (
        f"Vraag de beheerder '{A}' voor Warmtebedrijf vast te leggen met: ruimteflow users organisatie \"{A}\" --partij Warmtebedrijf"
        in text
    )
    assert "leeg" not in text and "schrijfwijze" not in text, text
    assert toestand(wup, ref) == before
    organisations.register(wup, A, "Warmtebedrijf")
    naar(wup, ref, "alternatieven")
    assert taak(wup, ref, "aanbod_warmtebedrijf")["kandidaatgroepen"] == [A]


# -- a re-registration while a step names the organisation (review sessie10d, 3) -------------------------

WAIT = 10.0  # seconds: a thread that does not finish by then is stuck
BLOCKED = 2.0  # seconds a thread is given to show that it would run through without waiting


@pytest.fixture
def wup_pg(pg_platform: Platform) -> Platform:
    return energie_platform(pg_platform, WIJK_MODEL)


def _race(first: Callable[[], Any], second: Callable[[], Any]) -> tuple[Any, Any, bool]:
    """Run ``first`` in a thread held just before its commit, then ``second`` in another; release
    ``first`` after ``second`` had BLOCKED seconds. Their results (or errors), and whether ``second``
    was still waiting when ``first`` was released."""
    held, go_on, holder, out = threading.Event(), threading.Event(), set(), {}

    def hold(session: Session) -> None:
        if threading.get_ident() in holder and not held.is_set():
            held.set()
            go_on.wait(WAIT)

    def run_first() -> Any:
        holder.add(threading.get_ident())
        return first()

    event.listen(Session, "before_commit", hold)
    try:
        one = start_thread(run_first, out, "first")
        assert held.wait(WAIT)
        two = start_thread(second, out, "second")
        two.join(BLOCKED)
        waited = two.is_alive()
        go_on.set()
        one.join(WAIT)
        two.join(WAIT)
    finally:
        go_on.set()
        event.remove(Session, "before_commit", hold)
    return out["first"], out["second"], waited


@pytest.mark.postgres
def test_a_re_registration_waits_for_a_step_naming_the_organisation(wup_pg: Platform) -> None:
    """Review sessie10d (3): register(A, Netbeheerder) read the cases before the step naming A for
    Warmtebedrijf committed, and both went through: the case named A for a party it no longer had. Now
    the step holds A's group shared: the registration waits for its commit, then sees the case and refuses."""
    ref, step = naming_step(wup_pg)
    done, refused, waited = _race(step, lambda: organisations.register(wup_pg, A, "Netbeheerder"))
    assert isinstance(done, dict), done
    assert isinstance(refused, Conflict) and refused.code == "organisatie-in-gebruik", refused
    assert ref in str(refused)
    assert waited  # the registration waited for the step's commit
    assert _parties(wup_pg)[A] == "Warmtebedrijf"
    with wup_pg.uow(write=False) as uow:
        summary = uow.session.scalar(select(Case.summary).where(Case.reference == ref))
    assert summary["organisaties"] == {"Warmtebedrijf": A}


@pytest.mark.postgres
def test_a_step_naming_an_organisation_waits_for_its_re_registration(wup_pg: Platform) -> None:
    """The other order: the step waits for the registration's commit, then sees A is Netbeheerder's and is
    refused (before, it read A's old party and named it for Warmtebedrijf after the registration)."""
    ref, step = naming_step(wup_pg)
    before = toestand(wup_pg, ref)
    done, refused, waited = _race(lambda: organisations.register(wup_pg, A, "Netbeheerder"), step)
    assert isinstance(done, dict) and done["was"] == "Warmtebedrijf", done
    assert isinstance(refused, ValidationError) and refused.code == "organisatie-onbekend", refused
    assert f"'{A}' is een organisatie van Netbeheerder" in str(refused)
    assert waited  # the step waited for the registration's commit
    assert _parties(wup_pg)[A] == "Netbeheerder"
    assert toestand(wup_pg, ref) == before


# -- an account for an organisation while it is re-registered (review sessie11, claim11 2) -----------------


@pytest.mark.postgres
def test_an_account_for_an_organisation_waits_for_its_re_registration(wup_pg: Platform) -> None:
    """Review sessie11 (claim11, 2): ``users add anna --organisatie A --partij Warmtebedrijf`` read A's
    (missing) party before a concurrent ``users organisatie A --partij Netbeheerder`` committed, then
    wrote Warmtebedrijf over it: both were told they succeeded and A was not the party the registration
    said. Now the account's registration locks A as the re-registration does: it waits for its commit, sees
    A is Netbeheerder's, and is refused; the account is not made."""
    old_organisation(wup_pg, A)  # made before migration 0027: no party yet
    done, refused, waited = _race(
        lambda: organisations.register(wup_pg, A, "Netbeheerder"),
        lambda: users.add_user(wup_pg, "anna", organisaties=[A], partij="Warmtebedrijf"),
    )
    assert isinstance(done, dict) and done["was"] is None, done
    assert isinstance(refused, Conflict) and refused.code == "organisatie-andere-partij", refused
    assert waited  # the account waited for the registration's commit
    assert _parties(wup_pg)[A] == "Netbeheerder"
    with pytest.raises(NotFound):
        users.get_user(wup_pg, "anna")


@pytest.mark.postgres
def test_a_re_registration_waits_for_an_account_registering_the_organisation(wup_pg: Platform) -> None:
    """The other order: the re-registration waits for the account's commit, then changes the party it
    registered (the account stays, with an audit line)."""
    old_organisation(wup_pg, A)
    done, moved, waited = _race(
        lambda: users.add_user(wup_pg, "anna", organisaties=[A], partij="Warmtebedrijf"),
        lambda: organisations.register(wup_pg, A, "Netbeheerder"),
    )
    assert isinstance(done, dict) and done["groepen"] == [A], done
    assert isinstance(moved, dict) and moved["was"] == "Warmtebedrijf" and moved["accounts"] == ["anna"], (
        moved
    )
    assert waited
    assert _parties(wup_pg)[A] == "Netbeheerder"
    assert account_audit.history(wup_pg, "anna")[0]["wijziging"] == "organisatie-vastgelegd"

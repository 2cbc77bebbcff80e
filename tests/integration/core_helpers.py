"""Helpers for core integration tests: deploy the small permit model, snapshot the database, read a case
row or an inbox, queue mails."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, text

from services import deployments, inbox, outbox, users
from services.platform import Platform
from services.store.models import Case, User
from tests.conftest import FIXTURES
from tests.recorded_setup import set_up

KLEIN = FIXTURES / "bpmn" / "vergunning_klein.bpmn"
TABLES = (
    "model_file",
    "process_definition",
    "zaak",
    "workflow_state",
    "workflow_spec",
    "human_task",
    "task_candidate",
    "case_event",
    "case_conflict",
    "case_link",
    "app_group",
    "app_user",
    "user_group",
    "counter",
)


def setup_klein(platform: Platform) -> None:
    """The small permit model deployed, anna and jan added (done once per test process and copied to the
    later tests that start from the same point: tests/recorded_setup.py)."""
    files = deployments.read_files([KLEIN])
    set_up(platform, ("setup_klein", files), lambda: _deploy_klein(platform, files))


def _deploy_klein(platform: Platform, files: list[tuple[str, str]]) -> None:
    deployments.deploy(platform, files)
    users.add_user(platform, "anna", groups=["Vergunningen"], role="vergunningverlener", display_name="Anna")
    users.add_user(platform, "jan", groups=["Juridisch"], role="adviseur", display_name="Jan")


def snapshot(platform: Platform) -> dict[str, Any]:
    """Every row of every table, to prove a refused action changed nothing."""
    out = {}
    with platform.engine.connect() as conn:
        for t in TABLES:
            rows = conn.execute(text(f"select * from {t}")).all()
            out[t] = sorted(tuple(str(v) for v in r) for r in rows)
    return out


def list_users(platform: Platform) -> list[dict[str, Any]]:
    """Every account, as ``services.users.user_dict`` gives it, by username."""
    with platform.uow(write=False) as uow:
        return [users.user_dict(u) for u in uow.session.scalars(select(User).order_by(User.username)).all()]


def case_row(platform, ref: str) -> Case:
    """The case row of ``ref``."""
    with platform.uow(write=False) as uow:
        return uow.session.scalars(select(Case).where(Case.reference == ref)).one()


def open_task_names(platform, user: str = "anna") -> list[str]:
    """The names of the tasks in ``user``'s inbox."""
    return [t["naam"] for t in inbox.list_tasks(platform, user)["taken"]]


def flat(text: str) -> str:
    """``text`` with every run of white space one space (a mail or letter as one line)."""
    return " ".join(text.split())


def queued_mails(platform, n: int) -> list[int]:
    """``n`` volglink mails queued in the outbox, none of a case: their ids."""
    with platform.uow() as uow:
        ids = [
            outbox.enqueue(
                uow.session,
                "email",
                None,
                "volglink",
                {"aan": f"aanvrager{i}@example.nl"},
                now=platform.clock.now(),
            ).id
            for i in range(n)
        ]
        uow.commit()
    return ids

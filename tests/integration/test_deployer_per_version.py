"""Each model version keeps who deployed it; the beheer page and the API name that account.

Review finding (beheer 5): "door" was read from the version's main FILE (model_file.deployed_by, the
first account that ever deployed that content). kees rolled back to bea's file as version 3 and the
page said "door bea"; a version made because a called model changed named its file's first author.
"""

from __future__ import annotations

from typing import Any

from alembic import command
from sqlalchemy import MetaData, Table, select

from services import beheer, deployments, users
from services.platform import Platform
from services.store import db
from tests.integration.inbox_case import model
from tests.integration.migration_steps import run_migration
from tests.integration.old_cases import NOW, database_url  # noqa: F401


def test_a_rollback_names_who_deployed_it_not_who_first_deployed_the_file(platform: Platform):
    users.add_user(platform, "bea", groups=["Beheer"], role="beheerder")
    users.add_user(platform, "kees", groups=["Beheer"], role="beheerder")
    deployments.deploy(platform, [("baan.bpmn", model("Vergunningen"))], user="bea")
    deployments.deploy(platform, [("baan.bpmn", model("Juridisch"))], user="kees")
    [v3] = deployments.deploy(platform, [("baan.bpmn", model("Vergunningen"))], user="kees")

    [overview] = beheer.model_overview(platform)
    assert [(v["versie"], v["door"]) for v in overview["versies"]] == [(3, "kees"), (2, "kees"), (1, "bea")]
    assert beheer.model_detail(platform, "baan_proef")["door"] == "kees"
    assert beheer.model_detail(platform, "baan_proef", 1)["door"] == "bea"
    assert (v3["versie"], v3["gedeployed_door"]) == (3, "kees")
    listed = {d["versie"]: d["gedeployed_door"] for d in deployments.list_definitions(platform)}
    assert listed[3] == "kees"


def _tables(engine: Any) -> tuple[Table, Table]:
    meta = MetaData()
    return Table("model_file", meta, autoload_with=engine), Table(
        "process_definition", meta, autoload_with=engine
    )


def test_0021_fills_the_deployer_of_the_versions_before_it_from_their_main_file(database_url: str):  # noqa: F811
    engine = db.make_engine(database_url)
    try:
        db.migrate(engine)
        run_migration(engine, command.downgrade, "0020")
        files, definitions = _tables(engine)
        row = {"name": "p", "bundle_hash": "b", "file_hashes": [], "lanes": [], "deployed_at": NOW}
        with engine.begin() as conn:
            for h, by in (("h1", "bea"), ("h2", None)):
                conn.execute(files.insert().values(content_hash=h, filename=f"{h}.bpmn", kind="bpmn",
                                                   source="<x/>", deployed_at=NOW, deployed_by=by))  # fmt: skip
            for version, h in ((1, "h1"), (2, "h2"), (3, "h1")):
                conn.execute(
                    definitions.insert().values(process_id="p", version=version, main_file_hash=h, **row)
                )
        run_migration(engine, command.upgrade, "0021")
        _, definitions = _tables(engine)
        with engine.begin() as conn:
            found = conn.execute(
                select(definitions.c.version, definitions.c.deployed_by).order_by(definitions.c.version)
            ).all()
        assert [tuple(r) for r in found] == [(1, "bea"), (2, None), (3, "bea")]
        run_migration(engine, command.downgrade, "0020")
        _, definitions = _tables(engine)
        assert "deployed_by" not in definitions.c
        run_migration(engine, command.upgrade, "head")
    finally:
        engine.dispose()

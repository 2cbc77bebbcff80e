"""tests/recorded_state.py: a set-up restored from a recording gives each later test its own copy of what the
set-up left (rows, files, the clock's moment, settings, result), and a set-up that stores its test's folder
is refused rather than copied."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from services import users
from services.clock import FixedClock
from services.platform import Platform
from tests.integration.core_helpers import list_users
from tests.integration.test_recorded_setup import Fresh, fresh
from tests.recorded_state import prepared

__all__ = ["fresh"]  # the fixture, used here

START = datetime(2026, 3, 2, 9, 0)


class Steps:
    """A set-up that adds a user, writes a document and a mapping file in the platform's folder, moves the
    clock two days and returns a result; it counts its runs."""

    def __init__(self, fresh: Fresh, name: str = "anna"):
        self.fresh, self.name, self.runs = fresh, name, 0

    def on(self, p: Platform) -> dict[str, Any]:
        return prepared(p, (str(self.fresh.folder), "steps"), lambda: self._run(p))

    def _run(self, p: Platform) -> dict[str, Any]:
        self.runs += 1
        folder = Path(p.settings.instance_dir)
        users.add_user(p, self.name, groups=["Vergunningen"])
        (folder / "documenten").mkdir()
        (folder / "documenten" / "a.pdf").write_bytes(b"%PDF tekening")
        (folder / "zgw.toml").write_text("[procedure]\n", encoding="utf-8")
        p.settings = p.settings.with_(zgw_mapping_file=str(folder / "zgw.toml"))
        p.clock.advance(days=2)  # type: ignore[attr-defined]
        return {"zaak": "ZAAK-1", "codes": ["a"]}


def _platform(fresh: Fresh) -> Platform:
    return fresh.platform(FixedClock(START))


def test_a_later_test_gets_a_copy_of_everything_without_running_the_set_up(fresh: Fresh) -> None:
    steps = Steps(fresh)
    first, second = _platform(fresh), _platform(fresh)
    made = steps.on(first)
    again = steps.on(second)
    assert steps.runs == 1
    assert again == made and again is not made
    assert list_users(second) == list_users(first)
    folder = Path(second.settings.instance_dir)
    assert folder != Path(first.settings.instance_dir)
    assert (folder / "documenten" / "a.pdf").read_bytes() == b"%PDF tekening"
    assert second.settings.zgw_mapping_file == str(folder / "zgw.toml")
    assert second.settings.database_url != first.settings.database_url
    assert second.clock.now() == first.clock.now() == FixedClock(START).advance(days=2)


def test_no_copy_sees_what_another_test_wrote(fresh: Fresh) -> None:
    steps = Steps(fresh)
    first, second, third = _platform(fresh), _platform(fresh), _platform(fresh)
    steps.on(first)
    made = steps.on(second)
    made["codes"].append("b")
    users.add_user(second, "bob", groups=["Milieu"])
    (Path(second.settings.instance_dir) / "documenten" / "a.pdf").write_bytes(b"overschreven")
    assert steps.on(third) == {"zaak": "ZAAK-1", "codes": ["a"]}
    assert steps.runs == 1
    assert [u["gebruikersnaam"] for u in list_users(third)] == ["anna"]
    assert (Path(third.settings.instance_dir) / "documenten" / "a.pdf").read_bytes() == b"%PDF tekening"


def test_another_starting_point_runs_the_set_up_itself(fresh: Fresh) -> None:
    steps = Steps(fresh)
    steps.on(_platform(fresh))
    with_a_file = _platform(fresh)
    (Path(with_a_file.settings.instance_dir) / "notitie.txt").write_text("eerder", encoding="utf-8")
    steps.on(with_a_file)
    with_rows = _platform(fresh)
    users.add_user(with_rows, "bob", groups=["Milieu"])
    steps.on(with_rows)
    later = fresh.platform(FixedClock(FixedClock(START).advance(hours=1)))
    steps.on(later)
    assert steps.runs == 4
    assert [u["gebruikersnaam"] for u in list_users(with_rows)] == ["anna", "bob"]


def test_a_set_up_that_stores_its_folder_is_not_copied(fresh: Fresh) -> None:
    p = _platform(fresh)

    def names_its_folder() -> None:
        users.add_user(p, "anna", groups=[], display_name=str(p.settings.instance_dir))

    with pytest.raises(RuntimeError, match="het pad van de testmap"):
        prepared(p, (str(fresh.folder), "folder"), names_its_folder)


def test_recordings_of_both_kinds_keep_their_own_database_files(fresh: Fresh) -> None:
    steps, other = Steps(fresh), Steps(fresh, name="bob")
    first = _platform(fresh)
    steps.on(first)
    other.on(fresh.platform(FixedClock(FixedClock(START).advance(hours=1))))
    fresh.set_up(_platform(fresh))  # tests/recorded_setup.py's recording of an "Anna 1"
    restored = _platform(fresh)
    steps.on(restored)
    assert (steps.runs, other.runs, len(fresh.runs)) == (1, 1, 1)
    assert list_users(restored) == list_users(first)

"""A procedure whose zgw.toml mapping has no besluittype for the beslissing op bezwaar (a custom procedure
with bezwaar, or a zgw.toml from before the type): its beslissing is recorded once as not sent to the
zaakregistratie (the note on its delivered message, as for any deliberate skip), never as a failure, and
a `zgw resync` does not add the same note again (it did, once per resync). Once zgw.toml has the type, a
resync registers it. The deploy warns beforehand (tests/integration/test_deploy_model_config.py)."""

from __future__ import annotations

import re
from pathlib import Path

from services.config import SHIPPED_BPMN_DIR
from services.zgw.resync import resync
from tests.integration.bezwaar_steps import bezwaar_tegen
from tests.integration.test_beslissen_op_bezwaar import TAAK
from tests.integration.test_omgevingsvergunning import Omgeving, locatie  # noqa: F401 (fixture)
from tests.zgw.test_publication import message_notes
from tests.zgw.test_publication_beslissing_op_bezwaar import ONGEGROND
from tests.zgw.test_publication_herroepen import besluiten
from tests.zgw.test_publication_zaaktype_versie import World, strict_world

#: the besluittype blocks of the beslissing op bezwaar in the shipped zgw.toml
BLOCK = r"\[procedure\.\w+\.besluittypen\.beslissing_op_bezwaar\].*?\nbeslissing_op_bezwaar = true\n"


def bezwaar_notes(w: World) -> list[tuple[str, str | None, str | None]]:
    """Each beslissing-op-bezwaar message's status, error and beheer's note (``notitie``)."""
    return message_notes(w.platform, "beslissing-op-bezwaar", channel="zgw")


def without_bezwaar_type(folder: Path) -> Path:
    """The shipped zgw.toml without its besluittypen for the beslissing op bezwaar, written in ``folder``."""
    shipped = (SHIPPED_BPMN_DIR / "zgw.toml").read_text(encoding="utf-8")
    text = re.sub(BLOCK, "", shipped, flags=re.DOTALL)
    assert "\nbeslissing_op_bezwaar = true" in shipped and "\nbeslissing_op_bezwaar = true" not in text
    path = folder / "zgw.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_beslissing_is_recorded_once_as_not_sent_and_sent_once_the_type_is_there(
    settings,
    clock,
    locatie,  # noqa: F811
    tmp_path: Path,
) -> None:
    mapping = without_bezwaar_type(tmp_path)
    with strict_world(settings.with_(zgw_mapping_file=str(mapping)), clock) as w:
        z = Omgeving(w.platform, clock, locatie)
        bezwaar_tegen(z, "verlenen")
        assert z.doe("jet", TAAK, ONGEGROND)["status"] == "afgerond"
        w.deliver()
        notes = bezwaar_notes(w)
        assert [(status, error) for status, error, _ in notes] == [("afgeleverd", None)]
        assert str(notes[0][2]).startswith(
            "De beslissing op bezwaar gaat niet naar de zaakregistratie: geen besluittype"
        )
        assert [s for s in w.states() if s[1] != "afgeleverd"] == []

        resync(w.platform, z.ref)  # everything once more, but not the same note again
        w.deliver()
        assert bezwaar_notes(w) == notes
        assert [s for s in w.states() if s[1] != "afgeleverd"] == []
        assert besluiten(w, op_bezwaar=True) == []

        mapping.write_text((SHIPPED_BPMN_DIR / "zgw.toml").read_text(encoding="utf-8"), encoding="utf-8")
        resync(w.platform, z.ref)  # zgw.toml has the type now: the resync queues the beslissing again
        assert len([s for s in w.states() if s[0] == "beslissing-op-bezwaar"]) == 2

"""A constant kandidaatgroepen that names a group that does not exist or has no members is warned
about at deploy, as a lane of such a group is (a warning: the group may be filled later).

Review finding (rv11 editor, 5): a typo ("Vergunnigen") or a Camunda import's ["ROLE_USER"] deployed
with ``waarschuwingen: []``; the task sat in a group nobody can see. Only lanes were checked
(deploy._task_lanes skips tasks with kandidaatgroepen).
"""

from __future__ import annotations

from pathlib import Path

from services import deployments, users
from services.platform import Platform

KLEIN = Path("tests/fixtures/bpmn/vergunning_klein.bpmn").read_text()
FASE = '<spiffworkflow:property name="fase" value="beoordeling" />'


def with_groups(value: str) -> str:
    return KLEIN.replace(FASE, FASE + f'<spiffworkflow:property name="kandidaatgroepen" value="{value}" />')


def warnings(platform: Platform, xml: str) -> list[str]:
    [row] = deployments.deploy(platform, [("vergunning_klein.bpmn", xml)], user="bea")
    # the group warnings only: not the lanes', nor the status text's ("Uw aanvraag is ontvangen": text_checks)
    return [w for w in row["waarschuwingen"] if not w.startswith(("Lane ", "De statustekst"))]


def test_an_unknown_group_in_kandidaatgroepen_is_warned_about(platform: Platform) -> None:
    users.add_user(platform, "anna", groups=["Vergunningen"], role="vergunningverlener")
    found = warnings(platform, with_groups("&quot;Vergunnigen&quot;"))
    assert found == [
        "Kandidaatgroep 'Vergunnigen' van taak 'Aanvraag beoordelen' (beoordelen) bestaat niet; zo'n taak "
        "ziet niemand. Controleer de groepnaam in 'kandidaatgroepen' of voeg leden toe aan de groep "
        "'Vergunnigen'."
    ]


def test_a_group_without_members_is_warned_about_and_a_staffed_one_is_not(platform: Platform) -> None:
    users.add_user(platform, "anna", groups=["Vergunningen"], role="vergunningverlener")
    deployments.deploy(platform, [("vergunning_klein.bpmn", KLEIN)], user="bea")  # makes group Juridisch
    found = warnings(
        platform, with_groups("[&quot;Vergunningen&quot;, &quot;Juridisch&quot;, &quot;ROLE_USER&quot;]")
    )
    assert len(found) == 2, found
    assert found[0].startswith(
        "Kandidaatgroep 'Juridisch' van taak 'Aanvraag beoordelen' (beoordelen) heeft geen leden"
    )
    assert found[1].startswith(
        "Kandidaatgroep 'ROLE_USER' van taak 'Aanvraag beoordelen' (beoordelen) bestaat niet"
    )


def test_a_staffed_group_or_an_expression_gives_no_warning(platform: Platform) -> None:
    users.add_user(platform, "anna", groups=["Vergunningen"], role="vergunningverlener")
    assert warnings(platform, with_groups("&quot;Vergunningen&quot;")) == []
    assert warnings(platform, with_groups("compleet and &quot;X&quot; or &quot;Y&quot;")) == []

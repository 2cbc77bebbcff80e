"""What the outside parties of a wijkuitvoeringsplan see of the case they are asked to judge.

Reviewer finding (rv9 warmte2 4): the Woningcorporatie's and the Netbeheerder's tasks say "Geef de inbreng
... op de alternatieven en kosten (zie zaak)", but their API view of the case had an empty summary: no
alternatives, no costs per stakeholder, no home counts ([velden].extern shared no part of it).
"""

from __future__ import annotations

from typing import Any

from services import cases, users
from services.platform import Platform
from tests.integration.energie_fixtures import doe
from tests.integration.test_wijkuitvoeringsplan import naar, start, wup
from web import create_app

__all__ = ["wup"]  # the fixture of the wijkuitvoeringsplan tests (the platform with the model)


def tot_alternatieven_open(platform: Platform) -> str:
    """A plan in 'alternatieven' with the outside parties' four tasks open."""
    ref = str(start(platform)["zaak"])
    doe(platform, ref, "uitgangspunten", {"uitgangspunten": "Aardgasvrij in 2032"})
    naar(platform, ref, "wijkanalyse")
    correcties = {
        "aantal_woningen": 800,
        "aandeel_koop": 50,
        "aandeel_sociale_huur": 40,
        "aandeel_particuliere_huur": 10,
    }
    doe(platform, ref, "analyse_beoordelen", {"conclusie": "Telling.", "correcties": correcties})
    naar(platform, ref, "alternatieven")
    return ref


def test_the_outside_parties_see_the_figures_they_are_asked_to_judge(wup: Platform) -> None:
    users.add_user(wup, "woonst", groups=["Woningcorporatie"], role="medewerker", token="tok-corp")
    users.add_user(wup, "netb", groups=["Netbeheerder"], role="medewerker", token="tok-net")
    ref = tot_alternatieven_open(wup)
    staff = cases.get_case(wup, ref)["samenvatting"]
    client = create_app(wup.settings, platform=wup).test_client()
    for token, element in (("tok-corp", "inbreng_corporatie"), ("tok-net", "netimpact")):
        antwoord = client.get(f"/api/v1/zaken/{ref}", headers={"Authorization": f"Bearer {token}"})
        assert antwoord.status_code == 200, antwoord.get_json()
        zaak: dict[str, Any] = antwoord.get_json()
        assert [t["element"] for t in zaak["open_taken"]] == [element]
        samenvatting = zaak["samenvatting"]
        # the totals, and per alternative the costs per stakeholder and the home count
        assert samenvatting["alternatieven"] == staff["alternatieven"]
        gegevens = samenvatting["gegevens"]
        assert gegevens["alternatieven"] == staff["gegevens"]["alternatieven"]
        warmtenet = next(a for a in gegevens["alternatieven"]["alternatieven"] if a["code"] == "warmtenet")
        assert {"woningcorporatie", "netbeheerder", "warmtebedrijf"} <= set(warmtenet["kosten"])
        assert gegevens["alternatieven"]["aantal_woningen"] == 800
        assert gegevens["correcties"] == {
            "aantal_woningen": 800,
            "aandeel_koop": 50,
            "aandeel_sociale_huur": 40,
            "aandeel_particuliere_huur": 10,
        }
        assert samenvatting["wijk_code"] == "WK0101"
        # nothing else of the case's data: not its whole state, not the plan's conclusion
        assert set(gegevens) == {"alternatieven", "correcties"}
        assert "initiatiefnemer" in zaak and not zaak["initiatiefnemer"]

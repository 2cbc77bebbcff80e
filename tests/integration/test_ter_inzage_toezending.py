"""What the applicant and the indieners of zienswijzen are told in the uitgebreide procedure (review status15b).

R1: on the day the case entered "Ontwerpbesluit opstellen" the applicant was mailed "nieuwe fase: Ontwerpbesluit
ter inzage ... ligt zes weken ter inzage" and the step bar read "Ontwerpbesluit ter inzage, sinds <that day>",
while the ontwerp was laid down only later; no mail ever gave the period. Now drafting belongs to Beoordeling,
the ter inzage phase starts when the ontwerp is laid down, and a mail then names the period and the post week.

R2: nobody sent the besluit to the indieners of zienswijzen (Awb 3:44 lid 1 onder b), though beroep is open
only to them (Awb 6:13). Now at the bekendmaking each indiener with an e-mail address is mailed the outcome,
where to read the besluit and the beroep term; one without is listed for the officer as "per post toe te
zenden", and the case records per zienswijze to whom and when the besluit was sent.

Dates: the beoordeling ends Monday 2 March 2026; the ontwerp is laid down on Wednesday 4 March, ter inzage up
to and including Tuesday 14 April, post week to Tuesday 21 April; the besluit is sent Wednesday 22 April,
beroep up to and including Wednesday 3 June 2026.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from services.status import view
from tests.integration import test_omgevingsvergunning as ov
from tests.integration.test_omgevingsvergunning import Omgeving

z, locatie = ov.z, ov.locatie
AANVRAGER = "jansen@example.org"


def _flat(text: str) -> str:
    return " ".join(text.split())


def _bar(code: str, z: Omgeving) -> dict[str, dict[str, Any]]:
    return {stap["naam"]: stap for stap in view.public_status(z.p, code)["fasen"]}


def _tot_ontwerp(z: Omgeving) -> str:
    """An uitgebreide case whose beoordeling is done on Monday 2 March 2026; returns its tracking code."""
    return str(z.start_uitgebreid(email=AANVRAGER)["volgcode"])


def test_the_ter_inzage_mail_comes_when_the_ontwerp_is_laid_down_and_names_its_days(z: Omgeving) -> None:
    code = _tot_ontwerp(z)
    before = len(z.mails())
    case = z.doe("odin", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed"})
    assert case["fase"] == "ontwerpbesluit"
    drafting = z.mails()[before:]
    assert not any("ter inzage" in m["onderwerp"] + m["tekst"] for m in drafting), drafting
    bar = _bar(code, z)
    assert "Ontwerpbesluit ter inzage" not in bar  # optional: not reached yet
    assert bar["Beoordeling"]["stand"] == "huidig"

    z.op(datetime(2026, 3, 4, 8, 0, tzinfo=UTC))
    before = len(z.mails())
    z.doe("odin", "Ontwerpbesluit", {"ontwerp": "verlenen"})
    [mail] = z.mails()[before:]
    assert mail["aan"] == AANVRAGER and mail["soort"] == "ter_inzage"
    assert mail["onderwerp"] == f"Het ontwerpbesluit op uw aanvraag {z.ref} ligt ter inzage"
    tekst = _flat(mail["tekst"])
    assert "van 4 maart 2026 tot en met 14 april 2026" in tekst
    assert "uiterlijk op 14 april 2026 op de post" in tekst and "tot en met 21 april 2026" in tekst
    assert "verlenen" in tekst
    bar = _bar(code, z)
    assert bar["Ontwerpbesluit ter inzage"] == {**bar["Ontwerpbesluit ter inzage"], "stand": "huidig"}
    assert bar["Ontwerpbesluit ter inzage"]["sinds"] == "2026-03-04"
    assert bar["Beoordeling"]["stand"] == "afgerond"


def _besluit_met_zienswijzen(z: Omgeving) -> dict[str, Any]:
    """Three zienswijzen: a neighbour with an e-mail address (on time), one by letter without (on time), one
    late with an address; the besluit is taken and sent on 22 April 2026. Returns the case."""
    _tot_ontwerp(z)
    z.doe("odin", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed"})
    z.later(days=2)
    z.doe("odin", "Ontwerpbesluit", {"ontwerp": "verlenen"})
    z.op(datetime(2026, 3, 20, 8, 0, tzinfo=UTC))
    buurman = "K. Buurman, Dorpsstraat 3, buurman@example.org"
    z.bericht("zienswijze", {"indiener": buurman, "inhoud": "Te hoog.", "ontvangen_op": "2026-03-20"})
    z.bericht(
        "zienswijze",
        {"indiener": "P. Brief, Dorpsstraat 5", "inhoud": "Te dicht.", "ontvangen_op": "2026-03-20"},
    )
    z.op(datetime(2026, 4, 22, 8, 0, tzinfo=UTC))
    z.bericht(
        "zienswijze",
        {"indiener": "L. Laat <laat@example.org>", "inhoud": "Te laat.", "ontvangen_op": "2026-04-22"},
    )
    return z.doe("tom", "Besluit nemen", {"besluit": "verlenen", "motivering": "Zienswijzen weerlegd."})


def test_the_indieners_of_zienswijzen_are_sent_the_besluit(z: Omgeving) -> None:
    before = len(z.mails())
    case = _besluit_met_zienswijzen(z)
    sent = [m for m in z.mails()[before:] if m["soort"] == "besluit_zienswijze"]
    assert sorted(m["aan"] for m in sent) == ["buurman@example.org", "laat@example.org"]
    buurman = next(m for m in sent if m["aan"] == "buurman@example.org")
    tekst = _flat(buurman["tekst"])
    assert buurman["onderwerp"] == f"Besluit over de aanvraag {z.ref} waarop u een zienswijze gaf"
    assert "vergunning verleend" in tekst and "zienswijze nr. 1" in tekst
    assert "tot en met woensdag 3 juni 2026 in beroep gaan bij de rechtbank" in tekst
    assert z.ref in tekst and "opvragen" in tekst  # where to read the besluit
    # a third party: nothing of the applicant beyond what a public bekendmaking holds, nor the others
    assert AANVRAGER not in tekst and "/status/" not in tekst and "Brief" not in tekst
    laat = _flat(next(m for m in sent if m["aan"] == "laat@example.org")["tekst"])
    assert "te laat" in laat and "6:13" in laat

    zienswijzen = {z_["nummer"]: z_ for z_ in case["samenvatting"]["ingediende_zienswijzen"]}
    assert zienswijzen[1]["besluit_toegezonden"] == {
        "per": "e-mail",
        "aan": "buurman@example.org",
        "op": "2026-04-22",
    }
    assert zienswijzen[2]["besluit_toegezonden"] == {"per": "post", "op": None}
    assert zienswijzen[3]["besluit_toegezonden"]["per"] == "e-mail"
    [regel] = [e for e in z.zaak()["tijdlijn"] if "3:44" in e["tekst"]]
    assert not regel["publiek"]
    assert "per e-mail toegezonden aan de indieners van zienswijze nr. 1 en 3" in regel["tekst"]
    assert "Per post toe te zenden aan de indiener van zienswijze nr. 2" in regel["tekst"]


def test_the_applicants_own_zienswijze_is_answered_by_the_applicants_mails(z: Omgeving) -> None:
    _tot_ontwerp(z)
    z.doe("odin", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed"})
    z.later(days=2)
    z.doe("odin", "Ontwerpbesluit", {"ontwerp": "verlenen"})
    z.op(datetime(2026, 3, 20, 8, 0, tzinfo=UTC))
    z.bericht("zienswijze", {"indiener": "de aanvrager (via de statuspagina)", "inhoud": "Graag snel."})
    z.op(datetime(2026, 4, 22, 8, 0, tzinfo=UTC))
    before = len(z.mails())
    case = z.doe("tom", "Besluit nemen", {"besluit": "verlenen", "motivering": "Past."})
    assert {m["aan"] for m in z.mails()[before:]} == {AANVRAGER}
    [zienswijze] = case["samenvatting"]["ingediende_zienswijzen"]
    assert zienswijze["besluit_toegezonden"] == {"per": "aanvrager", "op": "2026-04-22"}


def test_every_address_is_sent_the_besluit_but_the_applicants(z: Omgeving) -> None:
    """Review sessie15 F3: only the first address typed in `indiener` was mailed; the applicant's own address
    (in another case) got the third-party mail; "De aanvrager" with a capital was to be sent it by post."""
    _tot_ontwerp(z)
    z.doe("odin", "Aanvraag inhoudelijk", {"actie": "beoordeling_gereed"})
    z.later(days=2)
    z.doe("odin", "Ontwerpbesluit", {"ontwerp": "verlenen"})
    z.op(datetime(2026, 3, 20, 8, 0, tzinfo=UTC))
    indieners = [
        "A. en B. Buur, Dorpsstraat 3, a.buur@example.org en b.buur@example.org (ook A.Buur@Example.org)",
        "J. Jansen (aanvrager), Jansen@Example.org",
        "De aanvrager, via brief",
        "Stichting X, contact: info@stichting-x.nl; advocaat mr. Y <y@advocaat.nl>",
        "De aanvrager, via zijn gemachtigde mr. Z <z@advocaat.nl>",
    ]
    for indiener in indieners:
        z.bericht("zienswijze", {"indiener": indiener, "inhoud": "Te hoog.", "ontvangen_op": "2026-03-20"})
    z.op(datetime(2026, 4, 22, 8, 0, tzinfo=UTC))
    before = len(z.mails())
    case = z.doe("tom", "Besluit nemen", {"besluit": "verlenen", "motivering": "Zienswijzen weerlegd."})
    new = z.mails()[before:]
    sent = sorted(m["aan"] for m in new if m["soort"] == "besluit_zienswijze")
    assert sent == [
        "a.buur@example.org",
        "b.buur@example.org",
        "info@stichting-x.nl",
        "y@advocaat.nl",
        "z@advocaat.nl",
    ]
    assert {m["aan"] for m in new if m["soort"] != "besluit_zienswijze"} == {AANVRAGER}

    toegezonden = {
        z_["nummer"]: z_["besluit_toegezonden"] for z_ in case["samenvatting"]["ingediende_zienswijzen"]
    }
    assert toegezonden == {
        1: {"per": "e-mail", "aan": "a.buur@example.org, b.buur@example.org", "op": "2026-04-22"},
        2: {"per": "aanvrager", "op": "2026-04-22"},
        3: {"per": "aanvrager", "op": "2026-04-22"},
        4: {"per": "e-mail", "aan": "info@stichting-x.nl, y@advocaat.nl", "op": "2026-04-22"},
        5: {"per": "aanvrager", "aan": "z@advocaat.nl", "op": "2026-04-22"},
    }
    [regel] = [e for e in z.zaak()["tijdlijn"] if "3:44" in e["tekst"]]
    assert "per e-mail toegezonden aan de indieners van zienswijze nr. 1, 4 en 5" in regel["tekst"]
    assert "per post" not in regel["tekst"].lower()

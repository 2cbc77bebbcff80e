"""What the case data puts into a besluit: the answers to the zienswijzen without the submitters'
personal data (AVG), and the advices as text whatever the data held.

The besluit is ``beperkt_openbaar``: the applicant (volgcode) and the outside parties with a task may
download it, and it is laid open for inspection (Awb 3:44), while a zienswijze itself is ``vertrouwelijk``.
"""

from __future__ import annotations

import dataclasses
import io
from datetime import date

import pypdf
from sqlalchemy import select

from services.documents import open_version
from services.documents.besluit import draft_besluit, finalise_besluit
from services.store.models import Case
from tests.integration.test_besluit import GEGEVENS, invoer, zaak  # noqa: F401 (fixture)

JAN = "Jan de Boer, Esweg 4, 7411 AB Ruimtedal"
ZIENSWIJZEN = [
    {"nummer": 1, "ontvangen_op": "2025-02-20", "indiener": JAN, "inhoud": "Ik heb astma; het verkeer."},
    # a letter received earlier but registered later
    {"nummer": 2, "ontvangen_op": "2025-02-18", "indiener": "Fatima El Amrani", "inhoud": "Mijn dochter."},
    {
        "nummer": 3,
        "ontvangen_op": "2025-02-21",
        "indiener": " jan de boer,  Esweg 4, 7411 AB Ruimtedal",
        "inhoud": "Nog iets.",
    },
    {"nummer": 4, "ontvangen_op": "2025-02-22", "indiener": "onbekend", "inhoud": "Anoniem briefje."},
]
PERSONAL = ("Jan de Boer", "Esweg", "7411", "astma", "Fatima", "El Amrani", "dochter", "Anoniem briefje")
ANTWOORDEN = {1: "Het verkeer rijdt via de N-weg.", 2: "Er komt een hek.", 3: "Zie 1.", 4: "Nee."}


def _pdf_text(platform, doc_id):  # type: ignore[no-untyped-def]
    _, stream = open_version(platform, doc_id, "piet")  # the applicant may download the besluit
    with stream:
        reader = pypdf.PdfReader(io.BytesIO(stream.read()))
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def test_the_besluit_names_submitters_by_number_and_copies_none_of_their_data(platform, zaak):  # noqa: F811
    """Tester finding: the besluit printed 'Zienswijze nr. 1 van Jan de Boer, Esweg 4, 7411 AB
    Ruimtedal ...: Ik heb astma ...', and the applicant and the Provincie downloaded it."""
    gegevens = {**GEGEVENS, "procedure": "uitgebreid", "zienswijzen": ZIENSWIJZEN}
    with platform.uow() as uow:  # the case records the uitgebreide procedure and the zienswijzen
        case = uow.session.scalars(select(Case).where(Case.reference == zaak["zaak"])).one()
        case.summary = dataclasses.replace(case.typed_summary, gegevens=gegevens).to_json()
        uow.commit()
    antwoord = invoer(verzenddatum=date(2025, 4, 17), zienswijze_antwoorden=ANTWOORDEN)
    html = " ".join(draft_besluit(platform, zaak["zaak"], "anna", antwoord, gegevens)["html"].split())
    doc = finalise_besluit(platform, zaak["zaak"], "anna", antwoord)
    text = _pdf_text(platform, doc["id"])
    for shown in (html, text):
        for secret in PERSONAL:
            assert secret not in shown, secret
        # numbered as their zienswijzen are (review besluit14, 7: the numbering by receipt gave "nr. 1 van
        # indiener 2"); the same submitter keeps its number, an unknown one gets its own
        assert "Zienswijze nr. 1 van indiener 1, ontvangen op 20 februari 2025" in shown
        assert "Zienswijze nr. 2 van indiener 2, ontvangen op 18 februari 2025" in shown
        assert "Zienswijze nr. 3 van indiener 1, ontvangen op 21 februari 2025" in shown
        assert "Zienswijze nr. 4 van indiener 3, ontvangen op 22 februari 2025" in shown
        assert "Het verkeer rijdt via de N-weg." in shown and "Er komt een hek." in shown
        assert "niet bij naam" in shown


def test_a_municipal_template_gets_no_submitter_data_either(platform, zaak, tmp_path):  # noqa: F811
    """The context handed to a municipality's own template holds no name, address or text of a
    submitter, so a replaced template cannot print them."""
    (tmp_path / "eigen" / "besluit").mkdir(parents=True)
    (tmp_path / "eigen" / "besluit" / "verlenen.html").write_text(
        "{% for z in zienswijzen %}<p>{{ z }}</p>{% endfor %}"
    )
    eigen = dataclasses.replace(
        platform, settings=platform.settings.with_(besluit_templates_dir=str(tmp_path / "eigen"))
    )
    gegevens = {**GEGEVENS, "procedure": "uitgebreid", "zienswijzen": ZIENSWIJZEN}
    html = draft_besluit(eigen, zaak["zaak"], "anna", invoer(zienswijze_antwoorden=ANTWOORDEN), gegevens)[
        "html"
    ]
    assert "indiener 1" in html
    for secret in PERSONAL:
        assert secret not in html, secret


def test_odd_advice_data_renders_as_text_instead_of_failing(platform, zaak):  # noqa: F811
    """Tester finding: a draft with gegevens.adviezen=[{"oordeel": ["x"]}] gave a 500 (TypeError:
    unhashable type 'list' in the template). Whatever the data holds, the draft shows text."""
    gegevens = {
        **GEGEVENS,
        "adviezen": [
            {"groep": "Milieu", "oordeel": ["x"], "toelichting": {"a": 1}, "soort": 3},
            {"groep": ["Welstand"], "oordeel": "akkoord"},
            "geen advies",
        ],
    }
    html = draft_besluit(platform, zaak["zaak"], "anna", invoer(), gegevens)["html"]
    assert "3 van Milieu: ." in html  # a list or object is no text: left out, never a crash
    assert "Advies van : akkoord." in html

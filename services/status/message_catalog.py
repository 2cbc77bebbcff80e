"""The messages an applicant may send about a case (the status page, its API twin and the applicant's
account): what each is called, explains and asks, when it is offered, and the texts of their refusals.
services.status.messages decides when one is expected and takes it in."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from processes import indiener
from services.status.dwangsom import AT_MOST

#: what an applicant's message form takes (the status page, its API twin): the text, the documents it
#: names, the confirmation of an irreversible message (``_checked_fields``)
FORM_FIELDS = ("tekst", "documenten", "bevestigd")


@dataclass(frozen=True)
class PublicMessage:
    name: str
    title: str
    explanation: str
    field_label: str
    not_expected: str
    procedures: tuple[str, ...] = ()  # empty = every procedure whose model knows the message
    #: offered only while the case waits for it (not shown as "nu niet mogelijk" otherwise)
    only_when_expected: bool = False
    text_required: bool = True
    #: an irreversible message: what happens, asked to confirm (``bevestigd``) before it is sent
    confirm: str = ""
    confirm_button: str = ""
    #: offered only when the case's rechtsmiddel is of this kind (bezwaar: never for a beroep)
    remedy: str = ""
    #: what the page says once it arrived (default: "Uw <name> is ontvangen ...")
    thanks: str = ""
    #: the municipality asks for it ("Mijn aanvragen" lists it as a request); else the initiator's choice
    asked: bool = True
    #: the case summary's term (its ``tot``) after which a message still expected is sent late
    term: str = ""
    #: the explanation once that term is over (what a message sent now counts as)
    explanation_late: str = ""
    #: offered only once the beslistermijn passed without a besluit (the model waits for it all along,
    #: and refuses it while the term runs: an ingebrekestelling, Awb 4:17)
    after_term: bool = False

    def unconfirmed(self, fields: Mapping[str, Any]) -> bool:
        """An irreversible message (``confirm``) sent without ``bevestigd`` ("ja" from the page's form,
        true from the API): refused, by the status page and the applicant's account alike."""
        return bool(self.confirm) and fields.get("bevestigd") not in ("ja", True)


#: who sent a message with the case's tracking code: the applicant (the code holder), never a name
CODE_HOLDER = indiener.CODE_HOLDER

PUBLIC_MESSAGES = {
    "aanvulling": PublicMessage(
        "aanvulling",
        "Aanvulling indienen",
        "De gemeente heeft u gevraagd uw aanvraag aan te vullen. Beschrijf wat u aanvult en noem de documenten.",
        "Uw aanvulling",
        "Er is op dit moment geen aanvulling nodig.",
    ),
    "zienswijze": PublicMessage(
        "zienswijze",
        "Zienswijze indienen",
        "Het ontwerpbesluit ligt ter inzage. U kunt uw zienswijze (reactie) geven tot en met de laatste dag "
        "van de terinzagelegging; een zienswijze die later binnenkomt, wordt vastgelegd als te laat.",
        "Uw zienswijze",
        "Er ligt nu geen ontwerpbesluit ter inzage; een zienswijze kan nu niet worden ingediend.",
        # after the term the case still takes zienswijzen until the besluit (the post week, letters typed in
        # late); one sent from this page now has no postmark, so it is late: say so, and that a letter
        # posted in time needs nothing more (Awb 3:16 lid 3 with 6:9 lid 2)
        term="ter_inzage",
        explanation_late=(
            "De terinzagelegging van het ontwerpbesluit is voorbij. Heeft u op tijd per post een zienswijze "
            "verstuurd, dan hoeft u niets meer te doen: die registreert de gemeente bij ontvangst. Een "
            "zienswijze die u hier nu indient, wordt vastgelegd als te laat; de gemeente kan haar nog "
            "meewegen zolang er geen besluit is."
        ),
    ),
    "intrekking": PublicMessage(
        "intrekking",
        "Aanvraag intrekken",
        "Zolang er nog geen besluit is, kunt u uw aanvraag intrekken. De gemeente stopt dan de behandeling.",
        "Waarom trekt u uw aanvraag in? (optioneel)",
        "Uw aanvraag kan nu niet meer worden ingetrokken: er is al een besluit of de behandeling is afgerond.",
        only_when_expected=True,
        asked=False,
        text_required=False,
        confirm=(
            "Als u uw aanvraag intrekt, stopt de gemeente de behandeling en neemt zij geen besluit. "
            "U kunt dit niet ongedaan maken: wilt u uw plan later toch uitvoeren, dan doet u een nieuwe "
            "aanvraag."
        ),
        confirm_button="Ja, trek mijn aanvraag in",
        thanks="Uw aanvraag is ingetrokken. De gemeente neemt er geen besluit op.",
    ),
    "bezwaar": PublicMessage(
        "bezwaar",
        "Bezwaar maken",
        "Bent u het niet eens met het besluit? Dan kunt u bezwaar maken bij de gemeente. Schrijf waarom u "
        "het niet eens bent met het besluit.",
        "Waarom bent u het niet eens met het besluit?",
        "Er loopt nu geen bezwaartermijn; bezwaar maken kan hier nu niet.",
        only_when_expected=True,
        asked=False,
        remedy="bezwaar",
        # after the term the case still takes a bezwaar for a week (a letter posted in time, Awb 6:9 lid 2);
        # one sent from this page now has no postmark, so it is late: taken, with the warning that the
        # gemeente declares it niet-ontvankelijk unless the lateness is excusable (Awb 6:11)
        term="rechtsmiddel",
        explanation_late=(
            "De bezwaartermijn is voorbij. Heeft u op tijd per post een bezwaarschrift verstuurd, dan hoeft u "
            "niets meer te doen: de gemeente registreert het bij ontvangst. Een bezwaar dat u hier nu "
            "indient, is te laat: alleen een brief die vóór het einde van de termijn op de post is gedaan, "
            "telt nog mee (artikel 6:9 lid 2 Awb). De gemeente verklaart een te laat bezwaar "
            "niet-ontvankelijk, tenzij u redelijkerwijs niet kan worden verweten dat u te laat bent "
            "(artikel 6:11 Awb). Schrijf er daarom ook bij waarom u niet eerder bezwaar maakte."
        ),
    ),
    "ingebrekestelling": PublicMessage(
        "ingebrekestelling",
        "Gemeente in gebreke stellen",
        "De wettelijke beslistermijn is voorbij en de gemeente heeft nog niet beslist. U kunt de gemeente "
        "in gebreke stellen: u vraagt haar dan alsnog te beslissen. Heeft zij twee weken nadat zij uw "
        "ingebrekestelling ontving nog niet beslist, dan moet zij u voor elke dag dat het besluit later "
        f"komt een dwangsom betalen, {AT_MOST} (artikel 4:17 Awb).",
        "Wilt u nog iets toelichten? (optioneel)",
        "Een ingebrekestelling kan pas als de beslistermijn voorbij is en de gemeente nog niet heeft "
        "beslist. U stuurt er één: heeft de gemeente uw ingebrekestelling al ontvangen, dan hoeft u niets "
        "meer te doen.",
        only_when_expected=True,
        asked=False,
        text_required=False,
        after_term=True,
        confirm=(
            "U stelt de gemeente in gebreke omdat zij niet op tijd heeft beslist. Heeft zij twee weken na "
            "ontvangst nog niet beslist, dan moet zij u een dwangsom betalen voor elke dag dat het besluit "
            f"later komt, {AT_MOST} (artikel 4:17 Awb). U kunt de ingebrekestelling daarna niet meer intrekken."
        ),
        confirm_button="Ja, stel de gemeente in gebreke",
        thanks=(
            "Uw ingebrekestelling is ontvangen. Heeft de gemeente over twee weken nog niet beslist, dan "
            f"moet zij u een dwangsom betalen voor elke dag dat het besluit later komt, {AT_MOST}."
        ),
    ),
}

NOT_A_PUBLIC_MESSAGE = (
    "Dit bericht kunt u niet via de statuspagina sturen. Hier kunt u alleen een aanvulling, een "
    "zienswijze, een intrekking, een bezwaar of een ingebrekestelling sturen, en alleen wanneer de "
    "pagina dat aanbiedt."
)
ALLEEN_BEROEP = (
    "Tegen dit besluit kunt u geen bezwaar maken bij de gemeente: het is voorbereid met de uitgebreide "
    "procedure (afdeling 3.4 Awb). U kunt alleen beroep instellen bij de rechtbank (zie het besluit)."
)
BEVESTIGING_NODIG = "Bevestig eerst dat u dit wilt: het kan niet ongedaan worden gemaakt."

"""The legal basis a permit besluit names per activity, and the day it takes effect with its source.

Only what was checked against a published source is cited; where a source named an article but not its
lid or letter, the besluit cites no more than that:

* Omgevingswet (Ow) art. 5.1: the permit duty. Lid 1 holds the omgevingsplanactiviteit (Lexence,
  "Omgevingsplanactiviteit: wat is het?": "Op grond van artikel 5.1 lid 1 Ow") and, under b, the
  rijksmonumentenactiviteit (Rijksdienst voor het Cultureel Erfgoed, kennisbank "Omgevingsvergunning -
  gebouwde en aangelegde rijksmonumenten"); lid 2 the (technische) bouwactiviteit and the
  milieubelastende activiteit (BKHF, "Omgevingswet - De omgevingsvergunning": the bouwactiviteit moved
  to lid 2, where the milieubelastende activiteit is; RNMW: "Uit art. 5.1 lid 1 en 2 Ow volgt voor welke
  activiteiten een omgevingsvergunning is vereist").
* Beoordeling: a buitenplanse omgevingsplanactiviteit is only granted with a view to a balanced
  allocation of functions to locations, Besluit kwaliteit leefomgeving (Bkl) art. 8.0a lid 2 (Barents
  Krans on the BOPA); a binnenplanse one against the beoordelingsregels of the omgevingsplan (same source);
  a technische bouwactiviteit against the Besluit bouwwerken leefomgeving (bouwenonderdeomgevingswet.nl).
* Wabo (an application received before 2024, Invoeringswet Omgevingswet art. 4.3): art. 2.1 lid 1 under c
  for use contrary to the bestemmingsplan, under e for an inrichting (InfoMil), under f for a
  rijksmonument (RCE, Wabo page); the building permit is cited as art. 2.1 lid 1.
* Taking effect: Awb 3:40 (not before it is made known) and Ow 16.79 lid 1 (the day after it was made
  known). The later moments of Ow 16.79 lid 2 are not modelled: which activities they name could not be
  checked. Wabo art. 6.1 (wabo.wikidot.com, the law's text): lid 1 the day after bekendmaking; lid 2
  under b, a besluit prepared with afdeling 3.4 Awb, the day after the beroepstermijn; lid 3, not before a
  voorlopige voorziening asked within that term is decided.

Pure domain logic: no web, database or workflow imports.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from processes.termijnen.datums import datum_nl
from processes.termijnen.rechtsmiddelen import inwerkingtreding
from processes.vergunning import ACTIVITEITEN

OW = "Omgevingswet"
WABO = "Wet algemene bepalingen omgevingsrecht"

#: activity code -> (the article that makes it need a permit, how the application is judged) under the Ow
_OMGEVINGSWET: dict[str, tuple[str, str]] = {
    "technische_bouwactiviteit": (f"artikel 5.1, tweede lid, {OW}", "het Besluit bouwwerken leefomgeving"),
    "omgevingsplanactiviteit_binnenplans": (
        f"artikel 5.1, eerste lid, {OW}",
        "de beoordelingsregels van het omgevingsplan",
    ),
    "omgevingsplanactiviteit_buitenplans": (
        f"artikel 5.1, eerste lid, {OW}",
        "een evenwichtige toedeling van functies aan locaties (artikel 8.0a, tweede lid, Besluit kwaliteit "
        "leefomgeving)",
    ),
    "milieubelastende_activiteit": (f"artikel 5.1, tweede lid, {OW}", ""),
    "rijksmonumentenactiviteit": (f"artikel 5.1, eerste lid, onder b, {OW}", ""),
}
#: activity code -> the article that made it need a permit under the Wabo
_WABO: dict[str, str] = {
    "technische_bouwactiviteit": f"artikel 2.1, eerste lid, {WABO}",
    "omgevingsplanactiviteit_binnenplans": f"artikel 2.1, eerste lid, {WABO}",
    "omgevingsplanactiviteit_buitenplans": f"artikel 2.1, eerste lid, onder c, {WABO}",
    "milieubelastende_activiteit": f"artikel 2.1, eerste lid, onder e, {WABO}",
    "rijksmonumentenactiviteit": f"artikel 2.1, eerste lid, onder f, {WABO}",
}


def grondslagen(activiteiten: Iterable[str], regime: str | None) -> list[dict[str, str]]:
    """Per requested activity (its code) its Dutch name, the article requiring the permit and what it is
    judged against (empty when no checked source names it); an unknown code gets no basis."""
    wabo = regime == "wabo"
    out = []
    for code in activiteiten:
        if code not in ACTIVITEITEN:
            continue
        artikel, toets = (_WABO[code], "") if wabo else _OMGEVINGSWET[code]
        out.append({"activiteit": ACTIVITEITEN[code], "artikel": artikel, "beoordeling": toets})
    return out


def inwerkingtreding_tekst(
    bekendgemaakt: date, *, regime: str | None = None, procedure: str = "regulier"
) -> str:
    """The besluit's sentence on when a granted permit made known on ``bekendgemaakt`` takes effect: the
    day of processes.termijnen.inwerkingtreding and its source (see the module docstring)."""
    op = datum_nl(inwerkingtreding(bekendgemaakt, regime=regime, procedure=procedure))
    if regime != "wabo":
        return (
            f"Dit besluit treedt in werking op {op}, de dag na de dag waarop het is bekendgemaakt "
            f"(artikel 16.79, eerste lid, {OW} en artikel 3:40 Algemene wet bestuursrecht)."
        )
    if procedure != "uitgebreid":
        return (
            f"Dit besluit treedt in werking op {op}, de dag na de dag waarop het is bekendgemaakt "
            f"(artikel 6.1, eerste lid, {WABO})."
        )
    return (
        f"Dit besluit treedt in werking op {op}, de dag na afloop van de termijn voor het instellen van "
        f"beroep (artikel 6.1, tweede lid, onder b, {WABO}). Vraagt iemand binnen die termijn de "
        "voorzieningenrechter om een voorlopige voorziening, dan treedt het niet in werking voordat daarop "
        f"is beslist (artikel 6.1, derde lid, {WABO})."
    )

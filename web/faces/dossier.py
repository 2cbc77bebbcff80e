"""The case file shared by the case page and the task page (data, conflicts, map, messages received,
timeline, term)."""

from __future__ import annotations

from collections.abc import Set
from typing import Any

from flask import request

from processes.nederlands import euro
from processes.vergunning import ACTIVITEITEN
from services import model_labels
from services.documents.dossier import case_file_documents
from services.status import application_forms, letters
from services.waits import timeline as waits_timeline
from web.faces import kaartje
from web.faces.event_kinds import event_kind_label
from web.faces.filters import EURO, label
from web.faces.security import platform

#: workflow data shown in a section of its own (or in the heading), not again under "Gegevens"
SHOWN_ELSEWHERE = {"zaak", "locatiecheck", "documenten", "bijlagen"}

#: summary keys with BPMN ids and message names; shown in words from ``wacht_in_woorden``
IN_WORDS = {"wachtende_elementen", "verwachte_berichten"}

#: the permit model's deadline watch keeps its own state in the workflow data (bewaking_plannen, the warning
#: task's preScript), not a fact of the case: "Gegevens" shows the data of the task the last step completed,
#: in whichever branch, so after the warning fired it still said "Gewaarschuwd voor —" (review20, 9c). That
#: the warning went out is in the timeline (its task "Beslistermijn verloopt binnenkort"); the date watched
#: is the term's, in the term section.
WATCH_STATE = {"bewaakmoment", "gewaarschuwd_voor"}

#: the labels of the fixed rows of "Gegevens" (web/templates/_dossier.html), lower case
FIXED_LABELS = {
    "titel",
    "procedure",
    "status",
    "locatie",
    "initiatiefnemer",
    "ligt bij",
    "stand",
    "wacht op",
    "verwachte berichten",
    "gestart",
}


def _is_simple(value: Any) -> bool:
    if isinstance(value, dict):
        return False
    if isinstance(value, list):
        return all(not isinstance(v, dict | list) for v in value)
    return True


#: codes the case's data keeps under these keys (also nested), shown by the labels the application form
#: offers them with (services/status/application_forms.py): "technische bouwactiviteit"
CODE_LABELS: dict[str, dict[str, str]] = {"activiteiten": ACTIVITEITEN}


def _labelled(value: Any, key: str = "", euros: Set[str] = frozenset()) -> Any:
    """``value`` with the codes of ``CODE_LABELS`` in words and an amount in euros as "€ 161"
    (``processes.nederlands.euro``), at any depth; an unknown code stays. An amount in euros is a field its
    form declares one (``euros``: the application form's bouwkosten, services.forms.euro_fields) or a key
    ending in ``_euro`` (the case's own figures, the dwangsom's; its label ``filters.sleutel`` leaves the
    unit out of)."""
    labels = CODE_LABELS.get(key)
    if isinstance(value, dict):
        return {k: _labelled(v, str(k), euros) for k, v in value.items()}
    if isinstance(value, list):
        return [_labelled(v, key, euros) for v in value]
    is_amount = isinstance(value, int | float) and not isinstance(value, bool)
    if is_amount and (key in euros or key.endswith(EURO)):
        return euro(value)
    return labels.get(value, value) if labels is not None and isinstance(value, str) else value


def _item(key: str, value: Any, euros: Set[str]) -> dict[str, Any]:
    value = _labelled(value, key, euros)
    return {
        "sleutel": label(key),
        "waarde": value,
        "eenvoudig": _is_simple(value),
        "omvang": len(value) if isinstance(value, dict | list) else 0,
    }


def _items(
    summary: dict[str, Any], data: dict[str, Any], euros: Set[str]
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """One row per label: the case summary first (its values are the readable ones, e.g. the
    activities in words), then the workflow data whose label is not shown yet. A simple value
    under the label of a fixed row goes with that row ({label: value}) instead of a second row.
    ``euros``: the fields the case's application form declares amounts in euros."""
    rows: list[dict[str, Any]] = []
    with_fixed: dict[str, Any] = {}
    seen = set(FIXED_LABELS)
    for source in (summary, data):
        for k, v in sorted(source.items()):
            shown = label(k).lower()
            if k in SHOWN_ELSEWHERE or k in IN_WORDS or k in WATCH_STATE:
                continue
            if shown in FIXED_LABELS and shown not in with_fixed and _is_simple(v) and v not in (None, ""):
                with_fixed[shown] = v
            if shown in seen:
                continue
            seen.add(shown)
            rows.append(_item(k, v, euros))
    return rows, with_fixed


def _in_words(case: dict[str, Any], user: dict[str, Any], houders: dict[str, Any] | None) -> dict[str, Any]:
    """What the case waits on and for, and who holds it, as the status page and the holder timeline say
    it: "Ligt bij" the timeline's "Nu bij" (``houders``, read when not given) where the user may read the
    holder; "Verwachte berichten" the letters the case takes now (services.status.letters)."""
    words = {**(case.get("wacht_in_woorden") or {})}
    words["berichten"] = letters.expected_in_words(platform(), case["id"])
    if case.get("houder"):
        if houders is None:
            houders = waits_timeline.for_case_file(platform(), case["id"], user["gebruikersnaam"])
        words["houder"] = waits_timeline.lies_with(houders)
    return words


def _fields(message: dict[str, Any]) -> list[dict[str, Any]]:
    """The other fields of a message received (``gegevens``, services.berichten), each with its label: the
    one its model declares (``Registry.message``), else its name in words (``filters.label``); a code its
    model describes (the netbeheerder's ``alternatief``) by that description, an unknown one as it came."""
    registry, name = platform().registry, str(message.get("bericht"))
    labels, described = registry.message_labels.get(name, {}), registry.message_values.get(name, {})
    given = message.get("gegevens") or {}
    return [
        {"sleutel": labels.get(k) or label(k), "waarde": _labelled(_described(v, described.get(k)), k)}
        for k, v in given.items()
    ]


def _described(value: Any, descriptions: dict[str, str] | None) -> Any:
    return descriptions.get(value, value) if descriptions and isinstance(value, str) else value


def _received(case: dict[str, Any]) -> list[dict[str, Any]]:
    """The case file's "Ontvangen berichten": each message with its kind's name and its fields (``velden``)."""
    return [
        {**m, "soort_naam": model_labels.message_name(m["bericht"]), "velden": _fields(m)}
        for m in case.get("berichten") or []
    ]


def pages_asked() -> dict[str, int]:
    """The pages of the case file the request asks for (``?berichten=``, ``?tijdlijn=``, ``?documenten=``,
    their "meer" links), 1 by default: on the case page and on the task page alike, each linking to its
    own pages (``pagina_pad``): whoever reaches a case through a task may not open the case page."""
    return {k: request.args.get(k, 1, type=int) or 1 for k in ("berichten", "tijdlijn", "documenten")}


def dossier_context(
    case: dict[str, Any],
    user: dict[str, Any],
    houders: dict[str, Any] | None = None,
    pages: dict[str, int] | None = None,
) -> dict[str, Any]:
    """The case file's parts; ``houders``: the holder timeline when the page has read it already;
    ``pages``: the page of the messages received the case holds (``berichten``), of its timeline
    (``tijdlijn``) and of its documents (``documenten``), 1 the newest (their links to the others)."""
    pages = {k: max((pages or {}).get(k, 1), 1) for k in ("berichten", "tijdlijn", "documenten")}
    data = (case.get("samenvatting") or {}).get("gegevens") or {}
    summary = {k: v for k, v in (case.get("samenvatting") or {}).items() if k != "gegevens"}
    conflicts = case.get("conflicten") or []
    timeline = list(reversed(case.get("tijdlijn") or []))
    for e in timeline:
        e["soort_naam"] = event_kind_label(e["soort"])
    named = [v for k, v in data.items() if k in ("documenten", "bijlagen") and isinstance(v, list)]
    stored = case_file_documents(platform(), case["zaak"], user["gebruikersnaam"], pages["documenten"])
    rows, with_fixed = _items(summary, data, application_forms.euro_fields_of(str(case.get("proces") or "")))
    return {
        "zaak": case,
        "gegevens": rows,
        "bij_vaste_velden": with_fixed,
        "wacht_in_woorden": _in_words(case, user, houders),
        "conflicten": conflicts,
        "kaart": kaartje.build(case.get("geometrie_wkt"), conflicts, case.get("conflict_geometrieen") or {}),
        "tijdlijn": timeline,
        "berichten": _received(case),
        "berichten_pagina": pages["berichten"],
        "tijdlijn_pagina": pages["tijdlijn"],
        "documenten_pagina": pages["documenten"],
        "documenten": stored["documenten"],
        "documenten_eerder": stored["eerder"],
        "document_typen": stored["typen"],
        "document_niveaus": stored["niveaus"],
        "document_beheer": stored["mag_beheren"],
        "genoemde_documenten": [d for group in named for d in group],
        "is_beheerder": user["rol"] == "beheerder",
    }

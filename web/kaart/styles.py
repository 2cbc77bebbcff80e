"""How the map looks: colours per phase, status and severity, layer styles, labels and the legend.

The services give the map what a case or layer *is* (kind, phase, shown status, severity); the
web face decides how that is drawn. Background tiles: ``Settings.tile_url`` (empty = none); the
PDOK BRT achtergrondkaart is a good production choice.
"""

from __future__ import annotations

from typing import Any

from processes.constants import Severity
from processes.warmte import FASEN as WIJK_FASEN

PDOK_BRT_URL = "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png"
PDOK_ATTRIBUTION = "Kaartgegevens © Kadaster"

FASE_KLEUREN = {
    "initiatie": "#9ecae1",
    "wijkanalyse": "#6baed6",
    "alternatieven": "#8c6bb1",
    "participatie": "#fd8d3c",
    "besluitvorming": "#e6550d",
    "uitvoering": "#31a354",
}
STATUS_KLEUREN = {
    "in_behandeling": "#2b6cb0",
    "wacht": "#dd8a00",
    "te_laat": "#c0262d",
    "incident": "#7b3294",
    "gepauzeerd": "#6b6b6b",
    "afgerond": "#8a8a8a",
    "lopend": "#2b6cb0",
}
STATUS_LABELS = {
    "in_behandeling": "in behandeling",
    "wacht": "wacht op een ander",
    "te_laat": "termijn verstreken",
    "incident": "incident",
    "gepauzeerd": "gepauzeerd",
    "afgerond": "afgerond",
    "lopend": "lopend",
}
SOORT_LABELS = {"wijk": "Wijkuitvoeringsplan", "energie": "Energie-initiatief", "vergunning": "Vergunning"}
ERNST_KLEUREN = {Severity.BLOKKEREND: "#c0262d", Severity.WAARSCHUWING: "#f28e2b", Severity.INFO: "#3182bd"}
#: the outline of a case with a standing conflict, in its severity's colour: dotted with round dots and
#: thick, so it cannot be taken for a layer's dashed outline (netcongestie's invoeding: "6 4")
CONFLICT_RAND: dict[str, Any] = {"streep": "1 7", "dikte": 4}
DEFAULT_LAYER_STYLE: dict[str, Any] = {"aan": False, "kleur": "#555555", "vulling": 0.1}
#: Display hints per known layer: visible by default, fill/line colour, colour by attribute.
LAYER_STYLES: dict[str, dict[str, Any]] = {
    "netcongestie": {
        "aan": True,
        "kleur": "#d7191c",
        "kleur_veld": "kleur",
        "streep_veld": "richting",
        "kleuren": {"rood": "#d7191c", "oranje": "#f28e2b", "geel": "#e8c30a"},
        "strepen": {"invoeding": "6 4"},
        "vulling": 0.18,
    },
    "natura2000": {"aan": True, "kleur": "#1a9850", "vulling": 0.25},
    "gewaspercelen": {"aan": False, "kleur": "#a6761d", "vulling": 0.2},
    "woningbouwlocaties": {"aan": True, "kleur": "#e7298a", "vulling": 0.3},
    "windzone": {"aan": True, "kleur": "#4575b4", "vulling": 0.15},
    "windturbines": {"aan": False, "kleur": "#313695"},
    "res_zoekgebied": {"aan": False, "kleur": "#74add1", "vulling": 0.1},
    "zonneparken": {"aan": False, "kleur": "#fdb863", "vulling": 0.4},
    "warmtenet": {"aan": False, "kleur": "#b2182b"},
    "onderstations": {"aan": False, "kleur": "#542788"},
    "wijken": {"aan": False, "kleur": "#555555", "vulling": 0.0},
    "gemeente": {"aan": False, "kleur": "#222222", "vulling": 0.0},
    "gemeentegrens": {"aan": False, "kleur": "#222222"},
    "drinkwaterleiding": {"aan": False, "kleur": "#2c7fb8"},
    "bevi": {"aan": False, "kleur": "#67001f"},
    "bevi_contour": {"aan": False, "kleur": "#67001f", "vulling": 0.1},
}


def colour(kind: str, phase: str | None, shown_status: str) -> str:
    """A wijk plan in progress shows its phase; everything else its shown status."""
    if kind == "wijk" and phase in FASE_KLEUREN and shown_status not in ("afgerond", "incident"):
        return FASE_KLEUREN[phase]
    return STATUS_KLEUREN.get(shown_status, "#2b6cb0")


def layer_style(name: str) -> dict[str, Any]:
    return LAYER_STYLES.get(name, DEFAULT_LAYER_STYLE)


def styled_panel(panel: dict[str, Any]) -> dict[str, Any]:
    """The case panel of services.kaart with its colour and Dutch labels."""
    shown = panel["weergave"]
    return {
        **panel,
        "soort_label": SOORT_LABELS[panel["soort"]],
        "weergave_label": STATUS_LABELS.get(shown, shown),
        "kleur": colour(panel["soort"], panel["fase"], shown),
    }


def styled_catalog(catalog: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The layer catalog of services.kaart with each layer's style and its legend (``layer_legend``)."""
    return [
        {**entry, "stijl": layer_style(entry["naam"]), "legenda": layer_legend(layer_style(entry["naam"]))}
        for entry in catalog
    ]


def layer_legend(style: dict[str, Any]) -> list[dict[str, Any]]:
    """What a layer's colours and dashes mean, from its style: a fill per value of its colour field
    (``kleuren``), a dashed outline per value of its dash field (``strepen``) and the solid outline of
    the other values. Empty for a layer of one colour (its swatch says it all). Items: ``label``,
    ``kleur``, ``streep`` (an SVG dash pattern, None for a fill or a solid line) and ``soort`` (vlak/lijn)."""
    out: list[dict[str, Any]] = []
    field, colours = style.get("kleur_veld"), style.get("kleuren") or {}
    for value, kleur in colours.items():
        label = str(value) if field == "kleur" else f"{field} {value}"
        out.append({"label": label, "kleur": kleur, "streep": None, "soort": "vlak"})
    field, dashes = style.get("streep_veld"), style.get("strepen") or {}
    line = style.get("kleur", "#555555")
    for value, dash in dashes.items():
        out.append(
            {"label": f"{field} {value}: gestreepte rand", "kleur": line, "streep": dash, "soort": "lijn"}
        )
    if dashes:
        out.append(
            {"label": f"andere {field}: doorgetrokken rand", "kleur": line, "streep": None, "soort": "lijn"}
        )
    return out


def legend() -> dict[str, Any]:
    return {
        "fasen": [{"fase": f, "kleur": FASE_KLEUREN[f]} for f in WIJK_FASEN],
        "statussen": [
            {"status": k, "label": STATUS_LABELS[k], "kleur": STATUS_KLEUREN[k]}
            for k in ("in_behandeling", "wacht", "te_laat", "incident", "gepauzeerd", "afgerond")
        ],
        "soorten": SOORT_LABELS,
        "ernst": {str(k): v for k, v in ERNST_KLEUREN.items()},
        "conflict_rand": CONFLICT_RAND,
    }

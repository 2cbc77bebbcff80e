"""Conflict rules as data (TOML), validated against the layers they refer to.

A rules file has a table ``[soorten]`` (the known subject kinds, each with a Dutch description) and
one ``[[rule]]`` table per rule with the keys id, beschrijving, onderwerp (list of soorten or
["*"]), laag, predicaat (snijdt | binnen_afstand + afstand_m | overlap_aandeel + minimaal_aandeel),
ernst (blokkerend | waarschuwing | info), afdeling, bron, geldig_vanaf; optional ``filter`` (attribute
equality on the layer, e.g. {kleur = "rood", richting = "afname"}) and ``intern`` (not shown to
initiators). Other keys are kept in ``Rule.extra``. Every refusal names the rule id.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from gis.errors import (
    RULE_BAD_DISTANCE,
    RULE_BAD_FILTER,
    RULE_BAD_SEVERITY,
    RULE_BAD_SHARE,
    RULE_BAD_VALUE,
    RULE_DUPLICATE_ID,
    RULE_MISSING_KEY,
    RULE_UNKNOWN_LAYER,
    RULE_UNKNOWN_PREDICATE,
    RULE_UNKNOWN_SOORT,
    RULES_UNREADABLE,
    rule_error,
)
from processes.bestanden import reden
from processes.constants import Severity

PREDICATES = ("snijdt", "binnen_afstand", "overlap_aandeel")
SEVERITIES = tuple(str(s) for s in Severity)  # most severe first
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}
ALL_SOORTEN = "*"
REQUIRED_KEYS = (
    "id",
    "beschrijving",
    "onderwerp",
    "laag",
    "predicaat",
    "ernst",
    "afdeling",
    "bron",
    "geldig_vanaf",
)
KNOWN_KEYS = frozenset(REQUIRED_KEYS) | {"afstand_m", "minimaal_aandeel", "filter", "intern"}


class LayerLike(Protocol):
    """What rule validation needs from a layer: its attribute columns."""

    @property
    def columns(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class Rule:
    id: str
    beschrijving: str
    onderwerp: frozenset[str]
    laag: str
    predicaat: str
    ernst: str
    afdeling: str
    bron: str
    geldig_vanaf: dt.date
    afstand_m: float | None = None
    minimaal_aandeel: float | None = None
    filter: Mapping[str, Any] = field(default_factory=dict)
    intern: bool = False
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    soorten: Mapping[str, str]
    source: str = "<regels>"

    def active(self, peildatum: dt.date | None = None) -> RuleSet:
        """The rules in force on ``peildatum`` (all rules when None)."""
        if peildatum is None:
            return self
        kept = tuple(r for r in self.rules if r.geldig_vanaf <= peildatum)
        return RuleSet(rules=kept, soorten=self.soorten, source=self.source)

    def public(self) -> RuleSet:
        """Without the rules marked ``intern``: what an initiator or outside party may see of a check (as
        gis.report.public_view leaves their conflicts out), so it is neither matched nor counted."""
        kept = tuple(r for r in self.rules if not r.intern)
        return RuleSet(rules=kept, soorten=self.soorten, source=self.source)

    def __len__(self) -> int:
        return len(self.rules)


def default_rules_path() -> Path:
    """The demo municipality's rules shipped with the package."""
    return Path(__file__).parent / "data" / "regels.toml"


def _read_rules_file(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise rule_error(RULES_UNREADABLE, None, f"{path.name} is onleesbaar ({reden(exc)}).") from None
    except UnicodeDecodeError:
        raise rule_error(RULES_UNREADABLE, None, f"{path.name} is geen UTF-8-tekst.") from None
    except tomllib.TOMLDecodeError as exc:
        raise rule_error(RULES_UNREADABLE, None, f"{path.name} is onleesbaar: {exc}") from None


def load_rules(path: Path | str, layers: Mapping[str, LayerLike]) -> RuleSet:
    """Read and validate a rules file against ``layers`` (in-memory layers or a PostGIS catalog)."""
    path = Path(path)
    return parse_rules(_read_rules_file(path), layers, source=str(path))


def rule_layers(path: Path | str) -> set[str]:
    """Every layer the rules of a rules file name (load_rules stops at the first one missing)."""
    raw_rules = _read_rules_file(Path(path)).get("rule")
    if not isinstance(raw_rules, list):
        return set()
    return {r["laag"] for r in raw_rules if isinstance(r, Mapping) and isinstance(r.get("laag"), str)}


def rule_soorten(path: Path | str) -> dict[str, str]:
    """The known soorten of a rules file (its table ``[soorten]``), which no layer changes: what a check's
    subjects are validated against before its layers are read. Refused as load_rules refuses them."""
    return _parse_soorten(_read_rules_file(Path(path)).get("soorten"))


def parse_rules(
    data: Mapping[str, Any] | str, layers: Mapping[str, LayerLike], *, source: str = "<regels>"
) -> RuleSet:
    """Validate rules given as parsed TOML (or TOML text)."""
    if isinstance(data, str):
        try:
            data = tomllib.loads(data)
        except tomllib.TOMLDecodeError as exc:
            raise rule_error(RULES_UNREADABLE, None, f"geen geldige TOML: {exc}") from None
    soorten = _parse_soorten(data.get("soorten"))
    raw_rules = data.get("rule")
    if not isinstance(raw_rules, list) or not raw_rules:
        raise rule_error(RULE_MISSING_KEY, None, "geen [[rule]]-tabellen gevonden.")
    rules: list[Rule] = []
    seen: set[str] = set()
    for position, raw in enumerate(raw_rules, start=1):
        rule = _parse_rule(raw, position, soorten, layers)
        if rule.id in seen:
            raise rule_error(RULE_DUPLICATE_ID, rule.id, "dit id komt vaker voor.")
        seen.add(rule.id)
        rules.append(rule)
    return RuleSet(rules=tuple(rules), soorten=soorten, source=source)


def _parse_soorten(raw: Any) -> dict[str, str]:
    if isinstance(raw, Mapping) and raw:
        return {str(k): str(v) for k, v in raw.items()}
    if isinstance(raw, list) and raw:
        return {str(k): str(k) for k in raw}
    raise rule_error(RULE_MISSING_KEY, None, "de tabel [soorten] met bekende soorten ontbreekt.")


def _parse_rule(raw: Any, position: int, soorten: Mapping[str, str], layers: Mapping[str, LayerLike]) -> Rule:
    if not isinstance(raw, Mapping):
        raise rule_error(RULE_BAD_VALUE, f"#{position}", "een [[rule]] moet een tabel zijn.")
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not rule_id.strip():
        raise rule_error(RULE_MISSING_KEY, f"#{position}", "sleutel 'id' ontbreekt of is leeg.")
    missing = [key for key in REQUIRED_KEYS if key not in raw]
    if missing:
        raise rule_error(RULE_MISSING_KEY, rule_id, f"sleutel(s) {', '.join(missing)} ontbreken.")
    predicaat = raw["predicaat"]
    if predicaat not in PREDICATES:
        raise rule_error(
            RULE_UNKNOWN_PREDICATE,
            rule_id,
            f"onbekend predicaat '{predicaat}' (kies uit {', '.join(PREDICATES)}).",
        )
    ernst = raw["ernst"]
    if ernst not in SEVERITIES:
        raise rule_error(
            RULE_BAD_SEVERITY, rule_id, f"ongeldige ernst '{ernst}' (kies uit {', '.join(SEVERITIES)})."
        )
    laag = raw["laag"]
    if laag not in layers:
        raise rule_error(
            RULE_UNKNOWN_LAYER,
            rule_id,
            f"laag '{laag}' bestaat niet (beschikbaar: {', '.join(sorted(layers)) or 'geen'}).",
        )
    onderwerp = _parse_onderwerp(rule_id, raw["onderwerp"], soorten)
    afstand = _parse_distance(rule_id, raw) if predicaat == "binnen_afstand" else None
    aandeel = _parse_share(rule_id, raw) if predicaat == "overlap_aandeel" else None
    equals = _parse_filter(rule_id, raw.get("filter", {}), layers[laag].columns, laag)
    intern = raw.get("intern", False)
    if not isinstance(intern, bool):
        raise rule_error(RULE_BAD_VALUE, rule_id, "'intern' moet true of false zijn.")
    for key in ("beschrijving", "afdeling", "bron"):
        if not isinstance(raw[key], str) or not raw[key].strip():
            raise rule_error(RULE_BAD_VALUE, rule_id, f"'{key}' moet een niet-lege tekst zijn.")
    return Rule(
        id=rule_id,
        beschrijving=raw["beschrijving"],
        onderwerp=onderwerp,
        laag=laag,
        predicaat=predicaat,
        ernst=ernst,
        afdeling=raw["afdeling"],
        bron=raw["bron"],
        geldig_vanaf=_parse_date(rule_id, raw["geldig_vanaf"]),
        afstand_m=afstand,
        minimaal_aandeel=aandeel,
        filter=equals,
        intern=intern,
        extra={k: v for k, v in raw.items() if k not in KNOWN_KEYS},
    )


def _parse_onderwerp(rule_id: str, raw: Any, soorten: Mapping[str, str]) -> frozenset[str]:
    values: Sequence[Any] = [raw] if isinstance(raw, str) else raw
    if not isinstance(values, list | tuple) or not values or not all(isinstance(v, str) for v in values):
        raise rule_error(RULE_BAD_VALUE, rule_id, "'onderwerp' moet een lijst van soorten zijn (of [\"*\"]).")
    unknown = sorted(v for v in values if v != ALL_SOORTEN and v not in soorten)
    if unknown:
        raise rule_error(
            RULE_UNKNOWN_SOORT,
            rule_id,
            f"onbekende soort(en) {', '.join(unknown)} (bekend: {', '.join(sorted(soorten))}).",
        )
    return frozenset(values)


def _number(rule_id: str, raw: Mapping[str, Any], key: str, code: str) -> float:
    if key not in raw:
        raise rule_error(code, rule_id, f"predicaat '{raw['predicaat']}' vraagt om '{key}'.")
    value = raw[key]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise rule_error(code, rule_id, f"'{key}' moet een getal zijn, niet '{value}'.")
    return float(value)


def _parse_distance(rule_id: str, raw: Mapping[str, Any]) -> float:
    value = _number(rule_id, raw, "afstand_m", RULE_BAD_DISTANCE)
    if not value >= 0 or value == float("inf"):
        raise rule_error(RULE_BAD_DISTANCE, rule_id, f"afstand_m moet 0 of groter zijn, niet {value}.")
    return value


def _parse_share(rule_id: str, raw: Mapping[str, Any]) -> float:
    value = _number(rule_id, raw, "minimaal_aandeel", RULE_BAD_SHARE)
    if not 0.0 <= value <= 1.0:
        raise rule_error(
            RULE_BAD_SHARE, rule_id, f"minimaal_aandeel moet tussen 0 en 1 liggen, niet {value}."
        )
    return value


def _parse_filter(rule_id: str, raw: Any, columns: Sequence[str], laag: str) -> dict[str, Any]:
    if not isinstance(raw, Mapping):
        raise rule_error(RULE_BAD_FILTER, rule_id, "'filter' moet een tabel zijn, bv. {kleur = \"rood\"}.")
    for column, value in raw.items():
        if column not in columns:
            raise rule_error(
                RULE_BAD_FILTER, rule_id, f"filterveld '{column}' bestaat niet in laag '{laag}'."
            )
        if not isinstance(value, str | int | float | bool):
            raise rule_error(RULE_BAD_FILTER, rule_id, f"filterwaarde voor '{column}' moet enkelvoudig zijn.")
    return dict(raw)


def _parse_date(rule_id: str, value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise rule_error(
            RULE_BAD_VALUE, rule_id, f"geldig_vanaf '{value}' is geen datum (JJJJ-MM-DD)."
        ) from None

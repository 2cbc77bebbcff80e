"""Errors raised by gis/, all derived from the shared tree in processes.errors.

Every error carries a stable ``code`` (listed below, used by API and CLI) and a Dutch ``detail``.
Extra context (rule id, feature index, layer name) goes into keyword arguments so that it ends up
in the problem document.
"""

from __future__ import annotations

from typing import Any

from processes.errors import ConfigurationError, TooLarge, Unprocessable, ValidationError

# Input of the check (the subjects).
NOT_JSON = "gis-geen-json"
NOT_GEOJSON = "gis-geen-geojson"
NO_GEOMETRY = "gis-geen-geometrie"
BAD_GEOMETRY = "gis-ongeldige-geometrie"
NO_SOORT = "gis-geen-soort"
UNKNOWN_SOORT = "gis-onbekende-soort"
EMPTY_COORDINATES = "gis-lege-coordinaten"
NAN_COORDINATES = "gis-ongeldige-coordinaten"
OUTSIDE_NETHERLANDS = "gis-buiten-nederland"
OUTSIDE_RD = "gis-buiten-rd"
UNKNOWN_CRS = "gis-onbekende-crs"
CONFLICTING_CRS = "gis-tegenstrijdige-crs"
TOO_LARGE = "gis-te-groot"
# Bounds of one check over the API (services.locatiecheck_limits): the objects, their vertices, the answer.
TOO_MANY_SUBJECTS = "gis-te-veel-objecten"
TOO_MANY_VERTICES = "gis-te-veel-hoekpunten"
TOO_MANY_CONFLICTS = "gis-te-veel-conflicten"
# The cost of one check over the API, bounded before it runs (gis.cost): its area, candidates and work.
AREA_TOO_LARGE = "gis-gebied-te-groot"
TOO_MANY_CANDIDATES = "gis-te-veel-kaartobjecten"
TOO_MUCH_WORK = "gis-te-veel-rekenwerk"
BAD_OVERRIDE = "gis-ongeldige-overschrijving"

# Layers.
LAYER_NOT_FOUND = "gis-laag-niet-gevonden"
LAYER_DIR_EMPTY = "gis-lagenmap-leeg"
LAYER_CHOICE_NEEDED = "gis-laag-kies-uit-meerdere"
LAYER_UNREADABLE = "gis-laag-onleesbaar"
LAYER_WRONG_FORMAT = "gis-laag-verkeerd-formaat"
LAYER_LINKED_CRS = "gis-laag-crs-verwijzing"
LAYER_NOT_PLAIN = "gis-laag-geen-gewoon-bestand"
LAYER_NO_CRS = "gis-laag-zonder-crs"
LAYER_BAD_CRS = "gis-laag-ongeldige-crs"
LAYER_BAD_NAME = "gis-laag-ongeldige-naam"
LAYER_DUPLICATE_ID = "gis-laag-dubbele-id"
LAYER_NO_METADATA = "gis-laag-zonder-metadata"
LAYER_BAD_METADATA = "gis-laag-ongeldige-metadata"

# Rules.
RULES_UNREADABLE = "gis-regels-onleesbaar"
RULE_MISSING_KEY = "gis-regel-ontbrekende-sleutel"
RULE_UNKNOWN_PREDICATE = "gis-regel-onbekend-predicaat"
RULE_UNKNOWN_LAYER = "gis-regel-onbekende-laag"
RULE_BAD_SEVERITY = "gis-regel-ongeldige-ernst"
RULE_BAD_DISTANCE = "gis-regel-ongeldige-afstand"
RULE_BAD_SHARE = "gis-regel-ongeldig-aandeel"
RULE_UNKNOWN_SOORT = "gis-regel-onbekende-soort"
RULE_BAD_FILTER = "gis-regel-ongeldig-filter"
RULE_DUPLICATE_ID = "gis-regel-dubbel-id"
RULE_BAD_VALUE = "gis-regel-ongeldige-waarde"


class GisInputError(ValidationError):
    """The subjects handed to the check are not usable."""

    title = "Ongeldige locatie-invoer"


class LayerError(ConfigurationError):
    """A layer file or its metadata is not usable: the municipality's layers, not the caller's input."""

    title = "Ongeldige kaartlaag"
    status = 500


class RuleError(ConfigurationError):
    """A rules file is not usable; the detail names the rule id."""

    title = "Ongeldige conflictregel"
    status = 500


class InputTooLarge(TooLarge):
    """The body exceeds the configured limit (HTTP 413)."""

    code = TOO_LARGE


class TooManyConflicts(Unprocessable):
    """The check finds more conflicts than its caller's bound: a valid request of a fitting size whose
    answer would be too large (HTTP 422; gis.bounded)."""

    code = TOO_MANY_CONFLICTS
    title = "Te veel conflicten"


class CheckTooCostly(TooLarge):
    """The check would cost more than its caller's bound: too large an area, too many layer features near
    its objects, or those with too many vertices (HTTP 413; gis.cost). Checked before it runs."""

    title = "Locatiecheck te groot"


def rule_error(code: str, rule_id: str | None, detail: str, **extra: Any) -> RuleError:
    """A RuleError whose detail starts with the rule id, e.g. ``Regel 'wt-woning': ...``."""
    prefix = f"Regel '{rule_id}': " if rule_id else "Regelbestand: "
    return RuleError(prefix + detail, code=code, regel=rule_id, **extra)

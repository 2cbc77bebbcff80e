"""The municipality's GIS configuration broken, for the tests of a failure of ours (processes.errors
ConfigurationError, 500): the RuleError and LayerError a use case raises, and a platform whose rules file
has a rule on a layer that is not there, or whose layer folder is gone. Their details name what only the
log may show (a rule's id, a layer's name, a server path); the answers must not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gis.errors import LAYER_NOT_FOUND, RULE_UNKNOWN_LAYER, LayerError, RuleError

#: the layer folder of ``layers_away``: a server path, the log's only
LAYERS_AWAY = "/srv/gemeente/lagen"
#: the detail of ``rule_on_missing_layer``, as the locatiecheck on ``BROKEN_RULE`` words it
RULE_ON_MISSING_LAYER = "Regel 'test-zonder-laag': laag 'bestaat_niet' ontbreekt."

#: a rule on a layer the layers do not have: every check of a location is refused with
#: gis-regel-onbekende-laag (500), as ``gis load`` of a folder without that layer would cause
BROKEN_RULE = """
[[rule]]
id = "test-zonder-laag"
beschrijving = "Een regel op een laag die er niet is."
onderwerp = ["*"]
laag = "bestaat_niet"
predicaat = "snijdt"
ernst = "blokkerend"
afdeling = "Juridisch"
bron = "test"
geldig_vanaf = 2024-01-01
"""


def layers_away() -> LayerError:
    """The LayerError of a layer folder that is gone (gis-laag-niet-gevonden), naming LAYERS_AWAY."""
    return LayerError(f"Lagenmap {LAYERS_AWAY} bestaat niet.", code=LAYER_NOT_FOUND)


def rule_on_missing_layer() -> RuleError:
    """The RuleError of BROKEN_RULE (gis-regel-onbekende-laag), naming its id and its layer."""
    return RuleError(RULE_ON_MISSING_LAYER, code=RULE_UNKNOWN_LAYER)


def rules_file(folder: Path, text: str) -> Path:
    """``text`` as the rules file ``regels.toml`` in ``folder``."""
    rules = folder / "regels.toml"
    rules.write_text(text, encoding="utf-8")
    return rules


def rules_broken_in(app: Any, tmp_path: Path, service: str) -> str:
    """The fixture model's service task ``service`` runs the locatiecheck (the service of services.domain)
    on the default rules with BROKEN_RULE added; the code of the API's refusal."""
    from gis.api import default_rules_path
    from services.domain.locatiecheck import locatiecheck

    rules = rules_file(tmp_path, default_rules_path().read_text(encoding="utf-8") + BROKEN_RULE)
    platform = app.extensions["ruimteflow"]
    object.__setattr__(platform.settings, "gis_rules_file", str(rules))
    platform.registry.service(service, locatiecheck, f"test: de locatiecheck in plaats van {service}")
    platform.runtime.environment.services[service] = locatiecheck  # a runtime built already
    return RULE_UNKNOWN_LAYER


def layers_missing(app: Any, folder: Path) -> str:
    """The app's layer folder is ``folder``, which does not exist: no check of a location can run, not even
    whether it lies inside the municipality; the code of the API's refusal."""
    object.__setattr__(app.extensions["ruimteflow"].settings, "gis_layers_dir", str(folder))
    return LAYER_NOT_FOUND

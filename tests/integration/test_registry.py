"""What BPMN may call is built per Platform by one composition root, without global state."""

from __future__ import annotations

import pytest

from services import registry


def test_each_build_is_its_own_registry_and_changes_no_module_state() -> None:
    core = dict(registry.CORE_SERVICES)
    first, second = registry.build_registry(), registry.build_registry()
    assert {"locatiecheck", "beslistermijn", "vergunning_intake", "wup_start", "echo"} <= set(first.services)
    assert {"vandaag", "termijn_na", "werkdagen_na", "adviesverzoeken"} <= set(first.helpers)
    first.service("locatiecheck", lambda data, **_: {}, "test")
    assert second.services["locatiecheck"][0].__module__ == "services.domain.locatiecheck"
    assert registry.CORE_SERVICES == core
    assert not hasattr(registry, "SERVICES") and not hasattr(registry, "register_service")


def test_a_domain_module_that_cannot_be_imported_is_an_error_not_a_silent_gap() -> None:
    with pytest.raises(ModuleNotFoundError):
        registry.build_registry(("services.domain.bestaat_niet",))


def test_two_platforms_have_their_own_registries(platform, settings, clock) -> None:  # type: ignore[no-untyped-def]
    from services.platform import Platform

    other = Platform.create(settings, clock, migrate=False)
    try:
        platform.registry.service("alleen_hier", lambda data, **_: {}, "test")
        assert "alleen_hier" in platform.runtime.environment.services
        assert "alleen_hier" not in other.registry.services
        assert "alleen_hier" not in other.runtime.environment.services
    finally:
        other.close()

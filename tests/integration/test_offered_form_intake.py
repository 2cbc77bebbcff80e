"""The application form's preview of a location and its submission hold to the one rule for who applies
(services.status.application_forms ``offered_form``): only a form the public face offers, that of a
deployed process. The intake called ``application_form`` itself, which knows every registered form, and
relied on each route to ask ``offered_form`` first; a form whose process is not deployed was previewed,
and its submission validated, counted against the client's budget and scanned before the start failed."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from processes.errors import NotFound
from services import deployments
from services.platform import Platform
from services.status import intake
from services.store.models import AuthFailure
from tests.e2e.test_status_http import FORM as STATUS_FORM
from tests.integration.energie_fixtures import WIND_MODELLEN

FORM = {**STATUS_FORM, "coordinaat": "226000 448000"}  # inside the demo layers' gemeente, in RD


def _counted(platform: Platform) -> int:
    with platform.uow(write=False) as uow:
        return uow.session.scalar(select(func.count()).select_from(AuthFailure)) or 0


def test_a_form_not_offered_is_neither_previewed_nor_submitted(platform: Platform) -> None:
    """Nothing deployed: the omgevingsvergunning's form is registered but not offered."""
    with pytest.raises(NotFound) as refused:
        intake.preview_location(platform, "omgevingsvergunning", {"coordinaat": "226000 448000"})
    assert refused.value.code == "aanvraag-onbekend"
    with pytest.raises(NotFound) as refused:
        intake.submit_application(platform, "omgevingsvergunning", dict(FORM), address="192.0.2.7")
    assert refused.value.code == "aanvraag-onbekend"
    assert _counted(platform) == 0  # refused before the budget is charged


def test_an_offered_form_is_previewed(platform: Platform) -> None:
    deployments.deploy(platform, deployments.read_files(WIND_MODELLEN))
    for process_id in ("omgevingsvergunning", "windpark"):
        preview = intake.preview_location(platform, process_id, {"coordinaat": "226000 448000"})
        assert preview["binnen_gemeente"] is True

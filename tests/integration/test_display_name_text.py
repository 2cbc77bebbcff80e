"""An account's display name is shown in every list of a case: it may not hold a bidi or control
character (processes.tekens), and accents and emoji stay."""

from __future__ import annotations

import pytest

from processes.errors import ValidationError
from services import users
from tests.integration.core_helpers import list_users


def test_a_display_name_with_a_bidi_control_is_refused_and_nothing_stored(platform):
    before = list_users(platform)
    for name in ("Anna \u202enesnaJ", "Anna\tJansen"):
        with pytest.raises(ValidationError) as refused:
            users.add_user(platform, "anna", role="vergunningverlener", display_name=name)
        assert refused.value.code == "tekst-ongeldig" and refused.value.extra["veld"] == "weergavenaam"
    assert list_users(platform) == before
    users.add_user(platform, "zoe", role="vergunningverlener", display_name="Zoë Ürün 👩🏽‍💼")
    assert [u["naam"] for u in list_users(platform) if u["gebruikersnaam"] == "zoe"] == ["Zoë Ürün 👩🏽‍💼"]

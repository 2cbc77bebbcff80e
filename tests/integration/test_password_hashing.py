"""The suite hashes passwords with one PBKDF2 round (tests/conftest.py ``cheap_password_hashing``); the
product keeps werkzeug's scrypt default. This test switches the test seam off and checks that default."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from processes.errors import Unauthorized
from services import users
from services.store.models import User
from tests.conftest import TEST_PASSWORD_METHOD


def _stored_hash(platform, username):
    with platform.uow(write=False) as uow:
        return uow.session.scalars(select(User.password_hash).where(User.username == username)).one()


def test_the_tests_hash_cheaply(platform):
    users.add_user(platform, "snel", password="geheim")
    assert _stored_hash(platform, "snel").startswith(TEST_PASSWORD_METHOD + "$")
    assert users.authenticate(platform, "snel", "geheim")["gebruikersnaam"] == "snel"


def test_the_product_hashes_with_scrypt(platform, monkeypatch):
    monkeypatch.setattr(users, "generate_password_hash", generate_password_hash)
    users._dummy_hash.cache_clear()
    try:
        users.add_user(platform, "echt", password="geheim")
        assert _stored_hash(platform, "echt").startswith("scrypt:")
        assert users.authenticate(platform, "echt", "geheim")["gebruikersnaam"] == "echt"
        with pytest.raises(Unauthorized):
            users.authenticate(platform, "echt", "fout")
        assert users._dummy_hash().startswith("scrypt:")  # an unknown name costs the same hash
        with pytest.raises(Unauthorized):
            users.authenticate(platform, "onbekend", "geheim")
    finally:
        users._dummy_hash.cache_clear()

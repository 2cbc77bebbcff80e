"""This database's installation id: a random UUID stored once in the database (table ``installatie``).

A vernietigingslijst names the database its dry run judged (services.bewaren.register), so that a list
approved for another database is refused even where the zaaknummers are the same (review sessie13c). A
stored id, not a hash of the database URL: one URL names different databases in different environments
(``postgresql://…@db/ruimteflow`` in every container set-up, ``sqlite:///instance/ruimteflow.db`` in
every checkout), and one database has many URLs (a host alias, an IP address, another driver). A backup
restored elsewhere carries the id with it; such a copy holds the same cases, and the list's description
of each case is compared with the case as well.

The row is made on first need (``maak``) rather than by the migration: a check only reads (``lees``), so a
refused run writes nothing.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from services.platform import Platform
from services.store.models import Installatie

#: the one row's key
RIJ = 1


def lees(platform: Platform) -> str | None:
    """This database's id, None while no list was ever written for it."""
    with platform.uow(write=False) as uow:
        return uow.session.scalar(select(Installatie.kenmerk).where(Installatie.id == RIJ))


def maak(platform: Platform) -> str:
    """This database's id, made and stored the first time (two at once: the first stored counts)."""
    found = lees(platform)
    if found is not None:
        return found
    try:
        with platform.uow() as uow:
            uow.session.add(Installatie(id=RIJ, kenmerk=str(uuid.uuid4())))
            uow.commit()
    except IntegrityError:
        pass  # another process stored it first
    made = lees(platform)
    assert made is not None
    return made

"""Alembic environment: runs on the connection handed in by services.store.db.migrate."""

from alembic import context

from services.store.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - alembic CLI use
    from services.config import Settings
    from services.store.db import make_engine

    engine = make_engine(Settings.from_env().resolved_database_url)
    connection = engine.connect()

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()

"""Schema changes go through Alembic: `upgrade(engine)` brings any database to the latest schema."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import MetaData
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

HERE = Path(__file__).parent / "migrations"


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(HERE))
    url = engine.url.render_as_string(hide_password=False)
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))  # ConfigParser syntax
    return config


def upgrade(engine: Engine) -> None:
    """Bring the database to the latest schema (every command does this first; the tests too)."""
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def target() -> MetaData:
    """Every table the migrations own, in one MetaData (web users keep a metadata of their own
    so that `drop_all` over the others never trips on them)."""
    import catalog.models  # noqa: F401
    import sync.models  # noqa: F401
    from web.models import User

    merged = MetaData()
    for metadata in (SQLModel.metadata, User.metadata):
        for table in metadata.tables.values():
            table.to_metadata(merged)
    return merged


def revision(engine: Engine, message: str) -> None:
    """Developers: write a new migration from the difference between models and database."""
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.revision(config, message=message, autogenerate=True)

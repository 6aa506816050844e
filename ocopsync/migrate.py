"""Schema changes go through Alembic: `upgrade(engine)` brings any database to the latest schema."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect
from sqlalchemy.engine import Engine

HERE = Path(__file__).parent / "migrations"
FIRST = "4a740fdec047"  # the initial schema


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(HERE))
    url = engine.url.render_as_string(hide_password=False)
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))  # ConfigParser syntax
    return config


def upgrade(engine: Engine) -> None:
    """Bring the database to the latest schema. A database made before migrations existed (its
    tables there, no version row) is stamped as the first revision, then upgraded."""
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        tables = set(inspect(connection).get_table_names())
        if "business" in tables and "alembic_version" not in tables:
            command.stamp(config, FIRST)
        command.upgrade(config, "head")


def revision(engine: Engine, message: str) -> None:
    """Developers: write a new migration from the difference between models and database."""
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.revision(config, message=message, autogenerate=True)

"""Fixtures every test folder may use: a real database, SQLite file or PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

import sync.models  # noqa: F401  (every table in the metadata)
from catalog.db import create_tables, make_engine

PG_URL = os.environ.get("OCOPSYNC_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def postgres_engine() -> Engine:
    """The test PostgreSQL, emptied; a skip where there is none, a failure where CI needs it."""
    engine = make_engine(PG_URL)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        if os.environ.get("OCOPSYNC_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL at {PG_URL} is required here but not reachable: {exc}")
        pytest.skip(f"PostgreSQL not reachable at {PG_URL}")
    with engine.begin() as conn:  # the whole schema: migrations leave their own tables too
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    return engine


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A database with no tables at all."""
    if request.param == "postgres":
        engine = postgres_engine()
    else:
        engine = make_engine(f"sqlite:///{tmp_path / 'ocopsync.db'}")
    yield engine
    engine.dispose()


@pytest.fixture
def db(empty_db: Engine) -> Engine:
    """A database with every table, made from the models."""
    create_tables(empty_db)
    return empty_db

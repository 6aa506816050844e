"""Fixtures every test folder may use: a real database, SQLite file or PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url

import sync.models  # noqa: F401  (every table in the metadata)
from catalog.db import make_engine, normalise_url
from ocopsync.migrate import upgrade

PG_URL = os.environ.get("OCOPSYNC_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
# Each test run gets a schema of its own in that database, so two runs (a developer's and CI's)
# never drop each other's tables. The search path rides in the URL: subprocesses inherit it.
SCHEMA = f"run_{os.getpid()}"


def postgres_engine() -> Engine:
    """The test PostgreSQL, emptied; a skip where there is none, a failure where CI needs it."""
    url = make_url(normalise_url(PG_URL)).update_query_dict({"options": f"-csearch_path={SCHEMA}"})
    engine = make_engine(url.render_as_string(hide_password=False))
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        if os.environ.get("OCOPSYNC_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL at {PG_URL} is required here but not reachable: {exc}")
        pytest.skip(f"PostgreSQL not reachable at {PG_URL}")
    with engine.begin() as conn:  # the whole schema: migrations leave their own tables too
        conn.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {SCHEMA}"))
    return engine


@pytest.fixture(scope="session", autouse=True)
def _drop_run_schema() -> Iterator[None]:
    yield
    engine = make_engine(PG_URL)
    try:
        with engine.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
    except Exception as exc:  # no PostgreSQL here: nothing was made
        print(f"no run schema to drop: {type(exc).__name__}")
    finally:
        engine.dispose()


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
    """A database with every table, made the way every real one is: by the migrations."""
    upgrade(empty_db)
    return empty_db

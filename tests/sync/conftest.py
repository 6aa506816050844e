"""Engine tests: the real engine, a real database (SQLite file and PostgreSQL) and the Shopee
sandbox over real HTTP on loopback. Nothing of ours is mocked."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

import sync.models  # noqa: F401
from catalog.db import create_tables, make_engine
from sandbox.testing import running
from tests.sync.world import World

PG_URL = os.environ.get("OCOPSYNC_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _postgres() -> Engine:
    engine = make_engine(PG_URL)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        if os.environ.get("OCOPSYNC_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL at {PG_URL} is required here but not reachable: {exc}")
        pytest.skip(f"PostgreSQL not reachable at {PG_URL}")
    SQLModel.metadata.drop_all(engine)
    return engine


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    engine = (
        _postgres()
        if request.param == "postgres"
        else make_engine(f"sqlite:///{tmp_path / 'ocopsync.db'}")
    )
    create_tables(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def sandbox_url(tmp_path: Path) -> Iterator[str]:
    with running("shopee", tmp_path / "sandbox") as url:
        yield url


@pytest.fixture
def world(db: Engine, sandbox_url: str) -> World:
    return World(db, sandbox_url)

"""Engine tests: the real engine, a real database (SQLite file and PostgreSQL) and the Shopee
sandbox over real HTTP on loopback. Nothing of ours is mocked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from sandbox.testing import running
from tests.sync.world import World


@pytest.fixture
def sandbox_url(tmp_path: Path) -> Iterator[str]:
    with running("shopee", tmp_path / "sandbox") as url:
        yield url


@pytest.fixture
def world(db: Engine, sandbox_url: str) -> World:
    return World(db, sandbox_url)

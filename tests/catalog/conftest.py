"""Catalog tests run on a real SQLite file in tmp_path, with the shared sample data read as is."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from catalog.crud import get_or_create_business
from catalog.db import create_tables, make_engine
from catalog.models import Business


def shared_data_dir() -> Path:
    """`shared/data` next to the repo checkout, or under $OCOPSYNC_SHARED."""
    beside_repo = Path(__file__).parents[2].parent / "shared" / "data"
    if beside_repo.is_dir():
        return beside_repo
    shared = Path(os.environ.get("OCOPSYNC_SHARED", "shared"))
    return shared / "data" if (shared / "data").is_dir() else shared


@pytest.fixture(scope="session")
def data_dir() -> Path:
    folder = shared_data_dir()
    if not (folder / "catalog_soctrang.csv").is_file():
        pytest.fail(f"sample data not found in {folder}; set OCOPSYNC_SHARED")
    return folder


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'catalog.db'}")
    create_tables(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def business(session: Session) -> Business:
    business = get_or_create_business(session, slug="soctrang", name="Trung tâm XTTM Sóc Trăng")
    session.commit()
    return business

"""The objects one command or one process needs, built once from the settings."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cached_property

from sqlalchemy.engine import Engine
from sqlmodel import Session

import sync.models  # noqa: F401  (registers the sync tables with the metadata)
from catalog import crud
from catalog.db import make_engine
from catalog.models import Business
from ocopsync.migrate import upgrade
from ocopsync.settings import Settings
from sync.secrets import SecretBox
from sync.tick import SyncEngine


@dataclass
class AppContext:
    settings: Settings

    @cached_property
    def db(self) -> Engine:
        engine = make_engine(self.settings.database_url)
        upgrade(engine)
        return engine

    @cached_property
    def box(self) -> SecretBox:
        return self.settings.secret_box(create=True)

    @cached_property
    def engine(self) -> SyncEngine:
        return SyncEngine(self.db, self.box)

    def session(self) -> Session:
        return Session(self.db, expire_on_commit=False)

    def business(self, session: Session, *, name: str | None = None) -> Business:
        slug = self.settings.business
        business = crud.get_or_create_business(session, slug=slug, name=name or slug)
        session.commit()
        return business


def configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )


def load() -> AppContext:
    settings = Settings()
    configure_logging(settings.log_level)
    return AppContext(settings)

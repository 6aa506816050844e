"""Who may sign in: users and their role in one business."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from catalog.types import UTCDateTime, utcnow


class WebModel(SQLModel, registry=registry()):
    """The web tables keep their own metadata: `create_tables` and every `drop_all` over the
    catalog and sync tables neither create nor trip over them (a foreign key from here into
    `business` would block dropping it). `web.users.ensure_table` creates them."""


class Role(StrEnum):
    OWNER = "owner"  # everything, including people
    MANAGER = "manager"  # sales rollups and exports, plus what staff see
    STAFF = "staff"  # sync status, listings, issues, catalog


class User(WebModel, table=True):
    __tablename__ = "web_user"
    __table_args__ = (UniqueConstraint("email"),)

    id: int | None = Field(default=None, primary_key=True)
    business_id: int = Field(index=True)  # business.id (no database-level key: see WebModel)
    email: str
    password_hash: str
    role: Role = Role.STAFF
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

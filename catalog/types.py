"""Column types shared by every table: UTC datetimes that come back timezone-aware, NFC text."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(UTC)


def nfc(text: str | None) -> str | None:
    """Vietnamese text is stored composed (NFC), trimmed, with inner runs of blanks folded."""
    if text is None:
        return None
    return " ".join(unicodedata.normalize("NFC", str(text)).split())


class UTCDateTime(TypeDecorator[datetime]):
    """Stored as naive UTC (SQLite has no zones); always returned timezone-aware in UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

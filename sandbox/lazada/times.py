"""Lazada's time formats: ISO 8601 with an offset in order APIs, epoch-ms strings in products.

Seller-local time is Vietnam's (+07:00). Query filters must carry an offset (`+07:00` or
`+0700`); anything else is E017.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from sandbox.lazada.envelope import numbered

VN = timezone(timedelta(hours=7))
INVALID_DATE = numbered(17, "Invalid Date Format")


def iso(unix_seconds: int) -> str:
    """`2024-01-01T10:00:00+07:00`."""
    return datetime.fromtimestamp(unix_seconds, tz=UTC).astimezone(VN).isoformat()


def parse_iso(raw: str) -> int:
    """Unix seconds of an ISO 8601 time with an offset; E017 otherwise."""
    try:
        moment = datetime.fromisoformat(raw.strip())
    except ValueError:
        raise INVALID_DATE() from None
    if moment.tzinfo is None or "T" not in raw:
        raise INVALID_DATE()
    return int(moment.timestamp())


def parse_local(raw: str) -> int | None:
    """`yyyy-MM-dd HH:mm:ss` or `yyyy-MM-dd`, seller-local; None when it is neither."""
    for pattern in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return int(datetime.strptime(raw.strip(), pattern).replace(tzinfo=VN).timestamp())
        except ValueError:
            continue
    return None

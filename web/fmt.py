"""How numbers and times look on screen: "1.750.000 ₫", Asia/Ho_Chi_Minh."""

from __future__ import annotations

from datetime import datetime

from sync.sales import VN


def vnd(amount: int | None) -> str:
    if amount is None:
        return "—"
    return f"{amount:,}".replace(",", ".") + " ₫"


def number(value: int | None) -> str:
    return "—" if value is None else f"{value:,}".replace(",", ".")


def vn_time(value: datetime | str | None) -> str:
    if value is None or value == "":
        return "—"
    when = datetime.fromisoformat(value) if isinstance(value, str) else value
    return when.astimezone(VN).strftime("%d/%m/%Y %H:%M")


def parse_day(text: str | None) -> datetime | None:
    """A YYYY-MM-DD day in Vietnam, as `ocopsync sales --since/--until` reads it."""
    return datetime.fromisoformat(text).replace(tzinfo=VN) if text else None

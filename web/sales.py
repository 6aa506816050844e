"""Manager rollups: the figures are `sync.sales.rollup`'s, never recomputed; charts and exports."""

from __future__ import annotations

import csv
import dataclasses
import io
from dataclasses import dataclass
from datetime import datetime
from html import escape

from openpyxl import Workbook
from sqlmodel import Session

from sync.sales import DIMENSIONS, SalesRow, rollup, total
from web.fmt import number, parse_day, vnd

HEADERS = ("key", "orders", "units", "revenue", "cancelled")
LABELS = {"platform": "sàn", "channel": "kênh", "product": "sản phẩm", "month": "tháng"}


@dataclass(frozen=True)
class Period:
    by: str = "platform"
    since: str | None = None  # YYYY-MM-DD, Vietnam
    until: str | None = None

    def check(self) -> Period:
        if self.by not in DIMENSIONS:
            raise ValueError(f"by must be one of {', '.join(DIMENSIONS)}")
        for day in (self.since, self.until):
            if day:
                datetime.fromisoformat(day)
        return self


def rows_for(session: Session, business_id: int, period: Period) -> list[SalesRow]:
    return rollup(
        session,
        business_id=business_id,
        by=period.by,
        since=parse_day(period.since),
        until=parse_day(period.until),
    )


def total_for(session: Session, business_id: int, period: Period) -> SalesRow:
    """The period's totals as `ocopsync sales` prints them: each order counted once."""
    return total(
        session,
        business_id=business_id,
        since=parse_day(period.since),
        until=parse_day(period.until),
    )


def to_csv(rows: list[SalesRow]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow([getattr(row, h) for h in HEADERS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel then reads UTF-8


def to_xlsx(rows: list[SalesRow], by: str) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = f"sales by {by}"
    sheet.append(list(HEADERS))
    for row in rows:
        sheet.append([getattr(row, h) for h in HEADERS])
    for cell in sheet["D"][1:]:
        cell.number_format = "#,##0"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def as_dicts(rows: list[SalesRow]) -> list[dict[str, object]]:
    return [dataclasses.asdict(r) for r in rows]


def bar_chart(rows: list[SalesRow], field: str = "revenue", width: int = 640) -> str:
    """A horizontal bar chart as inline SVG: one bar per row, labelled, no script, no CDN."""
    values = [int(getattr(r, field)) for r in rows]
    top = max(values, default=0) or 1
    bar_h, gap, label_w, value_w = 22, 6, 200, 130
    plot_w = width - label_w - value_w
    height = max(1, len(rows)) * (bar_h + gap) + gap
    show = vnd if field == "revenue" else number
    parts = [
        f'<svg class="chart" role="img" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width} {height}" width="100%" aria-label="{escape(field)}">'
    ]
    for i, (row, value) in enumerate(zip(rows, values, strict=True)):
        y = gap + i * (bar_h + gap)
        w = round(plot_w * value / top)
        label = escape(row.key if len(row.key) <= 24 else row.key[:23] + "…")
        parts += [
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{label}</text>',
            f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar_h}" rx="3"/>',
            f'<text x="{label_w + w + 6}" y="{y + 15}">{escape(show(value))}</text>',
        ]
    parts.append("</svg>")
    return "".join(parts)

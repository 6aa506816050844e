"""What an import tells its user: counts, and every rejected or doubtful row with its reason."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

FIRST_ROWS_SHOWN = 5  # a summarised warning names this many of its rows


class CatalogFileError(ValueError):
    """The whole file cannot be read (wrong format, not UTF-8, no header row): nothing imported."""


@dataclass(frozen=True)
class RowError:
    """One problem on one spreadsheet row (Excel row number; CSV line with the header as line 1)."""

    row: int
    sku: str | None
    field: str | None  # canonical column name, None when the row as a whole is at fault
    reason: str

    def __str__(self) -> str:
        where = f"row {self.row}" + (f" ({self.sku})" if self.sku else "")
        return f"{where}: {self.reason}"


@dataclass
class ImportReport:
    """Counts are per SKU; `products` counts the distinct products the good rows belong to."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    products: int = 0
    errors: list[RowError] = field(default_factory=list)  # one per rejected cell or row
    warnings: list[RowError] = field(default_factory=list)  # one per distinct problem
    header_row: int = 0
    # known SKUs whose MAIN on-hand count the file replaced: (SKU, old on hand, new on hand)
    stock_replaced: list[tuple[str, int, int]] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        return (
            f"{self.imported} SKUs ({self.created} new, {self.updated} updated, "
            f"{self.unchanged} unchanged) in {self.products} products; "
            f"{len(self.errors)} rows rejected, {len(self.warnings)} warnings"
        )


def summarise(warnings: Iterable[tuple[str, RowError]]) -> list[RowError]:
    """One warning per kind of problem, so a large file never floods the report.

    Each item is (kind, warning); the kind is the problem's text without the row's own details.
    A kind seen on many rows becomes one line with a count and its first row numbers; when more
    than KINDS_SHOWN kinds differ only in a quoted value ('image "a.jpg" not found', 'image
    "b.jpg" not found', ...) they become one line too, naming the first few values.
    """
    groups: dict[str, list[RowError]] = {}
    for kind, warning in warnings:
        groups.setdefault(kind, []).append(warning)
    families: dict[str, list[str]] = {}
    for kind in groups:
        families.setdefault(_QUOTED.sub('"…"', kind), []).append(kind)
    result = []
    for family, kinds in families.items():
        if len(kinds) > KINDS_SHOWN:
            result.append(_merged(family, kinds, groups))
            continue
        result.extend(_one_kind(kind, groups[kind]) for kind in kinds)
    return sorted(result, key=lambda warning: warning.row)


KINDS_SHOWN = 25  # a family of more distinct kinds than this is merged into one warning
_QUOTED = re.compile(r'"[^"]*"')


def _one_kind(kind: str, items: list[RowError]) -> RowError:
    first = items[0]
    if len(items) == 1:
        return first
    rows = sorted({item.row for item in items})
    sku = first.sku if all(item.sku == first.sku for item in items) else None
    return RowError(first.row, sku, first.field, f"{kind} ({_rows(rows)})")


def _merged(family: str, kinds: list[str], groups: dict[str, list[RowError]]) -> RowError:
    items = [item for kind in kinds for item in groups[kind]]
    rows = sorted({item.row for item in items})
    first = min(items, key=lambda item: item.row)
    values = [m.group(0) for kind in kinds[:FIRST_ROWS_SHOWN] if (m := _QUOTED.search(kind))]
    reason = (
        f"{family}: {len(kinds):,} different values ({_rows(rows)}); first: {', '.join(values)}, …"
    )
    return RowError(first.row, None, first.field, reason)


def _rows(rows: list[int]) -> str:
    shown = ", ".join(str(row) for row in rows[:FIRST_ROWS_SHOWN])
    more = ", …" if len(rows) > FIRST_ROWS_SHOWN else ""
    return f"{len(rows):,} rows: {shown}{more}"

"""What an import tells its user: counts, and every rejected or doubtful row with its reason."""

from __future__ import annotations

from dataclasses import dataclass, field


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
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    header_row: int = 0

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

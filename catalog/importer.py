"""Import a master catalog (CSV or XLSX) into one business: upsert by SKU, never stop on a bad row.

Bad rows are reported with their spreadsheet row number and reason; every good row is imported.
The caller owns the transaction: this flushes, and `catalog.db.session_scope` commits.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlmodel import Session

from catalog.images import ImageStore, image_dirs, is_image_name
from catalog.models import Business
from catalog.reader import Sheet, read_sheet
from catalog.report import CatalogFileError, ImportReport, RowError, summarise
from catalog.rows import CatalogRow, is_skipped, parse_record, safe_sku
from catalog.upsert import PRODUCT_FIELDS, CatalogState, Outcome

__all__ = ["CatalogFileError", "ImportReport", "RowError", "import_catalog"]

Progress = Callable[[int, int], None]


def import_catalog(
    session: Session,
    *,
    business: Business,
    path: Path,
    images_dir: Path | None = None,
    progress: Progress | None = None,
    keep_stock: bool = False,
) -> ImportReport:
    """Import `path` into `business`; raises CatalogFileError when the file is unreadable, or
    when the catalog is empty and the file lacks a column every new SKU needs (price, name).

    With `keep_stock`, known SKUs keep their on-hand count (new SKUs still take the file's);
    either way `report.stock_replaced` lists the known SKUs whose count the file replaced.
    """
    if business.id is None:
        raise ValueError("business must be saved (flushed) before importing into it")
    path = Path(path)
    sheet = read_sheet(path)
    state = CatalogState.load(session, business.id, keep_stock=keep_stock)
    missing = _missing_columns(sheet)
    if missing and not state.variants:
        raise CatalogFileError(
            f"{path.name}: {_no_columns(missing)}, which new SKUs need "
            f"(headers found: {', '.join(sheet.header.texts)})"
        )
    run = _Run(
        state=state,
        images=ImageStore.load(session, business.id, image_dirs(path, images_dir)),
        report=ImportReport(header_row=sheet.header.row),
        no_price_column="price_vnd" in missing,
    )
    run.warn_all(_column_warnings(sheet, missing))
    records = list(sheet.records())
    for done, (number, record) in enumerate(records, 1):
        run.record(number, record)
        if progress is not None:
            progress(done, len(records))
    run.state.finish()
    run.report.products = len(run.products)
    run.report.stock_replaced = list(run.state.stock_replaced)
    run.report.warnings = summarise(run.warnings)
    return run.report


_NEEDED = {"price_vnd": "price", "name": "product name"}  # columns a new SKU's row must have


def _missing_columns(sheet: Sheet) -> list[str]:
    """Columns a new SKU needs that the header lacks (a new product needs its name)."""
    header = sheet.header
    return [name for name in _NEEDED if not header.has(name)]


def _no_columns(missing: list[str]) -> str:
    return ", ".join(f"no {_NEEDED[name]} column" for name in missing)


def _column_warnings(sheet: Sheet, missing: list[str]) -> list[tuple[str, RowError]]:
    header = sheet.header
    found = ", ".join(header.texts)
    reasons = [f'column "{text}" is not a catalog column; ignored' for text in header.unknown]
    reasons += [f'column "{text}" repeats an earlier column; ignored' for text in header.repeated]
    if "price_vnd" in missing:
        reasons.append(f"no price column (headers found: {found}); prices left as they are")
    return [(reason, RowError(header.row, None, None, reason)) for reason in reasons]


@dataclass
class _Run:
    state: CatalogState
    images: ImageStore
    report: ImportReport
    no_price_column: bool = False
    claimed: dict[str, int] = field(default_factory=dict)  # SKU -> first row that has it
    products: dict[str, CatalogRow] = field(default_factory=dict)  # code -> its first good row
    warnings: list[tuple[str, RowError]] = field(default_factory=list)  # (kind, warning)

    def warn_all(self, warnings: list[tuple[str, RowError]]) -> None:
        self.warnings.extend(warnings)

    def record(self, number: int, record: dict[str, Any]) -> None:
        if is_skipped(record):
            return
        parsed = self._check(number, record)
        if isinstance(parsed, list):
            self.report.errors.extend(parsed)
            return
        code = self.state.product_code_of(parsed)
        assert code is not None  # _check asked for a name or product code for a new SKU
        row = self._with_images(parsed)
        stored_before = len(self.images.changed)
        self._warn_product_differs(row, code)
        outcome = self.state.apply(row, code, defines_product=code not in self.products)
        if outcome == "unchanged" and len(self.images.changed) > stored_before:
            outcome = "updated"  # same names, new picture bytes: channels must re-upload
        self.products.setdefault(code, row)
        self._count(outcome)

    def _warn_product_differs(self, row: CatalogRow, code: str) -> None:
        """Product fields come from a product's first row; say so when a later row disagrees."""
        first = self.products.get(code)
        if first is None:
            return
        for name in PRODUCT_FIELDS:
            if name == "description":
                continue  # each pack may say its own; the variant keeps it
            if row.has(name) and first.has(name) and row.get(name) != first.get(name):
                reason = (
                    f"{name} differs from row {first.row} of product {code}; row {first.row} kept"
                )
                kind = f"{name} differs from the first row of its product; the first row kept"
                self.warnings.append((kind, RowError(row.row, row.sku, name, reason)))

    def _check(self, number: int, record: dict[str, Any]) -> CatalogRow | list[RowError]:
        """Duplicates first (the first row with a SKU wins), then cells, then new-SKU needs."""
        sku = safe_sku(record.get("sku"))
        if sku is not None and sku in self.claimed:
            first = self.claimed[sku]
            return [RowError(number, sku, "sku", f"duplicate SKU {sku} (first on row {first})")]
        if sku is not None:
            self.claimed[sku] = number
        parsed = parse_record(number, record)
        return parsed if isinstance(parsed, list) else self._needs(parsed)

    def _needs(self, row: CatalogRow) -> CatalogRow | list[RowError]:
        """A new SKU needs a price; a new product needs a name (columns a price sheet may omit)."""
        code = self.state.product_code_of(row)
        sku_known, code_known = self.state.is_known(sku=row.sku, code=code)
        errors = []
        if code is None or (not code_known and row.get("name") is None):
            errors.append(RowError(row.row, row.sku, "name", "missing product name"))
        if not sku_known and row.get("price_vnd") is None:
            reason = "missing price" + (": the file has no price column" * self.no_price_column)
            errors.append(RowError(row.row, row.sku, "price_vnd", reason))
        return errors or row

    def _with_images(self, row: CatalogRow) -> CatalogRow:
        """Store the cited images; unusable names are dropped, missing files only warned about."""
        if not row.has("images"):
            return row
        kept: list[str] = []
        for name in row.get("images"):
            problem = self.images.store(name)
            if problem is not None:
                self.warnings.append((problem, RowError(row.row, row.sku, "images", problem)))
            if is_image_name(name):
                kept.append(name)
        return dataclasses.replace(row, values={**row.values, "images": kept})

    def _count(self, outcome: Outcome) -> None:
        if outcome == "created":
            self.report.created += 1
        elif outcome == "updated":
            self.report.updated += 1
        else:
            self.report.unchanged += 1

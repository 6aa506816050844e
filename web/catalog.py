"""Catalog pages and API: upload with a row-error report, Vietnamese browse and search, edits."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import Session

from catalog import crud
from catalog.importer import CatalogFileError, ImportReport, import_catalog
from catalog.models import Business, Product, Variant
from catalog.text import contains, vi_sort_key
from catalog.types import utcnow

SUFFIXES = (".csv", ".xlsx")


class UploadRefused(ValueError):
    """The file cannot be read at all (wrong kind, unreadable): nothing imported."""


def upload(session: Session, business_id: int, filename: str, data: bytes) -> ImportReport:
    suffix = Path(filename or "").suffix.lower()
    if suffix not in SUFFIXES:
        raise UploadRefused("upload a .csv or .xlsx file")
    business = session.get(Business, business_id)
    assert business is not None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"catalog{suffix}"
        path.write_bytes(data)
        try:
            report = import_catalog(session, business=business, path=path)
        except CatalogFileError as exc:
            session.rollback()
            raise UploadRefused(str(exc)) from exc
    session.commit()
    return report


def report_dict(report: ImportReport) -> dict[str, Any]:
    def errors(found: list[Any]) -> list[dict[str, Any]]:
        return [{"row": e.row, "sku": e.sku, "field": e.field, "reason": e.reason} for e in found]

    return {
        "summary": report.summary(),
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "products": report.products,
        "errors": errors(report.errors),
        "warnings": errors(report.warnings),
    }


@dataclass
class Item:
    variant_id: int
    sku: str
    name: str
    option: str
    price: int
    stock: int
    active: bool


def browse(session: Session, business_id: int, query: str = "") -> list[Item]:
    """Variants in Vietnamese dictionary order of product name; `query` ignores accents."""
    found = []
    for variant, product in crud.list_variants(session, business_id=business_id):
        text = " ".join((product.name, variant.option, variant.sku, product.code))
        if query and not contains(text, query):
            continue
        found.append(item(session, variant, product))
    found.sort(key=lambda i: (vi_sort_key(i.name), vi_sort_key(i.option), i.sku))
    return found


def item(session: Session, variant: Variant, product: Product) -> Item:
    return Item(
        variant_id=variant.id or 0,
        sku=variant.sku,
        name=product.name,
        option=variant.option,
        price=variant.price,
        stock=crud.main_on_hand(session, variant_id=variant.id or 0),
        active=variant.active,
    )


def edit(session: Session, variant: Variant, *, price: int | None, stock: int | None) -> None:
    """Set the master price and the MAIN warehouse count; raises ValueError on negative values."""
    if price is not None:
        if price <= 0:
            raise ValueError("price must be more than 0 ₫")
        variant.price, variant.updated_at = price, utcnow()
        session.add(variant)
    if stock is not None:
        crud.set_on_hand(session, variant_id=variant.id or 0, qty=stock)
    session.commit()

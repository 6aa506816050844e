"""Small helpers shared by the catalog tests."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from sqlmodel import Session

from catalog.crud import list_variants, on_hand


def snapshot(session: Session, business_id: int) -> dict[str, dict[str, Any]]:
    """Everything an import writes about each SKU, keyed by SKU, ids left out."""
    result: dict[str, dict[str, Any]] = {}
    for variant, product in list_variants(session, business_id=business_id):
        assert variant.id is not None
        product_fields = product.model_dump(
            exclude={"id", "business_id", "created_at", "updated_at"}
        )
        variant_fields = variant.model_dump(
            exclude={"id", "business_id", "product_id", "created_at", "updated_at"}
        )
        stock = on_hand(session, variant_id=variant.id)
        result[variant.sku] = {**variant_fields, "stock": stock, "product": product_fields}
    return result


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_lines(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path

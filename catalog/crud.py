"""Keyword-only helpers over an injected session. They flush, never commit: the caller owns the
transaction (`catalog.db.session_scope` commits on success)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from catalog.models import Business, ImageFile, Product, StockLevel, Variant, Warehouse
from catalog.types import nfc, utcnow

MAIN = "MAIN"


def get_business(session: Session, *, slug: str) -> Business | None:
    return session.exec(select(Business).where(Business.slug == slug)).first()


def get_or_create_business(session: Session, *, slug: str, name: str) -> Business:
    business = get_business(session, slug=slug)
    if business is None:
        business = Business(slug=slug, name=nfc(name) or slug)
        session.add(business)
        session.flush()
    return business


def main_warehouse(session: Session, *, business_id: int) -> Warehouse:
    """The business's MAIN warehouse, created when missing."""
    query = select(Warehouse).where(Warehouse.business_id == business_id, Warehouse.code == MAIN)
    warehouse = session.exec(query).first()
    if warehouse is None:
        warehouse = Warehouse(business_id=business_id, code=MAIN)
        session.add(warehouse)
        session.flush()
    return warehouse


def list_variants(session: Session, *, business_id: int) -> list[tuple[Variant, Product]]:
    """Every variant with its product, in catalog order (product, then variant, as imported)."""
    query = (
        select(Variant, Product)
        .join(Product, col(Product.id) == col(Variant.product_id))
        .where(Variant.business_id == business_id)
        .order_by(col(Product.id), col(Variant.id))
    )
    return [(variant, product) for variant, product in session.exec(query).all()]


def on_hand(session: Session, *, variant_id: int) -> int:
    """Units on hand over every warehouse."""
    query = select(func.coalesce(func.sum(StockLevel.on_hand), 0)).where(
        StockLevel.variant_id == variant_id
    )
    return int(session.exec(query).one())


def main_on_hand(session: Session, *, variant_id: int) -> int:
    """Units on hand in the MAIN warehouse only (what import and export read and write)."""
    level = _main_level(session, variant_id=variant_id, create=False)
    return 0 if level is None else level.on_hand


def set_on_hand(session: Session, *, variant_id: int, qty: int) -> None:
    """Set the MAIN warehouse's count (a stock take); qty must be 0 or more."""
    if qty < 0:
        raise ValueError(f"negative stock {qty}")
    level = _main_level(session, variant_id=variant_id, create=True)
    assert level is not None
    level.on_hand, level.updated_at = qty, utcnow()
    session.add(level)
    session.flush()


def adjust_on_hand(session: Session, *, variant_id: int, delta: int) -> int:
    """Add delta to MAIN's count in one UPDATE (safe beside concurrent writers); the new count.

    Raises ValueError, changing nothing, when the count would go below 0.
    """
    level = _main_level(session, variant_id=variant_id, create=True)
    assert level is not None and level.id is not None
    statement = (
        update(StockLevel)
        .where(col(StockLevel.id) == level.id, col(StockLevel.on_hand) + delta >= 0)
        .values(on_hand=col(StockLevel.on_hand) + delta, updated_at=utcnow())
    )
    if session.connection().execute(statement).rowcount == 0:
        raise ValueError(f"stock of variant {variant_id} would go below 0 (delta {delta})")
    session.refresh(level)
    return level.on_hand


def image_bytes(
    session: Session, *, business_id: int, names: Iterable[str]
) -> list[tuple[str, bytes]]:
    """The stored images for these names, in the order asked; names never stored are left out."""
    wanted = list(dict.fromkeys(names))
    query = select(ImageFile).where(
        ImageFile.business_id == business_id, col(ImageFile.name).in_(wanted)
    )
    found = {image.name: image.data for image in session.exec(query).all()}
    return [(name, found[name]) for name in wanted if name in found]


def count_catalog(session: Session, *, business_id: int) -> tuple[int, int]:
    """(products, variants) of the business."""
    products = select(func.count()).select_from(Product).where(Product.business_id == business_id)
    variants = select(func.count()).select_from(Variant).where(Variant.business_id == business_id)
    return int(session.exec(products).one()), int(session.exec(variants).one())


def _main_level(session: Session, *, variant_id: int, create: bool) -> StockLevel | None:
    variant = session.get(Variant, variant_id)
    if variant is None:
        raise LookupError(f"no variant {variant_id}")
    warehouse = main_warehouse(session, business_id=variant.business_id)
    query = select(StockLevel).where(
        StockLevel.variant_id == variant_id, StockLevel.warehouse_id == warehouse.id
    )
    level = session.exec(query).first()
    if level is None and create:
        level = StockLevel(variant_id=variant_id, warehouse_id=_warehouse_id(warehouse))
        session.add(level)
        session.flush()
    return level


def _warehouse_id(warehouse: Warehouse) -> int:
    assert warehouse.id is not None
    return warehouse.id

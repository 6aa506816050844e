"""Keyword-only helpers over an injected session."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session

from catalog.crud import (
    adjust_on_hand,
    count_catalog,
    get_business,
    get_or_create_business,
    image_bytes,
    list_variants,
    main_on_hand,
    on_hand,
    set_on_hand,
)
from catalog.importer import import_catalog
from catalog.models import Business, StockLevel, Warehouse


@pytest.fixture
def variant_id(session: Session, business: Business, data_dir: Path) -> int:
    import_catalog(session, business=business, path=data_dir / "catalog_soctrang.csv")
    session.commit()
    variant, _ = list_variants(session, business_id=business.id or 0)[0]
    assert variant.sku == "HTVC-TUI-1KG" and variant.id is not None
    return variant.id


def test_business_get_or_create(session: Session, business: Business) -> None:
    again = get_or_create_business(session, slug="soctrang", name="ignored")
    assert again.id == business.id
    assert again.name == "Trung tâm XTTM Sóc Trăng"
    assert get_business(session, slug="soctrang") == business
    assert get_business(session, slug="nope") is None


def test_on_hand_set_and_adjust(session: Session, variant_id: int) -> None:
    assert on_hand(session, variant_id=variant_id) == 320
    set_on_hand(session, variant_id=variant_id, qty=100)
    assert adjust_on_hand(session, variant_id=variant_id, delta=-30) == 70
    assert adjust_on_hand(session, variant_id=variant_id, delta=5) == 75
    session.commit()
    assert on_hand(session, variant_id=variant_id) == 75


def test_stock_never_goes_negative(session: Session, variant_id: int) -> None:
    with pytest.raises(ValueError, match="below 0"):
        adjust_on_hand(session, variant_id=variant_id, delta=-321)
    with pytest.raises(ValueError, match="negative stock"):
        set_on_hand(session, variant_id=variant_id, qty=-1)
    assert on_hand(session, variant_id=variant_id) == 320


def test_on_hand_sums_every_warehouse(
    session: Session, business: Business, variant_id: int
) -> None:
    second = Warehouse(business_id=business.id or 0, code="CT", name="Kho Cần Thơ")
    session.add(second)
    session.flush()
    session.add(StockLevel(variant_id=variant_id, warehouse_id=second.id or 0, on_hand=12))
    session.flush()
    assert on_hand(session, variant_id=variant_id) == 332
    assert main_on_hand(session, variant_id=variant_id) == 320


def test_unknown_variant(session: Session, business: Business) -> None:
    with pytest.raises(LookupError):
        set_on_hand(session, variant_id=999, qty=1)


def test_images_and_counts(session: Session, business: Business, variant_id: int) -> None:
    business_id = business.id or 0
    names = ["nam-rom.jpg", "missing.jpg", "bap-non.jpg", "nam-rom.jpg"]
    found = image_bytes(session, business_id=business_id, names=names)
    assert [name for name, _ in found] == ["nam-rom.jpg", "bap-non.jpg"]
    assert all(data.startswith(b"\xff\xd8") for _, data in found)  # JPEG
    assert count_catalog(session, business_id=business_id) == (23, 29)
    assert count_catalog(session, business_id=business_id + 1) == (0, 0)

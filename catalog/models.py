"""Master data: businesses, products, variants (seller SKUs), warehouses and stock, images, OCOP.

Money is integer VND. Text is NFC. Times are UTC (see `catalog.types`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, LargeBinary, UniqueConstraint
from sqlmodel import JSON, Field, SQLModel

from catalog.types import UTCDateTime, utcnow


def _created() -> datetime:
    return utcnow()


class Business(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(index=True, unique=True)
    name: str
    created_at: datetime = Field(default_factory=_created, sa_type=UTCDateTime)


class Product(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("business_id", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    business_id: int = Field(foreign_key="business.id", index=True)
    code: str  # product_code: rows sharing it are variants of one product
    name: str
    category: str = ""
    brand: str | None = None
    description: str = ""
    # OCOP certification (empty where the source did not say)
    ocop_stars: int | None = None
    ocop_year: int | None = None
    producer: str | None = None
    commune: str | None = None
    district: str | None = None
    province: str | None = None
    created_at: datetime = Field(default_factory=_created, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=_created, sa_type=UTCDateTime)


class Variant(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("business_id", "sku"),)

    id: int | None = Field(default=None, primary_key=True)
    business_id: int = Field(foreign_key="business.id", index=True)
    product_id: int = Field(foreign_key="product.id", index=True)
    sku: str  # the seller SKU, unique per business, case kept as the seller wrote it
    option: str = ""  # variant label, e.g. "Túi 2kg"
    description: str = ""  # this pack's own text; the product's description is its first row's
    price: int  # VND
    weight_g: int | None = None
    length_cm: int | None = None
    width_cm: int | None = None
    height_cm: int | None = None
    barcode: str | None = None
    images: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    active: bool = True
    created_at: datetime = Field(default_factory=_created, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=_created, sa_type=UTCDateTime)


class Warehouse(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("business_id", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    business_id: int = Field(foreign_key="business.id", index=True)
    code: str = "MAIN"
    name: str = "Kho chính"


class StockLevel(SQLModel, table=True):
    """Units physically on hand in one warehouse (reservations are counted in `sync`)."""

    __table_args__ = (UniqueConstraint("variant_id", "warehouse_id"),)

    id: int | None = Field(default=None, primary_key=True)
    variant_id: int = Field(foreign_key="variant.id", index=True)
    warehouse_id: int = Field(foreign_key="warehouse.id")
    on_hand: int = 0
    updated_at: datetime = Field(default_factory=_created, sa_type=UTCDateTime)


class ImageFile(SQLModel, table=True):
    """Image bytes kept in the database, so pushes never depend on where the import file was."""

    __table_args__ = (UniqueConstraint("business_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    business_id: int = Field(foreign_key="business.id", index=True)
    name: str  # the file name as the catalog cites it
    sha256: str
    content_type: str = "image/jpeg"
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))

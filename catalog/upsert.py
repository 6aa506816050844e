"""Write parsed rows into the catalog: products by code, variants by SKU, stock in MAIN.

The whole business's catalog is loaded once and the writes go out in three batched flushes at the
end (products, then variants that need their ids, then stock), so no query runs per row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from sqlmodel import Session, select

from catalog.crud import main_warehouse
from catalog.models import Product, StockLevel, Variant
from catalog.rows import CatalogRow
from catalog.types import utcnow

Outcome = Literal["created", "updated", "unchanged"]

# canonical column -> model attribute
PRODUCT_FIELDS = {
    name: name
    for name in (
        "name", "category", "brand", "description", "ocop_stars", "ocop_year",
        "producer", "commune", "district", "province",
    )
}  # fmt: skip
VARIANT_FIELDS = {
    "variant": "option", "price_vnd": "price", "weight_g": "weight_g", "length_cm": "length_cm",
    "width_cm": "width_cm", "height_cm": "height_cm", "barcode": "barcode", "images": "images",
    "description": "description",
}  # fmt: skip
_BLANK_AS = {"category": "", "description": "", "option": "", "images": []}  # NOT NULL columns


@dataclass
class CatalogState:
    """One business's products, variants and MAIN stock levels, keyed for upserts."""

    session: Session
    business_id: int
    warehouse_id: int
    products: dict[str, Product]  # by code
    variants: dict[str, Variant]  # by SKU
    stock: dict[int, StockLevel]  # by variant id, MAIN warehouse only
    codes: dict[int, str]  # product id -> code
    created: list[tuple[Variant, Product, int | None]] = field(default_factory=list)
    moved: list[tuple[Variant, Product]] = field(default_factory=list)  # to another product
    keep_stock: bool = False  # known SKUs keep their on-hand count; new SKUs take the file's
    stock_replaced: list[tuple[str, int, int]] = field(default_factory=list)  # SKU, old, new

    @classmethod
    def load(cls, session: Session, business_id: int, *, keep_stock: bool = False) -> CatalogState:
        warehouse = main_warehouse(session, business_id=business_id)
        assert warehouse.id is not None
        products = session.exec(select(Product).where(Product.business_id == business_id)).all()
        variants = session.exec(select(Variant).where(Variant.business_id == business_id)).all()
        levels = session.exec(select(StockLevel).where(StockLevel.warehouse_id == warehouse.id))
        return cls(
            session, business_id, warehouse.id,
            products={product.code: product for product in products},
            variants={variant.sku: variant for variant in variants},
            stock={level.variant_id: level for level in levels.all()},
            codes={_id(product): product.code for product in products}, keep_stock=keep_stock,
        )  # fmt: skip

    def product_code_of(self, row: CatalogRow) -> str | None:
        """The row's product code; a known SKU with neither code nor name keeps its product."""
        if row.product_code:
            return row.product_code
        variant = self.variants.get(row.sku)
        return None if variant is None else self.codes.get(variant.product_id)

    def is_known(self, *, sku: str, code: str | None) -> tuple[bool, bool]:
        """Whether the SKU and the product code already exist in this business."""
        return sku in self.variants, code is not None and code in self.products

    def apply(self, row: CatalogRow, code: str, *, defines_product: bool) -> Outcome:
        """Upsert one row; only the first row of a product in a file sets the product's fields."""
        product, product_new = self._product(code, row)
        changed = defines_product and not product_new and _assign(product, PRODUCT_FIELDS, row)
        variant = self.variants.get(row.sku)
        if variant is None:
            self._new_variant(row, product)
            return "created"
        changed = _assign(variant, VARIANT_FIELDS, row) or changed
        if product.id is None or variant.product_id != product.id:
            self.moved.append((variant, product))
            changed = True
        if not self.keep_stock:
            changed = self._replace_stock(variant, row.get("stock")) or changed
        if changed:
            variant.updated_at = utcnow()
        return "updated" if changed else "unchanged"

    def finish(self) -> None:
        """Write what `apply` prepared in three batched flushes: products, variants, stock."""
        self.session.flush()
        for variant, product in [*self.moved, *((v, p) for v, p, _ in self.created)]:
            variant.product_id = _id(product)
        self.session.add_all(variant for variant, _, _ in self.created)
        self.session.flush()
        for variant, _, qty in self.created:
            self._set_stock(_id(variant), qty or 0)
        self.session.flush()
        self.moved, self.created = [], []

    def _product(self, code: str, row: CatalogRow) -> tuple[Product, bool]:
        product = self.products.get(code)
        if product is not None:
            return product, False
        now = utcnow()  # given, not defaulted: SQLModel's default factories are slow per row
        product = Product(
            business_id=self.business_id, code=code, name=row.get("name"), created_at=now,
            updated_at=now,
        )  # fmt: skip
        _assign(product, PRODUCT_FIELDS, row)
        self.session.add(product)
        self.products[code] = product
        return product, True

    def _new_variant(self, row: CatalogRow, product: Product) -> None:
        """Kept out of the session until `finish`, when its product has an id."""
        variant = Variant(
            business_id=self.business_id, product_id=0, sku=row.sku, price=row.get("price_vnd"),
            images=[], created_at=utcnow(), updated_at=utcnow(),
        )  # fmt: skip
        _assign(variant, VARIANT_FIELDS, row)
        self.variants[row.sku] = variant
        self.created.append((variant, product, row.get("stock")))

    def _replace_stock(self, variant: Variant, qty: int | None) -> bool:
        """Set a known SKU's on hand from the file, noting the count it replaced."""
        level = self.stock.get(_id(variant))
        old = 0 if level is None else level.on_hand
        if qty is not None and qty != old:
            self.stock_replaced.append((variant.sku, old, qty))
        return self._set_stock(_id(variant), qty)

    def _set_stock(self, variant_id: int, qty: int | None) -> bool:
        """A blank stock cell leaves stock as it is; a number sets MAIN's on hand."""
        level = self.stock.get(variant_id)
        if qty is None or (level is not None and level.on_hand == qty):
            return False
        if level is None:
            level = StockLevel(
                variant_id=variant_id, warehouse_id=self.warehouse_id, updated_at=utcnow()
            )
            self.stock[variant_id] = level
        level.on_hand, level.updated_at = qty, utcnow()
        self.session.add(level)
        return True


def _assign(item: Product | Variant, fields: dict[str, str], row: CatalogRow) -> bool:
    """Copy the columns the file has onto the item; True if anything changed."""
    changed = False
    for column, attribute in fields.items():
        if not row.has(column):
            continue
        value: Any = row.get(column)
        if value is None:
            value = _BLANK_AS.get(attribute)
        if getattr(item, attribute) != value:
            setattr(item, attribute, value)
            changed = True
    if changed and isinstance(item, Product):
        item.updated_at = utcnow()
    return changed


def _id(item: Product | Variant) -> int:
    assert item.id is not None, "flushed before use"
    return item.id

"""Build create drafts: one per product on platforms that group variants, else one per SKU."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session

from catalog import crud
from catalog.models import Product, Variant
from connectors.base import ListingDraft, VariantDraft
from sync.desired import listing_content
from sync.planner import Operation


def group_creates(ops: Sequence[Operation], *, groups_variants: bool) -> list[list[Operation]]:
    if not groups_variants:
        return [[op] for op in ops]
    groups: dict[str, list[Operation]] = {}
    for op in ops:
        groups.setdefault(op.product_code, []).append(op)
    return list(groups.values())


def build_draft(
    session: Session, ops: Sequence[Operation], *, listing_id: str = ""
) -> ListingDraft:
    variants = [session.get(Variant, op.variant_id) for op in ops]
    first = variants[0]
    assert first is not None
    product = session.get(Product, first.product_id)
    assert product is not None
    content = listing_content(product)
    names: list[str] = []
    for variant in variants:
        for name in variant.images if variant else []:
            if name not in names:
                names.append(name)
    images = crud.image_bytes(session, business_id=product.business_id, names=names)
    single = len(ops) == 1
    return ListingDraft(
        product_code=product.code,
        name=content.name,
        description=content.description,
        category=product.category,
        brand=product.brand,
        variants=tuple(
            _variant_draft(v, op, single) for v, op in zip(variants, ops, strict=True) if v
        ),
        images=tuple(data for _, data in images),
        image_names=tuple(name for name, _ in images),
        listing_id=listing_id,
    )


def _variant_draft(variant: Variant, op: Operation, single: bool) -> VariantDraft:
    return VariantDraft(
        sku=variant.sku,
        option="" if single else (variant.option or variant.sku),
        price=op.price or variant.price,
        stock=op.stock or 0,
        weight_g=variant.weight_g,
        length_cm=variant.length_cm,
        width_cm=variant.width_cm,
        height_cm=variant.height_cm,
        barcode=variant.barcode,
    )

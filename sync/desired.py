"""Desired state: what each marketplace should show, from master data through a channel's rules."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from catalog.models import Product, Variant
from sync.channels import price_rule, stock_rule
from sync.models import Channel
from sync.rules import Content
from sync.stock import available_by_variant


@dataclass(frozen=True)
class DesiredListing:
    variant_id: int
    sku: str
    product_code: str
    option: str
    price: int
    stock: int
    active: bool
    content: Content


def listing_content(product: Product) -> Content:
    """The channel's copy of a product: its description ends with the OCOP facts buyers look for."""
    facts = []
    if product.ocop_stars:
        year = f", công nhận năm {product.ocop_year}" if product.ocop_year else ""
        facts.append(f"Sản phẩm OCOP {product.ocop_stars} sao{year}.")
    if product.producer:
        facts.append(f"Chủ thể sản xuất: {product.producer}.")
    place = ", ".join(p for p in (product.commune, product.district, product.province) if p)
    if place:
        facts.append(f"Xuất xứ: {place}.")
    description = "\n\n".join(x for x in (product.description, " ".join(facts)) if x)
    return Content(name=product.name, description=description or product.name, weight_g=None)


def desired_state(session: Session, channel: Channel) -> list[DesiredListing]:
    available = available_by_variant(session, business_id=channel.business_id)
    prices, stocks = price_rule(channel), stock_rule(channel)
    query = (
        select(Variant, Product)
        .join(Product, Product.id == Variant.product_id)  # type: ignore[arg-type]
        .where(Variant.business_id == channel.business_id)
        .order_by(Product.code, Variant.sku)
    )
    desired = []
    for variant, product in session.exec(query).all():
        base = listing_content(product)
        desired.append(
            DesiredListing(
                variant_id=variant.id or 0,
                sku=variant.sku,
                product_code=product.code,
                option=variant.option,
                price=prices.apply(variant.price),
                stock=stocks.apply(available.get(variant.id or 0, 0)),
                active=variant.active,
                content=Content(base.name, base.description, variant.weight_g),
            )
        )
    return desired

"""The connector protocol and the plain data types it speaks.

Every marketplace connector (Shopee, Lazada, Tiki, Sendo, Voso, Postmart) implements `Connector`.
The sync engine only ever sees these types: seller SKUs, integer VND, UTC datetimes, normalised
statuses with the platform's raw status kept beside them.

Identifiers on the wire are platform-specific (Shopee item_id/model_id, Lazada item_id/sku_id,
Tiki product_id); here they are opaque strings: `listing_id` names the remote product/item and
`variant_id` the remote model/SKU inside it ("" when the listing has no variants).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol, runtime_checkable


class CreateMode(StrEnum):
    """How a platform creates listings."""

    SYNC = "sync"  # the create call answers with the new ids (Shopee, Lazada, Sendo)
    ASYNC = "async"  # the create call answers with a tracking id to poll (Tiki)
    MANUAL = "manual"  # no seller API: a workbook for the seller to upload by hand (Voso, Postmart)


class OpKind(StrEnum):
    CREATE = "create"
    UPDATE_CONTENT = "update_content"
    UPDATE_PRICE = "update_price"
    UPDATE_STOCK = "update_stock"
    DEACTIVATE = "deactivate"
    ACTIVATE = "activate"


class ListingStatus(StrEnum):
    LIVE = "live"  # buyers can see and buy it
    INACTIVE = "inactive"  # unlisted / deactivated by the seller
    PENDING = "pending"  # under platform review or asynchronous creation
    BANNED = "banned"  # blocked by the platform
    DELETED = "deleted"


class OrderStatus(StrEnum):
    """Normalised order status. `stock_effect` says what it means for our stock."""

    PENDING_PAYMENT = "pending_payment"
    TO_SHIP = "to_ship"
    CANCEL_REQUESTED = "cancel_requested"
    SHIPPING = "shipping"
    DELIVERED = "delivered"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    RETURNED = "returned"

    @property
    def stock_effect(self) -> str:
        """`reserve`: goods still on our shelf but promised; `consume`: goods have left; `none`."""
        if self in (OrderStatus.PENDING_PAYMENT, OrderStatus.TO_SHIP, OrderStatus.CANCEL_REQUESTED):
            return "reserve"
        if self is OrderStatus.CANCELLED:
            return "none"
        return "consume"


@dataclass(frozen=True)
class Capabilities:
    platform: str
    batch_sizes: Mapping[OpKind, int]  # most items one write call may carry, per operation kind
    create_mode: CreateMode
    # one remote listing holds several of our SKUs (Shopee models, Lazada SKUs)
    groups_variants: bool
    rate_per_second: float  # our client-side budget per shop
    burst: int = 1
    webhooks: bool = False
    order_window_days: int | None = None  # longest time window one order query may span

    def batch_size(self, kind: OpKind) -> int:
        return self.batch_sizes.get(kind, 1)


@dataclass(frozen=True)
class RemoteListing:
    """One of our SKUs as the platform shows it now."""

    sku: str
    listing_id: str
    variant_id: str
    price: int | None  # VND the buyer pays before promotions
    stock: int | None  # units buyers can still buy
    status: ListingStatus
    raw_status: str
    updated_at: datetime
    name: str | None = None


@dataclass(frozen=True)
class OrderLine:
    sku: str
    qty: int
    unit_price: int  # VND, list price of one unit
    paid_price: int  # VND, what the buyer paid for one unit after discounts
    listing_id: str = ""
    variant_id: str = ""
    name: str = ""


@dataclass(frozen=True)
class RemoteOrder:
    order_id: str
    status: OrderStatus
    raw_status: str
    created_at: datetime
    updated_at: datetime
    lines: tuple[OrderLine, ...]
    total: int  # VND the buyer pays, shipping included where the platform says so
    currency: str = "VND"
    buyer: str = ""


@dataclass(frozen=True)
class OrderPage:
    orders: list[RemoteOrder]
    cursor: str  # opaque; pass back to continue; commit it only after the page is stored
    done: bool


@dataclass(frozen=True)
class VariantDraft:
    sku: str
    option: str  # the variant's label, e.g. "Túi 2kg"; "" for a single-variant product
    price: int
    stock: int
    weight_g: int | None = None
    length_cm: int | None = None
    width_cm: int | None = None
    height_cm: int | None = None
    barcode: str | None = None


@dataclass(frozen=True)
class ListingDraft:
    """A product to create: one remote listing, or one per variant where the platform cannot
    group."""

    product_code: str
    name: str
    description: str
    category: str
    brand: str | None
    variants: tuple[VariantDraft, ...]
    images: tuple[bytes, ...] = ()  # file bytes; connectors upload them where the platform wants
    image_names: tuple[str, ...] = ()
    attributes: Mapping[str, str] = field(default_factory=dict)
    # Set on platforms that group variants: a listing of this product that holds only its first
    # variant so far (a create cut short, or a pack size added later). The other variants join
    # it rather than making a second listing; results come back for every variant.
    listing_id: str = ""


@dataclass(frozen=True)
class ListingRef:
    sku: str
    listing_id: str
    variant_id: str = ""


@dataclass(frozen=True)
class PriceUpdate:
    ref: ListingRef
    price: int


@dataclass(frozen=True)
class StockUpdate:
    ref: ListingRef
    stock: int


@dataclass(frozen=True)
class ContentUpdate:
    ref: ListingRef
    name: str
    description: str
    weight_g: int | None = None


@dataclass(frozen=True)
class ActiveUpdate:
    ref: ListingRef
    active: bool


class WriteOutcome(StrEnum):
    OK = "ok"
    PENDING = "pending"  # accepted, result later (tracking id), or waiting for a manual upload
    FAILED = "failed"


@dataclass(frozen=True)
class WriteResult:
    sku: str
    outcome: WriteOutcome
    listing_id: str = ""
    variant_id: str = ""
    tracking_id: str = ""
    reason: str = ""
    retryable: bool = False
    code: str = ""  # the platform's error code, when it gave one

    @property
    def ok(self) -> bool:
        return self.outcome is WriteOutcome.OK


@dataclass(frozen=True)
class Credentials:
    """What a connector needs to call one shop. `secrets` is decrypted only in memory."""

    shop_id: str
    secrets: Mapping[str, str]  # e.g. partner_key, access_token, refresh_token
    settings: Mapping[str, str] = field(default_factory=dict)  # e.g. partner_id, host
    access_expires_at: datetime | None = None
    refresh_expires_at: datetime | None = None


@dataclass(frozen=True)
class WebhookEvent:
    kind: str  # "order", "listing", "auth", "other"
    shop_id: str
    remote_id: str = ""
    raw: Mapping[str, object] = field(default_factory=dict)


class CredentialStore(Protocol):
    """Where a connector persists a rotated token pair; must be atomic (single-use refresh
    tokens)."""

    def save(self, credentials: Credentials) -> None: ...


@runtime_checkable
class Connector(Protocol):
    capabilities: Capabilities

    def check(self) -> str:
        """Credentials valid and shop reachable: the shop's display name, or raise FatalError."""
        ...

    def iter_listings(self, since: datetime | None = None) -> Iterator[RemoteListing]: ...

    def iter_orders(self, cursor: str | None, until: datetime) -> Iterator[OrderPage]:
        """Orders updated after the cursor (None = the platform's lookback default) up to
        `until`."""
        ...

    def create(self, drafts: Sequence[ListingDraft]) -> list[WriteResult]: ...

    def poll_created(self, pending: Sequence[WriteResult]) -> list[WriteResult]:
        """Asynchronous or manual creates: the current outcome of each pending result.

        Synchronous platforms return `pending` unchanged; Tiki polls its tracking ids; Voso and
        Postmart look for the SKU on the storefront after the seller's upload."""
        ...

    def update_prices(self, items: Sequence[PriceUpdate]) -> list[WriteResult]: ...

    def update_stock(self, items: Sequence[StockUpdate]) -> list[WriteResult]: ...

    def update_content(self, items: Sequence[ContentUpdate]) -> list[WriteResult]: ...

    def set_active(self, items: Sequence[ActiveUpdate]) -> list[WriteResult]: ...

    def refresh_credentials(self) -> Credentials: ...

    def parse_webhook(
        self, url: str, headers: Mapping[str, str], body: bytes
    ) -> list[WebhookEvent]:
        """Verified events, or raise AuthError for a forged or unsigned delivery."""
        ...

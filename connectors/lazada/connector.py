"""The Connector protocol on top of Lazada Open Platform (Vietnam).

Reads: listings by /products/get in `update_after` windows (50 a page, never deep offsets);
orders by /orders/get in `update_after` windows (100 a page) → /orders/items/get (50 ids).
Writes: images uploaded first, then /product/create with every SKU (XML payload); price by
/product/price_quantity/update and stock by /product/stock/sellable/update in batches of 20
(settings.batch_size, at most 50); /product/update; /product/deactivate. A 500/501 `detail`
list fails only the SKUs it names; other whole-call errors fail every entry of that call.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from connectors.base import (
    ActiveUpdate,
    Capabilities,
    ContentUpdate,
    CreateMode,
    Credentials,
    CredentialStore,
    ListingDraft,
    ListingRef,
    OpKind,
    OrderPage,
    PriceUpdate,
    RemoteListing,
    RemoteOrder,
    StockUpdate,
    WebhookEvent,
    WriteOutcome,
    WriteResult,
)
from connectors.errors import ConnectorError, FatalError, RecordError, RetryableError
from connectors.http import ParamValue
from connectors.lazada import mapping
from connectors.lazada.client import (
    AUTH_HOST,
    LIVE_HOST,
    PLATFORM,
    Api,
    LazadaClient,
    RejectedItems,
    SellerSession,
    WindowPager,
    data_of,
    iso_time,
    rest_base,
    verify_push,
)
from connectors.pagination import batched
from connectors.registry import ConnectorOptions
from connectors.results import failed, ok
from connectors.windows import WindowWalk

DEFAULT_BATCH = 20  # price/stock SKUs per call: Lazada recommends 20 (§5)
MAX_BATCH = 50  # and refuses more than 50 (E204/4171)
PRODUCT_PAGE = 50  # /products/get limit (§5)
PRODUCT_MAX_OFFSET = 10_000
ORDER_PAGE = 100  # /orders/get limit (§6)
ORDER_MAX_OFFSET = 5_000
ORDER_ID_BATCH = 50  # /orders/items/get (§6)
LISTING_FLOOR = 1_325_376_000  # 2012-01-01: before any Lazada VN product
ORDER_WALK = WindowWalk(width=30 * 86400, first_lookback=30 * 86400, platform=PLATFORM)

CAPABILITIES = Capabilities(
    platform=PLATFORM,
    batch_sizes={
        OpKind.CREATE: 1,
        OpKind.UPDATE_CONTENT: 1,
        OpKind.UPDATE_PRICE: DEFAULT_BATCH,
        OpKind.UPDATE_STOCK: DEFAULT_BATCH,
        OpKind.DEACTIVATE: 1,
        OpKind.ACTIVATE: 1,
    },
    create_mode=CreateMode.SYNC,
    groups_variants=True,
    rate_per_second=10.0,  # per-API QPS is unpublished; inventory allows 50/s (§4.4)
    burst=10,
    webhooks=True,
    order_window_days=None,  # /orders/get spans any range; we walk 30-day windows
)


def _app(settings: Mapping[str, str], secrets: Mapping[str, str]) -> tuple[str, str]:
    app_key, secret = settings.get("app_key", ""), secrets.get("app_secret", "")
    if not app_key or not secret:
        raise FatalError(
            "Lazada needs settings.app_key and secrets.app_secret", code="config", platform=PLATFORM
        )
    return app_key, secret


def build_client(
    shop_id: str, settings: Mapping[str, str], secrets: Mapping[str, str], options: ConnectorOptions
) -> LazadaClient:
    app_key, secret = _app(settings, secrets)
    api_host = options.base_url or settings.get("host") or LIVE_HOST
    auth_host = options.base_url or settings.get("auth_host") or AUTH_HOST
    return LazadaClient(
        options.http_client(CAPABILITIES, shop_id, rest_base(api_host)),
        options.http_client(CAPABILITIES, shop_id, rest_base(auth_host)),
        app_key=app_key,
        app_secret=secret,
        clock=options.clock,
    )


def _batch_size(settings: Mapping[str, str]) -> int:
    try:
        wanted = int(settings.get("batch_size") or DEFAULT_BATCH)
    except ValueError:
        wanted = DEFAULT_BATCH
    return max(1, min(MAX_BATCH, wanted))


class LazadaConnector:
    capabilities = CAPABILITIES

    def __init__(
        self,
        credentials: Credentials,
        *,
        store: CredentialStore,
        options: ConnectorOptions | None = None,
    ) -> None:
        options = options or ConnectorOptions()
        shop_id = str(credentials.shop_id)
        self._client = build_client(shop_id, credentials.settings, credentials.secrets, options)
        slot = options.refresh_slots.slot(PLATFORM, shop_id)
        country = credentials.settings.get("country") or "vn"
        self._seller = SellerSession(
            self._client, credentials, store=store, slot=slot, country=country
        )
        self.batch = _batch_size(credentials.settings)
        if self.batch != DEFAULT_BATCH:
            sizes = {**CAPABILITIES.batch_sizes}
            sizes[OpKind.UPDATE_PRICE] = sizes[OpKind.UPDATE_STOCK] = self.batch
            self.capabilities = replace(CAPABILITIES, batch_sizes=sizes)
        self._images: dict[str, str] = {}  # sha256 of the bytes -> Lazada image URL
        self._categories: list[dict[str, Any]] | None = None

    def close(self) -> None:
        self._client.api.close()
        self._client.auth.close()

    @property
    def credentials(self) -> Credentials:
        return self._seller.credentials

    def _call(
        self, method: str, path: str, params: Sequence[tuple[str, ParamValue]] = (), **kw: Any
    ) -> dict[str, Any]:
        return self._seller.call(method, path, params, **kw)

    def check(self) -> str:
        try:
            data = data_of(self._call("GET", Api.SELLER))
        except FatalError:
            raise
        except ConnectorError as exc:
            raise FatalError(
                f"seller check failed: {exc.reason}", code=exc.code, platform=PLATFORM
            ) from None
        name = data.get("name") if isinstance(data, Mapping) else None
        return str(name or f"Lazada seller {self.credentials.shop_id}")

    def refresh_credentials(self) -> Credentials:
        return self._seller.refresh()

    # -- listings ---------------------------------------------------------------------------

    def _product_page(
        self, after: int, before: int | None, offset: int
    ) -> tuple[list[dict[str, Any]], int]:
        params: list[tuple[str, ParamValue]] = [
            ("filter", "all"),
            ("update_after", iso_time(after)),
            ("offset", offset),
            ("limit", PRODUCT_PAGE),
            ("options", 1),
        ]
        if before is not None:
            params.append(("update_before", iso_time(before)))
        data = data_of(self._call("GET", Api.PRODUCTS, params))
        products = list(data.get("products") or []) if isinstance(data, Mapping) else []
        total = int(data.get("total_products") or -1) if isinstance(data, Mapping) else -1
        return products, total

    def iter_listings(self, since: datetime | None = None) -> Iterator[RemoteListing]:
        # No update_before on the newest window: our clock may trail the platform's.
        start = int(since.timestamp()) if since is not None else LISTING_FLOOR
        pager = WindowPager(self._product_page, PRODUCT_PAGE, PRODUCT_MAX_OFFSET, self._client.now)
        seen: set[str] = set()  # a product on both sides of a split edge is read twice
        for page in pager.pages(start, None):
            for raw in page.items:
                item_id = str(raw.get("item_id"))
                if item_id not in seen:
                    seen.add(item_id)
                    yield from mapping.from_lazada_product(raw)

    # -- orders -----------------------------------------------------------------------------

    def _order_page(
        self, after: int, before: int | None, offset: int
    ) -> tuple[list[dict[str, Any]], int]:
        params: list[tuple[str, ParamValue]] = [
            ("update_after", iso_time(after)),
            ("sort_by", "updated_at"),
            ("sort_direction", "ASC"),
            ("offset", offset),
            ("limit", ORDER_PAGE),
        ]
        if before is not None:
            params.append(("update_before", iso_time(before)))
        data = data_of(self._call("GET", Api.ORDERS, params))
        orders = list(data.get("orders") or []) if isinstance(data, Mapping) else []
        total = data.get("countTotal", data.get("count")) if isinstance(data, Mapping) else None
        return orders, int(total) if total is not None else -1

    def iter_orders(self, cursor: str | None, until: datetime) -> Iterator[OrderPage]:
        pager = WindowPager(self._order_page, ORDER_PAGE, ORDER_MAX_OFFSET, self._client.now)
        return ORDER_WALK.pages(cursor, until, pager.pages, self._orders_with_items)

    def _orders_with_items(self, raws: Sequence[dict[str, Any]]) -> list[RemoteOrder]:
        by_id = {str(raw["order_id"]): raw for raw in raws}
        items: dict[str, list[dict[str, Any]]] = {}
        for batch in batched(list(by_id), ORDER_ID_BATCH):
            ids = "[" + ",".join(batch) + "]"
            data = data_of(self._call("GET", Api.ORDERS_ITEMS, [("order_ids", ids)]))
            for entry in data if isinstance(data, list) else []:
                items[str(entry.get("order_id"))] = list(entry.get("order_items") or [])
        return [mapping.from_lazada_order(raw, items.get(oid, [])) for oid, raw in by_id.items()]

    # -- create -----------------------------------------------------------------------------

    def create(self, drafts: Sequence[ListingDraft]) -> list[WriteResult]:
        results: list[WriteResult] = []
        for draft in drafts:
            results += self._join(draft) if draft.listing_id else self._create(draft)
        return results

    def poll_created(self, pending: Sequence[WriteResult]) -> list[WriteResult]:
        return list(pending)  # create is synchronous on Lazada

    def _create(
        self, draft: ListingDraft, *, item_id: str = "", associated: str = ""
    ) -> list[WriteResult]:
        refs = [ListingRef(v.sku, item_id) for v in draft.variants]
        try:
            payload = mapping.to_lazada_product(
                draft,
                category_id=self._category_for(draft.category),
                image_urls=self._image_urls(draft),
                associated_sku=associated,
                grouped=bool(associated) or None,
                brands=[b for b in self.credentials.settings.get("brands", "").split(",") if b],
            )
            # Not idempotent: an ambiguous failure is left for the next pull to settle.
            reply = self._call("POST", Api.PRODUCT_CREATE, [("payload", payload)], idempotent=False)
        except RejectedItems as exc:  # the product was not made; `detail` says which SKU
            reasons = mapping.failures(exc.detail)
            whole = f"{exc.reason} ({reasons['']})" if "" in reasons else exc.reason
            refused = [failed(ref, exc) for ref in refs]
            return [replace(r, reason=reasons.get(r.sku) or whole) for r in refused]
        except (RecordError, RetryableError) as exc:
            unsent = isinstance(exc, RetryableError) and not exc.executed
            return [failed(ref, exc, retryable=unsent) for ref in refs]
        data = data_of(reply)
        item_id = str(data.get("item_id") or item_id)
        ids = mapping.sku_ids_by_seller_sku(data.get("sku_list") or [])
        return [
            ok(ListingRef(ref.sku, item_id, ids[ref.sku]))
            if ref.sku in ids and item_id
            else WriteResult(
                ref.sku, WriteOutcome.FAILED, listing_id=item_id, reason="SKU missing after create"
            )
            for ref in refs
        ]

    def _join(self, draft: ListingDraft) -> list[WriteResult]:
        """The product holds the draft's first SKU (and maybe more, after a create cut short):
        the missing SKUs join it through AssociatedSku."""
        try:
            raw = data_of(self._call("GET", Api.PRODUCT_ITEM, [("item_id", draft.listing_id)]))
        except (RecordError, RetryableError) as exc:
            return [failed(ListingRef(v.sku, draft.listing_id), exc) for v in draft.variants]
        have = mapping.sku_ids_by_seller_sku(raw.get("skus") or [])
        missing = tuple(v for v in draft.variants if v.sku not in have)
        done = {
            v.sku: ok(ListingRef(v.sku, draft.listing_id, have[v.sku]))
            for v in draft.variants
            if v.sku in have
        }
        anchor = next(iter(have), "")
        if missing and anchor:
            part = replace(draft, variants=missing)
            for result in self._create(part, item_id=draft.listing_id, associated=anchor):
                done[result.sku] = result
        elif missing:
            gone = RecordError("the product holds none of our SKUs", code="no_anchor")
            for v in missing:
                done[v.sku] = failed(ListingRef(v.sku, draft.listing_id), gone)
        return [done[v.sku] for v in draft.variants]

    def _image_urls(self, draft: ListingDraft) -> list[str]:
        """Image bytes uploaded before the product that names them (Lazada takes only its own
        image URLs, §5); a repeat upload only leaves an unused copy, so it is retried."""
        urls = []
        for index, content in enumerate(draft.images[:8]):
            digest = hashlib.sha256(content).hexdigest()
            if digest not in self._images:
                name = (
                    draft.image_names[index]
                    if index < len(draft.image_names)
                    else f"{draft.product_code}-{index}.jpg"
                )
                mime = "image/png" if content.startswith(b"\x89PNG") else "image/jpeg"
                files = {"image": (name, content, mime)}
                reply = self._call("POST", Api.IMAGE_UPLOAD, files=files, idempotent=True)
                image = data_of(reply).get("image") or {}
                if not image.get("url"):
                    raise RecordError("image upload: no url in the reply", code="no_image")
                self._images[digest] = str(image["url"])
            urls.append(self._images[digest])
        return urls

    def _category_for(self, name: str) -> str:
        if self._categories is None:
            data = data_of(self._call("GET", Api.CATEGORY_TREE, [("language_code", "vi_VN")]))
            self._categories = list(data) if isinstance(data, list) else []
        default = self.credentials.settings.get("default_category_id")
        return mapping.pick_category(self._categories, name, default=default)

    # -- price and stock --------------------------------------------------------------------

    def update_prices(self, items: Sequence[PriceUpdate]) -> list[WriteResult]:
        writes = [(u.ref, self._sku_write(u.ref, price=u.price)) for u in items]
        return self._sku_writes(Api.PRICE_QUANTITY, writes, mapping.price_quantity_payload)

    def update_stock(self, items: Sequence[StockUpdate]) -> list[WriteResult]:
        writes = [(u.ref, self._sku_write(u.ref, quantity=u.stock)) for u in items]
        return self._sku_writes(Api.SELLABLE, writes, mapping.sellable_payload)

    @staticmethod
    def _sku_write(
        ref: ListingRef, *, price: int | None = None, quantity: int | None = None
    ) -> mapping.SkuWrite:
        return mapping.SkuWrite(ref.listing_id, ref.variant_id, ref.sku, price, quantity)

    def _sku_writes(
        self,
        path: str,
        writes: Sequence[tuple[ListingRef, mapping.SkuWrite]],
        payload: Any,
    ) -> list[WriteResult]:
        """Absolute values, so each call is safe to repeat; a repeated SKU keeps its last."""
        latest = {ref.sku: (ref, write) for ref, write in writes}
        results: list[WriteResult] = []
        for chunk in batched(list(latest.values()), self.batch):
            refs = [ref for ref, _ in chunk]
            try:
                body = payload([write for _, write in chunk])
            except RecordError as exc:
                results += [failed(ref, exc) for ref in refs]
                continue
            results += self._write(path, "payload", body, refs)
        return results

    def _write(
        self, path: str, name: str, body: str, refs: Sequence[ListingRef]
    ) -> list[WriteResult]:
        try:
            self._call("POST", path, [(name, body)], idempotent=True)
        except RejectedItems as exc:
            return _partial(refs, exc)
        except (RecordError, RetryableError) as exc:
            return [failed(ref, exc) for ref in refs]
        return [ok(ref) for ref in refs]

    # -- content and status -----------------------------------------------------------------

    def update_content(self, items: Sequence[ContentUpdate]) -> list[WriteResult]:
        results: list[WriteResult] = []
        for update in items:
            body = mapping.content_payload(update)
            results += self._write(Api.PRODUCT_UPDATE, "payload", body, [update.ref])
        return results

    def set_active(self, items: Sequence[ActiveUpdate]) -> list[WriteResult]:
        groups: dict[tuple[str, bool], list[ListingRef]] = {}
        for update in items:
            groups.setdefault((update.ref.listing_id, update.active), []).append(update.ref)
        results: list[WriteResult] = []
        for (item_id, active), refs in groups.items():
            body = mapping.status_payload(item_id, [r.variant_id for r in refs], active)
            if active:
                results += self._write(Api.PRODUCT_UPDATE, "payload", body, refs)
            else:
                results += self._write(Api.PRODUCT_DEACTIVATE, "apiRequestBody", body, refs)
        return results

    # -- push -------------------------------------------------------------------------------

    def parse_webhook(
        self, url: str, headers: Mapping[str, str], body: bytes
    ) -> list[WebhookEvent]:
        """Verified against HMAC(app_key + raw body, app secret) (§7). Deliveries repeat (at
        least once, up to 12 retries): the caller deduplicates."""
        payload = verify_push(
            headers,
            body,
            app_key=self._client.app_key,
            secret=self.credentials.secrets.get("app_secret", ""),
        )
        return [mapping.from_lazada_push(payload)]


def _partial(refs: Sequence[ListingRef], exc: RejectedItems) -> list[WriteResult]:
    """A 501 names the SKUs it refused in `detail`; the others went through. A detail naming
    none of this call's SKUs fails them all."""
    reasons = mapping.failures(exc.detail)
    named = {ref.sku for ref in refs} & set(reasons)
    if not named:
        return [failed(ref, exc) for ref in refs]
    return [
        WriteResult(
            ref.sku,
            WriteOutcome.FAILED,
            listing_id=ref.listing_id,
            variant_id=ref.variant_id,
            reason=reasons[ref.sku],
            code=exc.code,
        )
        if ref.sku in named
        else ok(ref)
        for ref in refs
    ]


def connect(
    credentials: Credentials, store: CredentialStore, options: ConnectorOptions
) -> LazadaConnector:
    return LazadaConnector(credentials, store=store, options=options)


def authorize(
    settings: Mapping[str, str], secrets: Mapping[str, str], code: str, options: ConnectorOptions
) -> Credentials:
    """Exchange a seller's authorization code (single use, 30 min) for the first token pair on
    the auth host; the seller id comes from `country_user_info` (§1.3, §1.4)."""
    client = build_client(str(settings.get("shop_id") or "auth"), settings, secrets, options)
    try:
        grant = client.create_token(code, settings.get("country") or "vn")
    finally:
        client.api.close()
        client.auth.close()
    shop_id = grant.seller_id or str(settings.get("shop_id") or "")
    if not shop_id:
        raise FatalError("token reply names no seller", code="no_seller", platform=PLATFORM)
    base = Credentials(shop_id=shop_id, secrets=dict(secrets), settings=dict(settings))
    return grant.credentials(base, options.clock())

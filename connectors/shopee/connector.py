"""The Connector protocol on top of Shopee Open Platform v2.

Reads: listings by get_item_list → get_item_base_info (50 ids) → get_model_list; orders by
get_order_list in windows of at most 15 days → get_order_detail (50 order_sn). Writes: add_item
(+ init_tier_variation for multi-variant products), update_price / update_stock (50 models per
call, one item per call), update_item, unlist_item (50 items). Per-item `failure_list` entries
become failed WriteResults; whole-call errors fail every entry of that call.
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
from connectors.errors import (
    ConnectorError,
    FatalError,
    ProtocolError,
    RecordError,
    RetryableError,
)
from connectors.http import HttpClient
from connectors.pagination import batched
from connectors.registry import ConnectorOptions
from connectors.results import failed, ok
from connectors.shopee import mapping
from connectors.shopee.client import (
    LIVE_HOST,
    PLATFORM,
    Api,
    ShopeeClient,
    ShopSession,
    item_pages,
    order_pages,
    verify_push,
)
from connectors.windows import WindowWalk

BATCH = 50  # get_item_base_info, get_order_detail, update_price/stock, unlist_item (§4, §5)
ORDER_WINDOW = 15 * 86400  # get_order_list's longest time range (§5)
ORDER_WALK = WindowWalk(width=ORDER_WINDOW, first_lookback=ORDER_WINDOW, platform=PLATFORM)

CAPABILITIES = Capabilities(
    platform=PLATFORM,
    batch_sizes={
        OpKind.CREATE: 1,
        OpKind.UPDATE_CONTENT: 1,
        OpKind.UPDATE_PRICE: BATCH,
        OpKind.UPDATE_STOCK: BATCH,
        OpKind.DEACTIVATE: BATCH,
        OpKind.ACTIVATE: BATCH,
    },
    create_mode=CreateMode.SYNC,
    groups_variants=True,
    rate_per_second=10.0,  # unpublished (§6); community reports ~100 RPS fine: stay well under
    burst=10,
    webhooks=True,
    order_window_days=15,
)


def _partner(settings: Mapping[str, str], secrets: Mapping[str, str]) -> tuple[int, str]:
    try:
        return int(settings["partner_id"]), secrets["partner_key"]
    except (KeyError, ValueError):
        raise FatalError(
            "Shopee needs settings.partner_id and secrets.partner_key",
            code="config",
            platform=PLATFORM,
        ) from None


class ShopeeConnector:
    capabilities = CAPABILITIES

    def __init__(
        self,
        credentials: Credentials,
        *,
        store: CredentialStore,
        options: ConnectorOptions | None = None,
        http: HttpClient | None = None,
    ) -> None:
        self._options = options = options or ConnectorOptions()
        shop_id = str(credentials.shop_id)
        partner_id, partner_key = _partner(credentials.settings, credentials.secrets)
        base_url = options.base_url or credentials.settings.get("host") or LIVE_HOST
        self._http = http or options.http_client(CAPABILITIES, shop_id, base_url)
        client = ShopeeClient(
            self._http, partner_id=partner_id, partner_key=partner_key, clock=options.clock
        )
        slot = options.refresh_slots.slot(PLATFORM, shop_id)
        self._shop = ShopSession(client, credentials, store=store, slot=slot)
        self._images: dict[str, str] = {}  # sha256 of the bytes -> image_id
        self._categories: list[dict[str, Any]] | None = None
        self._logistics: list[int] | None = None

    def close(self) -> None:
        self._http.close()

    @property
    def credentials(self) -> Credentials:
        return self._shop.credentials

    def check(self) -> str:
        try:
            data = self._shop.call("GET", Api.SHOP_INFO, whole=True)
        except FatalError:
            raise
        except ConnectorError as exc:
            raise FatalError(
                f"shop check failed: {exc.reason}", code=exc.code, platform=PLATFORM
            ) from None
        name = data.get("shop_name") or (data.get("response") or {}).get("shop_name")
        return str(name or f"Shopee shop {self._shop.shop_id}")

    def refresh_credentials(self) -> Credentials:
        return self._shop.refresh()

    # -- listings ---------------------------------------------------------------------------

    def iter_listings(self, since: datetime | None = None) -> Iterator[RemoteListing]:
        extra: list[tuple[str, str | int | float]] = []
        if since is not None:
            # No update_time_to: an upper bound from our clock would drop items the platform
            # (its clock a second ahead of ours) updated just now.
            extra = [("update_time_from", int(since.timestamp()))]
        for page in item_pages(self._shop, mapping.LISTED_STATUSES, extra).pages():
            ids = [str(item["item_id"]) for item in page.items]
            for batch in batched(ids, BATCH):
                yield from self._listings(batch)

    def _listings(self, item_ids: Sequence[str]) -> Iterator[RemoteListing]:
        data = self._shop.call(
            "GET", Api.ITEM_BASE_INFO, params=[("item_id_list", ",".join(item_ids))]
        )
        for raw in data.get("item_list") or []:
            models = self._models(str(raw["item_id"])) if raw.get("has_model") else []
            yield from mapping.from_shopee_item(raw, models)

    def _models(self, item_id: str) -> list[dict[str, Any]]:
        data = self._shop.call("GET", Api.MODEL_LIST, params=[("item_id", item_id)])
        return list(data.get("model") or [])

    # -- orders -----------------------------------------------------------------------------

    def iter_orders(self, cursor: str | None, until: datetime) -> Iterator[OrderPage]:
        """Windows of ≤15 days by update_time from the cursor to `until` (see `WindowWalk`)."""
        return ORDER_WALK.pages(
            cursor,
            until,
            lambda start, end: order_pages(self._shop, start, end).pages(),
            lambda entries: self._order_details([str(o["order_sn"]) for o in entries]),
        )

    def _order_details(self, order_sns: Sequence[str]) -> list[RemoteOrder]:
        orders: list[RemoteOrder] = []
        for batch in batched(order_sns, BATCH):
            data = self._shop.call(
                "GET",
                Api.ORDER_DETAIL,
                params=[
                    ("order_sn_list", ",".join(batch)),
                    ("response_optional_fields", ",".join(mapping.ORDER_FIELDS)),
                ],
            )
            orders += [mapping.from_shopee_order(raw) for raw in data.get("order_list") or []]
        return orders

    # -- create -----------------------------------------------------------------------------

    def create(self, drafts: Sequence[ListingDraft]) -> list[WriteResult]:
        results: list[WriteResult] = []
        for draft in drafts:
            results += self._create_one(draft)
        return results

    def poll_created(self, pending: Sequence[WriteResult]) -> list[WriteResult]:
        return list(pending)  # create is synchronous on Shopee

    def _create_one(self, draft: ListingDraft) -> list[WriteResult]:
        results: list[WriteResult] = []
        for part in mapping.split_by_price_spread(draft):
            joins = draft.listing_id and part.variants[0] == draft.variants[0]
            results += self._join_item(part) if joins else self._create_item(part)
        order = {v.sku: index for index, v in enumerate(draft.variants)}
        return sorted(results, key=lambda r: order[r.sku])

    def _create_item(self, draft: ListingDraft) -> list[WriteResult]:
        refs = [ListingRef(v.sku, "") for v in draft.variants]
        try:
            payload = mapping.to_shopee_item(
                draft,
                category_id=self._category_for(draft.category),
                logistics=self._logistic_ids(),
                image_ids=self._upload_images(draft),
            )
        except (RecordError, RetryableError) as exc:
            return [failed(ref, exc) for ref in refs]
        try:
            # add_item is not idempotent: never resent after an ambiguous failure.
            item = self._shop.call("POST", Api.ADD_ITEM, body=payload.item, idempotent=False)
            item_id = str(item["item_id"])
        except (RecordError, RetryableError) as exc:
            # Only "not executed" is safe to try again; otherwise the next listing pull
            # tells whether the item exists.
            unsent = isinstance(exc, RetryableError) and not exc.executed
            return [failed(ref, exc, retryable=unsent) for ref in refs]
        except KeyError:
            bad = ProtocolError("add_item: no item_id in the reply", platform=PLATFORM)
            return [failed(ref, bad, retryable=False) for ref in refs]
        if payload.tiers is None:
            return [WriteResult(refs[0].sku, WriteOutcome.OK, listing_id=item_id)]
        return self._add_models(item_id, draft, payload.tiers)

    def _join_item(self, draft: ListingDraft) -> list[WriteResult]:
        """The existing item stands for the draft's first variant; the others become models.

        Only an item without models can take a tier variation; one that has models already
        (a pack size added to a live multi-model item) gets the new variants as an item of
        their own, so no SKU is ever listed twice."""
        first = draft.variants[0]
        if len(draft.variants) == 1:
            return [WriteResult(first.sku, WriteOutcome.OK, listing_id=draft.listing_id)]
        try:
            has_models = bool(self._models(draft.listing_id))
        except (RecordError, RetryableError) as exc:
            return [failed(ListingRef(v.sku, draft.listing_id), exc) for v in draft.variants]
        if has_models:
            rest = replace(draft, listing_id="", variants=draft.variants[1:])
            kept = WriteResult(first.sku, WriteOutcome.OK, listing_id=draft.listing_id)
            return [kept, *self._create_item(rest)]
        tiers = mapping.to_shopee_tiers(draft.variants)
        return self._add_models(draft.listing_id, draft, tiers)

    def _add_models(
        self, item_id: str, draft: ListingDraft, tiers: Mapping[str, Any]
    ) -> list[WriteResult]:
        refs = [ListingRef(v.sku, item_id) for v in draft.variants]
        try:
            body = {"item_id": int(item_id), **tiers}
            data = self._shop.call("POST", Api.INIT_TIER, body=body, idempotent=True)
            ids = mapping.model_ids_by_sku(data.get("model") or [])
            if not ids:
                ids = mapping.model_ids_by_sku(self._models(item_id))
        except (RecordError, RetryableError) as exc:
            return [failed(ref, exc) for ref in refs]
        return [
            WriteResult(ref.sku, WriteOutcome.OK, listing_id=item_id, variant_id=ids[ref.sku])
            if ref.sku in ids
            else WriteResult(
                ref.sku,
                WriteOutcome.FAILED,
                listing_id=item_id,
                reason="model missing after init_tier_variation",
                retryable=True,
            )
            for ref in refs
        ]

    def _upload_images(self, draft: ListingDraft) -> list[str]:
        ids = []
        for index, content in enumerate(draft.images):
            digest = hashlib.sha256(content).hexdigest()
            if digest not in self._images:
                name = (
                    draft.image_names[index]
                    if index < len(draft.image_names)
                    else f"{draft.product_code}-{index}.jpg"
                )
                self._images[digest] = self._shop.client.upload_image(content, name)
            ids.append(self._images[digest])
        return ids

    def _category_for(self, name: str) -> int:
        if self._categories is None:
            data = self._shop.call("GET", Api.CATEGORY, params=[("language", "vi")])
            self._categories = list(data.get("category_list") or [])
        default = self.credentials.settings.get("default_category_id")
        return mapping.pick_category(self._categories, name, default=default)

    def _logistic_ids(self) -> list[int]:
        if self._logistics is None:
            data = self._shop.call("GET", Api.CHANNEL_LIST)
            channels = data.get("logistics_channel_list") or []
            self._logistics = [int(c["logistics_channel_id"]) for c in channels if c.get("enabled")]
        if not self._logistics:
            raise RecordError(
                "the shop has no enabled logistics channel", code="no_logistics", platform=PLATFORM
            )
        return self._logistics

    # -- updates ----------------------------------------------------------------------------

    def update_prices(self, items: Sequence[PriceUpdate]) -> list[WriteResult]:
        return self._model_writes(
            Api.UPDATE_PRICE, [(u.ref, u.price) for u in items], mapping.price_payload
        )

    def update_stock(self, items: Sequence[StockUpdate]) -> list[WriteResult]:
        return self._model_writes(
            Api.UPDATE_STOCK, [(u.ref, u.stock) for u in items], mapping.stock_payload
        )

    def _model_writes(
        self, path: str, entries: Sequence[tuple[ListingRef, int]], payload: Any
    ) -> list[WriteResult]:
        """One call per item and ≤50 models; a repeated model keeps its last value (Shopee
        refuses "Repeat model_id")."""
        by_item: dict[str, dict[str, tuple[ListingRef, int]]] = {}
        for ref, value in entries:
            by_item.setdefault(ref.listing_id, {})[ref.variant_id] = (ref, value)
        results: list[WriteResult] = []
        for item_id, models in by_item.items():
            for chunk in batched(list(models.values()), BATCH):
                body = payload(item_id, [(ref.variant_id, value) for ref, value in chunk])
                results += self._write(path, body, [ref for ref, _ in chunk], "model_id")
        return results

    def _write(
        self, path: str, body: Mapping[str, Any], refs: Sequence[ListingRef], key: str
    ) -> list[WriteResult]:
        """A write that sets absolute values, so it is safe to repeat (idempotent)."""
        try:
            data = self._shop.call("POST", path, body=body, idempotent=True)
        except (RecordError, RetryableError) as exc:
            return [failed(ref, exc) for ref in refs]
        refused = mapping.failures(data, key)
        results = []
        for ref in refs:
            ident = (ref.variant_id or "0") if key == "model_id" else ref.listing_id
            reason = refused.get(ident)
            results.append(
                ok(ref)
                if reason is None
                else WriteResult(
                    ref.sku,
                    WriteOutcome.FAILED,
                    listing_id=ref.listing_id,
                    variant_id=ref.variant_id,
                    reason=reason,
                    code="failure_list",
                )
            )
        return results

    def update_content(self, items: Sequence[ContentUpdate]) -> list[WriteResult]:
        by_item: dict[str, list[ContentUpdate]] = {}
        for update in items:
            by_item.setdefault(update.ref.listing_id, []).append(update)
        results: list[WriteResult] = []
        for updates in by_item.values():
            body = mapping.content_payload(updates[-1])
            results += self._write(Api.UPDATE_ITEM, body, [u.ref for u in updates], "item_id")
        return results

    def set_active(self, items: Sequence[ActiveUpdate]) -> list[WriteResult]:
        wanted: dict[str, bool] = {}
        for update in items:
            wanted[update.ref.listing_id] = update.active
        results: list[WriteResult] = []
        for chunk in batched(list(wanted.items()), BATCH):
            chunk_ids = {item_id for item_id, _ in chunk}
            refs = [u.ref for u in items if u.ref.listing_id in chunk_ids]
            results += self._write(Api.UNLIST_ITEM, mapping.unlist_payload(chunk), refs, "item_id")
        return results

    # -- push -------------------------------------------------------------------------------

    def parse_webhook(
        self, url: str, headers: Mapping[str, str], body: bytes
    ) -> list[WebhookEvent]:
        """Verified against the push key and the partner key (§7: which one signs varies)."""
        secrets = self.credentials.secrets
        keys = [secrets.get("push_key", ""), secrets.get("partner_key", "")]
        return [mapping.from_shopee_push(verify_push(url, headers, body, keys))]


def connect(
    credentials: Credentials, store: CredentialStore, options: ConnectorOptions
) -> ShopeeConnector:
    return ShopeeConnector(credentials, store=store, options=options)


def authorize(
    settings: Mapping[str, str], secrets: Mapping[str, str], code: str, options: ConnectorOptions
) -> Credentials:
    """Exchange a seller's authorization code (single use, 10 min) for the first token pair.

    `settings` names partner_id and shop_id (and optionally host); `secrets` the partner_key."""
    partner_id, partner_key = _partner(settings, secrets)
    shop_id = str(settings.get("shop_id") or "")
    if not shop_id:
        raise FatalError("authorize needs settings.shop_id", code="config", platform=PLATFORM)
    base_url = options.base_url or settings.get("host") or LIVE_HOST
    with options.http_client(CAPABILITIES, shop_id, base_url) as http:
        client = ShopeeClient(
            http, partner_id=partner_id, partner_key=partner_key, clock=options.clock
        )
        grant = client.exchange_code(code, shop_id)
    base = Credentials(shop_id=shop_id, secrets=dict(secrets), settings=dict(settings))
    return grant.credentials(base, options.clock())

"""Shopee Open Platform v2 on the wire: hosts, signing, the envelope, errors, pages, tokens.

Only this module knows how a Shopee call looks (platform notes `shopee.md` §1-§6). Everything it
returns is the decoded `response` object (or the flat token reply); everything it raises is one of
the typed errors of `connectors.errors`, classified once from `ERRORS`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from connectors.base import Credentials, CredentialStore
from connectors.classify import DEFAULT_TABLE, Action, ErrorTable
from connectors.errors import AuthError, ProtocolError
from connectors.http import HttpClient, HttpRequest, ParamValue, Reply
from connectors.pagination import Page, Paginator
from connectors.tokens import RefreshSlot, TokenSession

logger = logging.getLogger(__name__)

PLATFORM = "shopee"
LIVE_HOST = "https://partner.shopeemobile.com"
SANDBOX_HOST = "https://openplatform.sandbox.test-stable.shopee.sg"  # Shopee's own
LOCAL_SANDBOX_PORT = 8701
LOCAL_SANDBOX_HOST = f"http://127.0.0.1:{LOCAL_SANDBOX_PORT}"  # ours, sandbox/shopee


class Api:
    AUTH_CODE = "/api/v2/auth/token/get"
    AUTH_REFRESH = "/api/v2/auth/access_token/get"
    AUTH_PARTNER = "/api/v2/shop/auth_partner"
    SHOP_INFO = "/api/v2/shop/get_shop_info"
    ITEM_LIST = "/api/v2/product/get_item_list"
    ITEM_BASE_INFO = "/api/v2/product/get_item_base_info"
    MODEL_LIST = "/api/v2/product/get_model_list"
    CATEGORY = "/api/v2/product/get_category"
    ADD_ITEM = "/api/v2/product/add_item"
    INIT_TIER = "/api/v2/product/init_tier_variation"
    UPDATE_ITEM = "/api/v2/product/update_item"
    UPDATE_PRICE = "/api/v2/product/update_price"
    UPDATE_STOCK = "/api/v2/product/update_stock"
    UNLIST_ITEM = "/api/v2/product/unlist_item"
    UPLOAD_IMAGE = "/api/v2/media_space/upload_image"
    CHANNEL_LIST = "/api/v2/logistics/get_channel_list"
    ORDER_LIST = "/api/v2/order/get_order_list"
    ORDER_DETAIL = "/api/v2/order/get_order_detail"


ACCESS_TOKEN_LIFETIME = 14400  # s; documented 4 h, and the most we believe (§1.3)
REFRESH_TOKEN_LIFETIME = 30 * 86400  # s (§1.5)
REFRESH_AHEAD = 300  # s; refresh when the access token has less than this left
PAGE_SIZE = 100  # get_item_list and get_order_list maximum (§4, §5)

# -- signing (§2) ---------------------------------------------------------------------------


def base_string(
    partner_id: int | str, path: str, timestamp: int, access_token: str = "", owner_id: str = ""
) -> str:
    """partner_id + api_path + timestamp [+ access_token + shop_id | merchant_id], no separators."""
    return f"{partner_id}{path}{timestamp}{access_token}{owner_id}"


def sign(partner_key: str, base: str) -> str:
    """Lowercase hex HMAC-SHA256 keyed by the partner key's UTF-8 bytes (not hex-decoded)."""
    return hmac.new(partner_key.encode("utf-8"), base.encode("utf-8"), hashlib.sha256).hexdigest()


def push_signature(key: str, url: str, body: bytes) -> str:
    """The push `Authorization` header: HMAC-SHA256 over the callback URL, "|" and the raw body."""
    message = url.encode("utf-8") + b"|" + body
    return hmac.new(key.encode("utf-8"), message, hashlib.sha256).hexdigest()


# -- the envelope and the error table (§6) --------------------------------------------------

_TOKEN = Action.AUTH  # a stale access token: refresh once, then try again
ERRORS = DEFAULT_TABLE.merged(
    ErrorTable(
        codes={
            "error_rate_limit": Action.RETRY_UNSENT,
            "error_system_busy": Action.RETRY_UNSENT,
            "error_server": Action.RETRY,
            "error_inner": Action.RETRY,
            "error_network": Action.RETRY,
            "error_limit": Action.RETRY_UNSENT,  # daily cap; retry_after says till when
            "invalid_access_token": _TOKEN,
            "invalid_acceess_token": _TOKEN,  # sic: Shopee's spelling
            "error_sign": Action.FATAL,
            "invalid_partner_id": Action.FATAL,
            "partner_shop_no_link": Action.FATAL,
            "shop_no_linked": Action.FATAL,
            "shop_banned": Action.FATAL,
            "error_shop": Action.FATAL,
            "error_permission": Action.FATAL,
            "error_api_permission": Action.FATAL,
            "error_api_call_restricted": Action.FATAL,
            "error_kyc_auth": Action.FATAL,
            "api_suspended": Action.FATAL,
            "source_ip_undeclared": Action.FATAL,
            "error_partner_key_expired": Action.FATAL,
            "refresh_token_expired": Action.FATAL,
            "error_shop_refresh_token": Action.FATAL,
            "shop_access_expired": Action.FATAL,
            "invalid_code": Action.FATAL,
            "invalid_shop_id": Action.FATAL,
            "invalid_main_acount_id": Action.FATAL,
        },
        messages={
            # error_auth names a stale token, a broken setup, or a rejected record (stock below
            # reserved, a wrong location_id): the message tells which.
            "error_auth": (
                ("access_token", _TOKEN),
                ("refresh_token", Action.FATAL),
                ("invalid code", Action.FATAL),
                ("partner", Action.FATAL),
                ("shopid", Action.FATAL),
                ("permission", Action.FATAL),
                ("app ", Action.FATAL),
                ("sign", Action.FATAL),
            ),
            # error_param is mostly a rejected record, but these mean our setup is wrong.
            "error_param": (
                ("timestamp", Action.FATAL),
                ("no access_token", Action.FATAL),
                ("no shop_id", Action.FATAL),
                ("no partner_id", Action.FATAL),
                ("partner_id is invalid", Action.FATAL),
                ("no sign", Action.FATAL),
                ("refresh_token", Action.FATAL),
                ("request path is incorrect", Action.FATAL),
            ),
        },
        default=Action.RECORD,
    )
)


def _daily_reset_in(now: float) -> float:
    """Seconds until 00:00 UTC+8, when `error_limit` lifts (§6)."""
    local = datetime.fromtimestamp(now, UTC) + timedelta(hours=8)
    midnight = (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return (midnight - local).total_seconds()


def read_envelope(reply: Reply, *, now: float = 0.0) -> dict[str, Any]:
    """The decoded reply, or the typed error it carries.

    The HTTP status is ignored on purpose (§6): a 200 with `error` set is an error and a 4xx/5xx
    carrying a readable envelope is read as that envelope. A body that is not a JSON object
    is a ProtocolError."""
    try:
        data = reply.json()
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise ProtocolError(
            f"{reply.method} {reply.path}: unreadable reply (HTTP {reply.status})",
            platform=PLATFORM,
        )
    code = str(data.get("error") or "")
    if code:
        message = str(data.get("message") or "")[:300]
        retry_after = _daily_reset_in(now) if code.rsplit(".", 1)[-1] == "error_limit" else None
        raise ERRORS.error(
            code, message, platform=PLATFORM, retry_after=retry_after, where=reply.path
        )
    return data


def body_of(data: Mapping[str, Any]) -> dict[str, Any]:
    """The `response` object of a business reply ({} when the platform left it out)."""
    inner = data.get("response")
    if inner is None:
        return {}
    if not isinstance(inner, dict):
        raise ProtocolError("`response` is not an object", platform=PLATFORM)
    return inner


# -- tokens (§1.3-§1.5) ---------------------------------------------------------------------


@dataclass(frozen=True)
class TokenGrant:
    access_token: str
    refresh_token: str
    expire_in: object  # as Shopee sent it; see `access_lifetime`

    def access_lifetime(self) -> int:
        """Seconds the access token lives: `expire_in` when it is plausible, else 4 h.

        One official sample shows an epoch-like value (§1.3); trusting it would mean never
        refreshing, so anything outside 1..4 h falls back to the documented 4 h."""
        value = self.expire_in
        if isinstance(value, int | float) and 0 < value <= ACCESS_TOKEN_LIFETIME:
            return int(value)
        return ACCESS_TOKEN_LIFETIME

    def credentials(self, base: Credentials, now: float) -> Credentials:
        secrets = {
            **base.secrets,
            "access_token": self.access_token,
            "refresh_token": self.refresh_token,
        }
        return replace(
            base,
            secrets=secrets,
            access_expires_at=datetime.fromtimestamp(now + self.access_lifetime(), UTC),
            refresh_expires_at=datetime.fromtimestamp(now + REFRESH_TOKEN_LIFETIME, UTC),
        )


def _grant(data: Mapping[str, Any]) -> TokenGrant:
    access, refresh = data.get("access_token"), data.get("refresh_token")
    if not isinstance(access, str) or not isinstance(refresh, str) or not access or not refresh:
        raise ProtocolError("token reply without access_token/refresh_token", platform=PLATFORM)
    return TokenGrant(access, refresh, data.get("expire_in"))


# -- the client -----------------------------------------------------------------------------


class ShopeeClient:
    """Signed calls for one partner (app). Shop calls go through `ShopSession`."""

    def __init__(
        self, http: HttpClient, *, partner_id: int, partner_key: str, clock: Callable[[], float]
    ) -> None:
        self.http = http
        self.partner_id = int(partner_id)
        self._partner_key = partner_key
        self._clock = clock

    def now(self) -> float:
        return self._clock()

    def signed(
        self, request: HttpRequest, access_token: str = "", shop_id: str = ""
    ) -> HttpRequest:
        """The request with its common query params (§2.1), signed now."""
        timestamp = int(self._clock())
        base = base_string(self.partner_id, request.path, timestamp, access_token, shop_id)
        common: list[tuple[str, ParamValue]] = [
            ("partner_id", self.partner_id),
            ("timestamp", timestamp),
        ]
        if access_token:
            common += [("access_token", access_token), ("shop_id", shop_id)]
        common.append(("sign", sign(self._partner_key, base)))
        return replace(request, params=(*common, *request.params))

    def send(
        self,
        request: HttpRequest,
        *,
        access_token: Callable[[], str] | None = None,
        shop_id: str = "",
        idempotent: bool | None = None,
    ) -> dict[str, Any]:
        """The decoded envelope of one call, retried by the HTTP client's policy."""

        def prepare(req: HttpRequest) -> HttpRequest:
            token = access_token() if access_token is not None else ""
            return self.signed(req, token, shop_id if token else "")

        return self.http.send(
            request,
            lambda reply: read_envelope(reply, now=self._clock()),
            prepare=prepare,
            idempotent=idempotent,
        )

    def exchange_code(self, code: str, shop_id: str) -> TokenGrant:
        body = {"code": code, "partner_id": self.partner_id, "shop_id": int(shop_id)}
        # A code is single-use: a retry after an ambiguous failure would only fail again.
        data = self.send(HttpRequest("POST", Api.AUTH_CODE, json=body), idempotent=False)
        return _grant(data)

    def refresh(self, refresh_token: str, shop_id: str) -> TokenGrant:
        body = {
            "refresh_token": refresh_token,
            "partner_id": self.partner_id,
            "shop_id": int(shop_id),
        }
        # Single-use refresh token: never resend after the platform may have consumed it.
        data = self.send(HttpRequest("POST", Api.AUTH_REFRESH, json=body), idempotent=False)
        return _grant(data)

    def auth_partner_url(self, redirect: str) -> str:
        """The classic signed link a seller opens to authorize the shop (§1.2a)."""
        request = HttpRequest("GET", Api.AUTH_PARTNER, params=(("redirect", redirect),))
        query = urlencode(list(self.signed(request).params))
        return f"{self.http.base_url}{Api.AUTH_PARTNER}?{query}"

    def upload_image(self, content: bytes, filename: str) -> str:
        """The image_id of uploaded bytes (a Public API: no token, §4). Repeating an upload only
        leaves an unused copy, so it counts as idempotent."""
        mime = "image/png" if content.startswith(b"\x89PNG") else "image/jpeg"
        request = HttpRequest(
            "POST",
            Api.UPLOAD_IMAGE,
            data={"scene": "normal"},
            files={"image": (filename, content, mime)},
        )
        data = body_of(self.send(request, idempotent=True))
        info = data.get("image_info") or {}
        if not info.get("image_id"):
            listed = data.get("image_info_list") or [{}]
            first = listed[0] if isinstance(listed[0], dict) else {}
            if first.get("error"):
                raise ERRORS.error(
                    str(first["error"]),
                    str(first.get("message") or ""),
                    platform=PLATFORM,
                    where=Api.UPLOAD_IMAGE,
                )
            info = first.get("image_info") or {}
        image_id = info.get("image_id")
        if not image_id:
            raise ProtocolError("upload_image: no image_id in the reply", platform=PLATFORM)
        return str(image_id)


class ShopSession(TokenSession):
    """One shop's calls (see `TokenSession`)."""

    platform = PLATFORM

    def __init__(
        self,
        client: ShopeeClient,
        credentials: Credentials,
        *,
        store: CredentialStore,
        slot: RefreshSlot,
    ) -> None:
        self.client = client
        self.shop_id = str(credentials.shop_id)
        super().__init__(credentials, store=store, slot=slot, clock=client.now, ahead=REFRESH_AHEAD)

    def _grant(self, refresh_token: str, current: Credentials) -> Credentials:
        grant = self.client.refresh(refresh_token, self.shop_id)
        return grant.credentials(current, self.client.now())

    def call(
        self,
        method: str,
        path: str,
        *,
        params: Sequence[tuple[str, ParamValue]] = (),
        body: Any = None,
        idempotent: bool | None = None,
        whole: bool = False,
    ) -> dict[str, Any]:
        """The `response` object of one shop call (`whole`: the envelope, for flat replies)."""
        request = HttpRequest(method, path, params=tuple(params), json=body)
        data = self.tokens.call(
            lambda: self.client.send(
                request,
                access_token=self.tokens.access_token,
                shop_id=self.shop_id,
                idempotent=idempotent,
            )
        )
        return data if whole else body_of(data)


def verify_push(
    url: str, headers: Mapping[str, str], body: bytes, keys: Iterable[str]
) -> dict[str, Any]:
    """The decoded push (§7) when `Authorization` is its HMAC under one of `keys`; else AuthError.

    The signature covers the raw bytes: nothing is parsed before it checks out."""
    given = next((v for k, v in headers.items() if k.lower() == "authorization"), "").strip()
    expected = [push_signature(key, url, body) for key in keys if key]
    if not given or not any(hmac.compare_digest(given.lower(), e) for e in expected):
        raise AuthError("push signature mismatch", code="bad_push_signature", platform=PLATFORM)
    try:
        payload = json.loads(body.decode("utf-8"))
    except ValueError:
        payload = None
    if not isinstance(payload, dict):
        raise ProtocolError("push body is not a JSON object", platform=PLATFORM)
    return payload


# -- pagination (§4 get_item_list, §5 get_order_list) ---------------------------------------


def item_pages(
    session: ShopSession, statuses: Iterable[str], extra: Sequence[tuple[str, ParamValue]] = ()
) -> Paginator[dict[str, Any], int]:
    """get_item_list by offset: follows `next_offset` (deep offsets are refused, §4)."""
    status_params: list[tuple[str, ParamValue]] = [("item_status", s) for s in statuses]

    def fetch(offset: int) -> Page[dict[str, Any], int]:
        params: list[tuple[str, ParamValue]] = [("offset", offset), ("page_size", PAGE_SIZE)]
        params += [*status_params, *extra]
        data = session.call("GET", Api.ITEM_LIST, params=params)
        items = list(data.get("item") or [])
        if not data.get("has_next_page"):
            return Page(items, offset, None)
        following = data.get("next_offset")
        return Page(items, offset, int(following) if following is not None else offset + len(items))

    return Paginator(fetch, 0, platform=PLATFORM, what="get_item_list")


def order_pages(
    session: ShopSession, time_from: int, time_to: int
) -> Paginator[dict[str, Any], str]:
    """get_order_list by update_time in one window of at most 15 days, by cursor (§5)."""

    def fetch(cursor: str) -> Page[dict[str, Any], str]:
        params: list[tuple[str, ParamValue]] = [
            ("time_range_field", "update_time"),
            ("time_from", time_from),
            ("time_to", time_to),
            ("page_size", PAGE_SIZE),
            ("cursor", cursor),
            ("response_optional_fields", "order_status"),
        ]
        data = session.call("GET", Api.ORDER_LIST, params=params)
        orders = list(data.get("order_list") or [])
        if not data.get("more"):
            return Page(orders, cursor, None)
        if not data.get("next_cursor"):
            raise ProtocolError("get_order_list: `more` without `next_cursor`", platform=PLATFORM)
        return Page(orders, cursor, str(data["next_cursor"]))

    return Paginator(fetch, "", platform=PLATFORM, what="get_order_list")

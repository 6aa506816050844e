"""Lazada Open Platform (LazOP) on the wire: hosts, signing, the envelope, errors, pages, tokens.

Only this module knows how a Lazada call looks (platform notes `lazada.md` §1-§4, §6, §7). It
returns the decoded envelope (or the flat token reply) and raises only the typed errors of
`connectors.errors`, classified once from `ERRORS`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import random
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from connectors.base import Credentials, CredentialStore
from connectors.classify import DEFAULT_TABLE, Action, ErrorTable, http_status_code
from connectors.errors import AuthError, ConnectorError, ProtocolError, RecordError
from connectors.http import HttpClient, HttpRequest, ParamValue, Reply
from connectors.pagination import Page
from connectors.tokens import RefreshSlot, TokenSession

logger = logging.getLogger(__name__)

PLATFORM = "lazada"
LIVE_HOST = "https://api.lazada.vn/rest"
AUTH_HOST = "https://auth.lazada.com/rest"  # token create/refresh for every country (§1.1)
LOCAL_SANDBOX_PORT = 8702
LOCAL_SANDBOX_HOST = f"http://127.0.0.1:{LOCAL_SANDBOX_PORT}/rest"  # ours, sandbox/lazada
SIGN_METHOD = "sha256"
REFRESH_AHEAD = 3600  # s; lifetimes are days (§1.2), so refresh well before the end
VN = timezone(timedelta(hours=7))  # seller-local time for time filters (§8)


class Api:
    TOKEN_CREATE = "/auth/token/create"  # noqa: S105 (a path)
    TOKEN_REFRESH = "/auth/token/refresh"  # noqa: S105 (a path)
    SELLER = "/seller/get"
    CATEGORY_TREE = "/category/tree/get"
    PRODUCTS = "/products/get"
    PRODUCT_ITEM = "/product/item/get"
    PRODUCT_CREATE = "/product/create"
    PRODUCT_UPDATE = "/product/update"
    PRODUCT_DEACTIVATE = "/product/deactivate"
    PRICE_QUANTITY = "/product/price_quantity/update"
    SELLABLE = "/product/stock/sellable/update"
    IMAGE_UPLOAD = "/image/upload"
    IMAGE_MIGRATE = "/image/migrate"
    ORDERS = "/orders/get"
    ORDERS_ITEMS = "/orders/items/get"


def rest_base(url: str) -> str:
    """A host given with or without the `/rest` prefix, as the REST base (§1.1)."""
    url = url.rstrip("/")
    return url if url.endswith("/rest") else url + "/rest"


# -- signing (§2) ---------------------------------------------------------------------------


def string_to_sign(path: str, params: Mapping[str, str]) -> str:
    """The API path (no `/rest`) then name+value of every param but `sign`, in byte order."""
    pairs = sorted((k, v) for k, v in params.items() if k != "sign")
    return path + "".join(f"{k}{v}" for k, v in pairs)


def sign(secret: str, path: str, params: Mapping[str, str]) -> str:
    """Uppercase hex HMAC-SHA256 of `string_to_sign`, keyed by the app secret (UTF-8)."""
    message = string_to_sign(path, params).encode("utf-8")
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest().upper()


def push_signature(app_key: str, secret: str, body: bytes) -> str:
    """The push `Authorization` header (§7): lowercase hex HMAC of app_key + the raw body."""
    message = app_key.encode("utf-8") + body
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def iso_time(epoch: float) -> str:
    """A time filter value: ISO 8601 with the seller's +07:00 offset (§6, §8)."""
    return datetime.fromtimestamp(int(epoch), VN).isoformat()


# -- the envelope and the error table (§4) --------------------------------------------------

ERRORS = DEFAULT_TABLE.merged(
    ErrorTable(
        codes={
            # Gateway throttling: refused before it ran, even writes may go again (§4.4).
            "ApiCallLimit": Action.RETRY_UNSENT,
            "901": Action.RETRY_UNSENT,
            "E901": Action.RETRY_UNSENT,
            "998": Action.RETRY_UNSENT,
            "AppCallLimit": Action.RETRY_UNSENT,  # daily quota; retry_after says how long
            # Backend faults: the call may have run.
            "ServiceTimeout": Action.RETRY,
            "6": Action.RETRY,
            "E006": Action.RETRY,
            "513": Action.RETRY,
            "1000": Action.RETRY,
            "type_ISP": Action.RETRY,
            "IllegalAccessToken": Action.AUTH,
            "IllegalRefreshToken": Action.FATAL,
            "InvalidCode": Action.FATAL,
            "AUTH_TYPE_UNSUPPORTED": Action.FATAL,
            "IncompleteSignature": Action.FATAL,
            "MissingParameter": Action.FATAL,
            "IllegalTimestamp": Action.FATAL,
            "InvalidTimestamp": Action.FATAL,
            "InvalidAppKey": Action.FATAL,
            "InvalidApiPath": Action.FATAL,
            "SellerNotVerified": Action.FATAL,
            "SellerNotActive": Action.FATAL,
            # Our query is wrong, not the record: invalid offset, date format, limit.
            "14": Action.FATAL,
            "17": Action.FATAL,
            "19": Action.FATAL,
        },
        default=Action.RECORD,  # business data errors (E005, 41xx, 500/501...): mark the item
    )
)
_BAN = re.compile(r"last\s+(\d+)\s+second")
DAILY_QUOTA_WAIT = 3600.0  # longer than the HTTP client will wait: the tick reschedules


class RejectedItems(RecordError):
    """A business error with Lazada's per-SKU `detail` list (500/501, §4.1)."""

    def __init__(
        self, message: str, *, code: str, detail: Sequence[Mapping[str, Any]] = ()
    ) -> None:
        super().__init__(message, code=code, platform=PLATFORM)
        self.detail = [dict(d) for d in detail if isinstance(d, Mapping)]


def _retry_after(code: str, message: str) -> float | None:
    if code == "AppCallLimit":
        return DAILY_QUOTA_WAIT
    if code in ("ApiCallLimit", "901", "E901", "998"):
        found = _BAN.search(message)
        ban = float(found.group(1)) if found else 1.0
        return ban + random.uniform(0.0, 0.25)  # at least the ban, with jitter (§4.4)
    return None


def error_of(code: str, kind: str, message: str, *, status: int, where: str) -> ConnectorError:
    """The typed error for one error reply: by code, else by type, else by HTTP status."""
    key = code
    if code not in ERRORS.codes:
        if f"type_{kind}" in ERRORS.codes:
            key = f"type_{kind}"
        elif status >= 400 and http_status_code(status) in ERRORS.codes:
            key = http_status_code(status)
    error = ERRORS.error(
        key,
        message,
        platform=PLATFORM,
        retry_after=_retry_after(code, message),
        where=where,
    )
    error.code = code
    return error


def read_envelope(reply: Reply) -> dict[str, Any]:
    """The decoded reply, or the typed error it carries.

    `code` is a string and "0" is success (§4.1); errors come as HTTP 200 as often as not, so
    the body decides and the status only breaks ties for codes we do not know."""
    try:
        data = reply.json()
    except ValueError:
        data = None
    if not isinstance(data, dict) or "code" not in data:
        raise ProtocolError(
            f"{reply.method} {reply.path}: unreadable reply (HTTP {reply.status})",
            platform=PLATFORM,
        )
    code = str(data["code"])
    if code == "0":
        return data
    message = str(data.get("message") or "")[:300]
    error = error_of(
        code, str(data.get("type") or ""), message, status=reply.status, where=reply.path
    )
    detail = data.get("detail")
    if isinstance(error, RecordError) and isinstance(detail, list) and detail:
        raise RejectedItems(str(error), code=code, detail=detail)
    raise error


def data_of(envelope: Mapping[str, Any]) -> Any:
    return envelope.get("data") if envelope.get("data") is not None else {}


# -- tokens (§1.3, §1.4) --------------------------------------------------------------------


def _seconds(value: object) -> int:
    """Lifetimes come as int or as a string of digits (§1.4)."""
    if isinstance(value, int | float | str) and not isinstance(value, bool):
        try:
            return int(value.strip() if isinstance(value, str) else value)
        except ValueError:
            pass
    raise ProtocolError(f"token lifetime {value!r} is not seconds", platform=PLATFORM)


@dataclass(frozen=True)
class TokenGrant:
    access_token: str
    refresh_token: str
    expires_in: int
    refresh_expires_in: int
    seller_id: str
    account: str = ""

    def credentials(self, base: Credentials, now: float) -> Credentials:
        secrets = {
            **base.secrets,
            "access_token": self.access_token,
            "refresh_token": self.refresh_token,
        }
        settings = dict(base.settings)
        if self.account:
            settings.setdefault("account", self.account)
        return replace(
            base,
            shop_id=base.shop_id or self.seller_id,
            secrets=secrets,
            settings=settings,
            access_expires_at=datetime.fromtimestamp(now + self.expires_in, UTC),
            refresh_expires_at=datetime.fromtimestamp(now + self.refresh_expires_in, UTC),
        )


def parse_grant(data: Mapping[str, Any], country: str = "vn") -> TokenGrant:
    """A flat token reply; create lists sellers as `country_user_info`, refresh as
    `country_user_info_list` (§1.4)."""
    access, refresh = data.get("access_token"), data.get("refresh_token")
    if not isinstance(access, str) or not isinstance(refresh, str) or not access or not refresh:
        raise ProtocolError("token reply without access_token/refresh_token", platform=PLATFORM)
    sellers = data.get("country_user_info")
    if sellers is None:
        sellers = data.get("country_user_info_list")
    entries = [s for s in sellers or [] if isinstance(s, Mapping)]
    mine = [s for s in entries if str(s.get("country") or "").lower() == country] or entries
    seller_id = str(mine[0].get("seller_id") or "") if mine else ""
    return TokenGrant(
        access_token=access,
        refresh_token=refresh,
        expires_in=_seconds(data.get("expires_in")),
        refresh_expires_in=_seconds(data.get("refresh_expires_in")),
        seller_id=seller_id,
        account=str(data.get("account") or ""),
    )


# -- the client -----------------------------------------------------------------------------


class LazadaClient:
    """Signed calls for one app: `api` for seller APIs, `auth` for the token host."""

    def __init__(
        self,
        api: HttpClient,
        auth: HttpClient,
        *,
        app_key: str,
        app_secret: str,
        clock: Callable[[], float],
    ) -> None:
        self.api = api
        self.auth = auth
        self.app_key = str(app_key)
        self._secret = app_secret
        self._clock = clock

    def now(self) -> float:
        return self._clock()

    def signed(self, request: HttpRequest, access_token: str = "") -> HttpRequest:
        """The request with system params and `sign` (§2.1): all in the query for GET, all as
        form fields for POST (§2.4). Empty values are never sent; files are not signed."""
        params: dict[str, str] = {
            "app_key": self.app_key,
            "timestamp": str(int(self._clock() * 1000)),
            "sign_method": SIGN_METHOD,
        }
        if access_token:
            params["access_token"] = access_token
        for name, value in request.params:
            if str(value) != "":
                params[name] = str(value)
        params["sign"] = sign(self._secret, request.path, params)
        if request.method.upper() == "GET":
            return replace(request, params=tuple(params.items()), data=None)
        return replace(request, params=(), data=params)

    def send(
        self,
        request: HttpRequest,
        *,
        access_token: Callable[[], str] | None = None,
        idempotent: bool | None = None,
        auth_host: bool = False,
    ) -> dict[str, Any]:
        """The decoded envelope of one call, retried by the HTTP client's policy."""

        def prepare(req: HttpRequest) -> HttpRequest:
            return self.signed(req, access_token() if access_token is not None else "")

        http = self.auth if auth_host else self.api
        return http.send(request, read_envelope, prepare=prepare, idempotent=idempotent)

    def create_token(self, code: str, country: str = "vn") -> TokenGrant:
        # A code is single-use: an ambiguous failure is not retried.
        request = HttpRequest("POST", Api.TOKEN_CREATE, params=(("code", code),))
        return parse_grant(self.send(request, idempotent=False, auth_host=True), country)

    def refresh_token(self, refresh_token: str, country: str = "vn") -> TokenGrant:
        # No access_token on refresh (§1.3); never resent once the platform may have used it.
        request = HttpRequest("POST", Api.TOKEN_REFRESH, params=(("refresh_token", refresh_token),))
        return parse_grant(self.send(request, idempotent=False, auth_host=True), country)


class SellerSession(TokenSession):
    """One seller's calls (see `TokenSession`; a stale token is `IllegalAccessToken`)."""

    platform = PLATFORM

    def __init__(
        self,
        client: LazadaClient,
        credentials: Credentials,
        *,
        store: CredentialStore,
        slot: RefreshSlot,
        country: str = "vn",
    ) -> None:
        self.client = client
        self.country = country
        super().__init__(credentials, store=store, slot=slot, clock=client.now, ahead=REFRESH_AHEAD)

    def _grant(self, refresh_token: str, current: Credentials) -> Credentials:
        grant = self.client.refresh_token(refresh_token, self.country)
        return grant.credentials(current, self.client.now())

    def call(
        self,
        method: str,
        path: str,
        params: Sequence[tuple[str, ParamValue]] = (),
        *,
        files: Mapping[str, tuple[str, bytes, str]] | None = None,
        idempotent: bool | None = None,
    ) -> dict[str, Any]:
        """The whole envelope of one seller call."""
        request = HttpRequest(method, path, params=tuple(params), files=files)
        return self.tokens.call(
            lambda: self.client.send(
                request, access_token=self.tokens.access_token, idempotent=idempotent
            )
        )


def verify_push(
    headers: Mapping[str, str], body: bytes, *, app_key: str, secret: str
) -> dict[str, Any]:
    """The decoded push (§7) when `Authorization` is its HMAC; else AuthError. The signature
    covers the raw bytes, so nothing is parsed before it checks out."""
    given = next((v for k, v in headers.items() if k.lower() == "authorization"), "").strip()
    expected = push_signature(app_key, secret, body)
    if not given or not secret or not hmac.compare_digest(given.lower(), expected):
        raise AuthError("push signature mismatch", code="bad_push_signature", platform=PLATFORM)
    try:
        payload = json.loads(body.decode("utf-8"))
    except ValueError:
        payload = None
    if not isinstance(payload, dict):
        raise ProtocolError("push body is not a JSON object", platform=PLATFORM)
    return payload


# -- pagination by update_after windows (§5 /products/get, §6 /orders/get) ------------------

Window = tuple[int, int | None]  # (update_after, update_before or None: open-ended), unix s
Fetch = Callable[[int, int | None, int], tuple[list[dict[str, Any]], int]]  # -> (rows, total)


@dataclass(frozen=True)
class WindowPager:
    """Offset pages inside an update-time window, never past `max_offset`: a window holding
    more than that is halved until each half fits (deep offsets are refused, §9).

    Every page but the walk's last names a `next` token and no empty page is handed out before
    the last, so a caller committing a cursor per page (`connectors.windows`) never skips the
    second half of a split window."""

    fetch: Fetch  # (update_after, update_before, offset) -> (rows, total in window or -1)
    limit: int
    max_offset: int
    now: Callable[[], float]  # the top of an open-ended window, for halving

    def pages(self, start: int, end: int | None) -> Iterator[Page[dict[str, Any], Any]]:
        queue: list[Window] = [(start, end)]
        while queue:
            window = queue.pop(0)
            rows, total = self.fetch(window[0], window[1], 0)
            top = window[1] if window[1] is not None else int(self.now()) + 1
            if total > self.max_offset + self.limit and top - window[0] > 1:
                middle = (window[0] + top) // 2
                queue[:0] = [(window[0], middle), (middle, window[1])]
                continue
            offset = 0
            while True:
                following = offset + len(rows)
                more = (
                    len(rows) >= self.limit
                    and (total < 0 or following < total)
                    and following <= self.max_offset
                )
                last = not more and not queue
                if rows or last:
                    after = (window, following) if more else ("window", queue[0] if queue else None)
                    yield Page(rows, (window, offset), None if last else after)
                if not more:
                    if following > self.max_offset and total > following:
                        logger.warning("lazada: %d rows in one second; read %d", total, following)
                    break
                offset = following
                rows, total = self.fetch(window[0], window[1], offset)

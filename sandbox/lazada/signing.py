"""System parameters and the request signature, recomputed as lazada.md §2.2 describes.

string to sign = API path without `/rest` + name1value1name2value2... over every parameter but
`sign` (query, form and JSON body merged), sorted by name in byte order, raw (un-URL-encoded)
values; sign = uppercase hex HMAC-SHA256 keyed with the app secret. Whether empty values count is
undocumented (the Java SDK skips them, the Python SDK signs `name` + ""): `Limits.empty_params`
picks one or accepts either. Checks, in order: the four system parameters are present, the
app_key is known, sign_method is sha256, the timestamp is within the skew, the sign matches.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import sqlite3
from datetime import datetime

from sandbox.lazada import accounts
from sandbox.lazada.envelope import INCOMPLETE_SIGNATURE, ApiError
from sandbox.lazada.limits import Limits
from sandbox.lazada.params import Params

log = logging.getLogger("sandbox.lazada.signing")
SYSTEM = ("app_key", "timestamp", "sign_method", "sign")
_MILLIS = re.compile(r"\d{13}")


def string_to_sign(api_path: str, params: dict[str, str], *, skip_empty: bool = False) -> str:
    pairs = sorted((k, v) for k, v in params.items() if not (skip_empty and (k == "" or v == "")))
    return api_path + "".join(f"{name}{value}" for name, value in pairs)


def sign(app_secret: str, text: str) -> str:
    return hmac.new(app_secret.encode(), text.encode(), hashlib.sha256).hexdigest().upper()


def _variants(limits: Limits) -> tuple[bool, ...]:
    return {"include": (False,), "skip": (True,)}.get(limits.gateway.empty_params, (False, True))


def matches(limits: Limits, secret: str, api_path: str, params: Params, given: str) -> bool:
    for skip_empty in _variants(limits):
        text = string_to_sign(api_path, params.signed(), skip_empty=skip_empty)
        expected = sign(secret, text)
        log.debug("string to sign (skip_empty=%s): %s -> %s", skip_empty, text, expected)
        if hmac.compare_digest(expected.encode(), given.encode()):
            return True
    return False


def timestamp_ms(raw: str) -> int | None:
    """Epoch milliseconds (13 digits), or the UTC text form `2017-11-11T12:00:00Z`."""
    if _MILLIS.fullmatch(raw):
        return int(raw)
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    return int(moment.timestamp() * 1000)


def check_timestamp(limits: Limits, raw: str, now_ms: int) -> None:
    stamp = timestamp_ms(raw)
    if stamp is None:
        raise ApiError(limits.gateway.timestamp_error, "The timestamp is invalid")
    if abs(now_ms - stamp) > limits.gateway.timestamp_skew * 1000:
        raise ApiError(
            limits.gateway.timestamp_error,
            f"The timestamp should be within {limits.gateway.timestamp_skew}s of UTC time",
        )


def authenticate(
    db: sqlite3.Connection, limits: Limits, api_path: str, params: Params, now_ms: int
) -> str:
    """The app_key of a correctly signed, fresh request; raises the gateway's error otherwise."""
    for name in SYSTEM:
        params.require(name)
    app_key = params.require("app_key")
    secret = accounts.app_secret(db, app_key)
    if secret is None:
        raise ApiError(limits.gateway.app_key_error, "The specified app key is invalid")
    if params.require("sign_method").lower() != "sha256":
        raise INCOMPLETE_SIGNATURE()
    check_timestamp(limits, params.require("timestamp"), now_ms)
    if not matches(limits, secret, api_path, params, params.require("sign")):
        raise INCOMPLETE_SIGNATURE()
    return app_key

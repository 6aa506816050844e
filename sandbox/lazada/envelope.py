"""Lazada's reply shapes (lazada.md §4.1): `code` is always a string, "0" on success.

Success: {"code": "0", "data": ..., "request_id"}; the token APIs answer flat (fields beside
`code`), `/images/migrate` puts `batch_id` at the top. Errors: {"type": "ISV"|"ISP"|"SYSTEM",
"code", "message", "request_id"} plus `detail` for per-SKU/field problems; HTTP 200 either way.
"""

from __future__ import annotations

import random
import secrets
import time
from dataclasses import dataclass
from enum import Enum
from typing import Any


class ApiError(Exception):
    """A Lazada error envelope; `detail` lists per-field or per-SKU reasons (codes 500/501)."""

    def __init__(
        self,
        code: str,
        message: str,
        kind: str = "ISV",
        detail: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.kind = kind
        self.detail = detail


class Shape(Enum):
    WRAPPED = "wrapped"  # {"code": "0", "data": ..., "request_id"}
    FLAT = "flat"  # token APIs and /images/migrate: fields at the top
    FLAGGED = "flagged"  # /category/brands/query: success, error_code, error_msg beside data


def request_id() -> str:
    """25 characters like the samples: 8 hex, 13 digits of epoch ms, 4 digits."""
    millis = int(time.time() * 1000)
    return f"{secrets.token_hex(4)}{millis:013d}{random.randint(0, 9999):04d}"


def error_body(error: ApiError) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": error.kind,
        "code": error.code,
        "message": error.message,
        "request_id": request_id(),
    }
    if error.detail is not None:
        body["detail"] = error.detail
    return body


def success_body(shape: Shape, data: Any) -> dict[str, Any]:
    if shape is Shape.FLAT:
        return {**data, "code": "0", "request_id": request_id()}
    body = {"code": "0", "data": data, "request_id": request_id()}
    if shape is Shape.FLAGGED:
        body.update(success=True, error_code="", error_msg="")
    return body


def missing(name: str) -> ApiError:
    return ApiError(
        "MissingParameter",
        f'The input parameter "{name}" that is mandatory for processing this request '
        "is not supplied",
    )


@dataclass(frozen=True)
class Spec:
    """An error's code, message and type; calling it makes a fresh ApiError to raise."""

    code: str
    message: str
    kind: str = "ISV"

    def __call__(self) -> ApiError:
        return ApiError(self.code, self.message, self.kind)


def numbered(code: int, text: str) -> Spec:
    """A numbered business error, message prefixed "Exxx:" as Lazada does (E005, E019...)."""
    return Spec(str(code), f"E{code:03d}: {text}")


def business(code: int, text: str) -> ApiError:
    return numbered(code, text)()


INCOMPLETE_SIGNATURE = Spec(
    "IncompleteSignature", "The request signature does not conform to lazop standards"
)
ILLEGAL_ACCESS_TOKEN = Spec(
    "IllegalAccessToken", "The specified access token is invalid or expired"
)
ILLEGAL_REFRESH_TOKEN = Spec(
    "IllegalRefreshToken", "The specified refresh token is invalid or expired"
)
INVALID_CODE = Spec("InvalidCode", "Invalid authorization code")
API_CALL_LIMIT = Spec(
    "ApiCallLimit", "Api access frequency exceeds the limit. this ban will last 1 seconds."
)
SERVICE_TIMEOUT = Spec(
    "ServiceTimeout", "The service request timed out due to dependent service", "ISP"
)
INTERNAL = Spec("6", "E006: Unexpected internal error", "ISP")
EMPTY_REQUEST = numbered(30, "Empty Request")
BAD_FORMAT = numbered(5, "Invalid Request Format")

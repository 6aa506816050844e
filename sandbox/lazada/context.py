"""What a handler receives: the merged parameters, the caller and the open transaction."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from sandbox.common.web import Upload
from sandbox.lazada.envelope import ApiError, Spec, numbered
from sandbox.lazada.limits import Limits
from sandbox.lazada.params import Params


@dataclass
class Call:
    db: sqlite3.Connection
    now: int  # fake-clock unix seconds
    limits: Limits
    path: str  # the API path, without /rest
    params: Params
    app_key: str = ""
    seller_id: int = 0
    files: list[Upload] = field(default_factory=list)
    # A partial failure: the good part is committed, then this error (with `detail`) is the reply.
    partial: ApiError | None = None
    redirect_to: str | None = None

    @property
    def now_ms(self) -> int:
        return self.now * 1000


def int_param(call: Call, name: str, default: int, error: Spec) -> int:
    """A whole-number parameter (absent: `default`); `error` when it is not one."""
    raw = call.params.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise error() from None


INVALID_LIMIT = numbered(19, "Invalid Limit")
INVALID_OFFSET = numbered(14, "Invalid Offset")


def page_window(call: Call, default: int, limit_max: int, offset_max: int) -> tuple[int, int]:
    """`limit` (1..limit_max, else E019) and `offset` (0..offset_max, else E014)."""
    limit = int_param(call, "limit", default, INVALID_LIMIT)
    offset = int_param(call, "offset", 0, INVALID_OFFSET)
    if not 1 <= limit <= limit_max:
        raise INVALID_LIMIT()
    if not 0 <= offset <= offset_max:
        raise INVALID_OFFSET()
    return limit, offset

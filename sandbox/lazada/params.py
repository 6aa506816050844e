"""The request's parameters, merged the way the gateway signs them (lazada.md §2.4, §10.1).

Sources, later ones winning on a repeated name: the query string, an urlencoded or multipart form
(file parts are never parameters), and, leniently, a JSON object body whose nested values count as
their compact JSON text. Values are kept exactly as received (after URL decoding), because the
signature covers them as they are: a payload is never re-serialised.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from sandbox.common.web import RawRequest
from sandbox.lazada.envelope import BAD_FORMAT, missing


class Params:
    def __init__(self, values: dict[str, str]) -> None:
        self.values = values

    def get(self, name: str) -> str | None:
        """The value, or None when absent or empty (an empty value is no value to Lazada)."""
        value = self.values.get(name)
        return value if value else None

    def require(self, name: str) -> str:
        value = self.get(name)
        if value is None:
            raise missing(name)
        return value

    def signed(self) -> dict[str, str]:
        """Everything the signature covers: all parameters but `sign`."""
        return {k: v for k, v in self.values.items() if k != "sign"}


def _json_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _json_body(body: bytes) -> dict[str, str]:
    try:
        parsed = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise BAD_FORMAT() from None
    if not isinstance(parsed, dict):
        raise BAD_FORMAT()
    return {str(k): _json_text(v) for k, v in parsed.items()}


def _body(raw: RawRequest) -> dict[str, str]:
    if raw.multipart:
        return dict(raw.form)
    if not raw.body.strip():
        return {}
    if "json" in raw.content_type or raw.body.lstrip().startswith(b"{"):
        return _json_body(raw.body)
    try:
        text = raw.body.decode("utf-8")
    except UnicodeDecodeError:
        raise BAD_FORMAT() from None
    return dict(parse_qsl(text, keep_blank_values=True))


def merge(raw: RawRequest) -> Params:
    values = dict(raw.query)
    values.update(_body(raw))
    return Params(values)

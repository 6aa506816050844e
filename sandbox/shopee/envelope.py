"""Shopee's reply shapes: the business envelope, the flat token replies, and errors."""

from __future__ import annotations

import secrets
from enum import Enum
from typing import Any


class ApiError(Exception):
    """A Shopee error envelope: `error` code and `message`, never a `response`."""

    def __init__(self, error: str, message: str) -> None:
        super().__init__(f"{error}: {message}")
        self.error = error
        self.message = message


class Shape(Enum):
    WRAPPED = "wrapped"  # {request_id, error, message, warning: "", response}
    WARNING_LIST = "warning_list"  # get_order_detail: warning is a list of strings
    NO_WARNING = "no_warning"  # get_order_list: no warning field at all
    FLAT = "flat"  # token endpoints, get_shop_info, get_shops_by_partner: fields at top level


def request_id() -> str:
    return secrets.token_hex(16)


def error_body(error: str, message: str) -> dict[str, Any]:
    return {"request_id": request_id(), "error": error, "message": message}


def success_body(shape: Shape, response: dict[str, Any], warnings: list[str]) -> dict[str, Any]:
    body: dict[str, Any] = {"request_id": request_id(), "error": "", "message": ""}
    if shape is Shape.FLAT:
        body.update(response)
        return body
    if shape is Shape.WRAPPED:
        body["warning"] = "; ".join(warnings)
    elif shape is Shape.WARNING_LIST:
        body["warning"] = list(warnings)
    body["response"] = response
    return body


def bad_param(detail: str) -> ApiError:
    """The generic `error_param` wording Shopee uses for a business parameter it refuses."""
    return ApiError("error_param", f"Wrong parameters, detail: {detail}.")

"""The `payload` parameter: XML or JSON, parsed into one shape (lazada.md §5, §8, §10.8).

Both forms become nested dicts of strings: `<Request><Product>...` and {"Request": {"Product":
...}} alike. XML must be well formed: a raw `&` (say in "Mật ong & phấn hoa") is E005, `&amp;` or
CDATA is fine; DOCTYPE/ENTITY declarations are refused (E005) rather than expanded. In JSON the
repeatable nodes (`Images.Image`, `Skus.Sku`) must be arrays (1001); numbers are read as their
text. Field names are matched without regard to case or underscores (`SellerSku`, `sellersku`).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from typing import Any

from sandbox.lazada.envelope import BAD_FORMAT, EMPTY_REQUEST, ApiError, business

Node = dict[str, Any]
# (parent, child) nodes that repeat: kept as lists in both forms.
REPEATED = {
    ("Skus", "Sku"),
    ("Skus", "SellerSku"),
    ("Skus", "SkuId"),
    ("Images", "Image"),
    ("Images", "Url"),
    ("MultiWarehouseInventories", "MultiWarehouseInventory"),
}
# Of those, the ones JSON must already send as arrays (error 1001 otherwise).
MUST_BE_ARRAYS = {("Skus", "Sku"), ("Images", "Image")}


def _element(element: ElementTree.Element) -> Any:
    children = list(element)
    if not children:
        return (element.text or "").strip()
    node: Node = {}
    for child in children:
        value = _element(child)
        if (element.tag, child.tag) in REPEATED:
            node.setdefault(child.tag, []).append(value)
        else:
            node[child.tag] = value
    return node


def _from_xml(text: str) -> Node:
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        raise BAD_FORMAT()
    try:
        root = ElementTree.fromstring(text.encode("utf-8"))  # noqa: S314 - no DTDs (above)
    except ElementTree.ParseError:
        raise BAD_FORMAT() from None
    if root.tag != "Request":
        raise BAD_FORMAT()
    request = _element(root)
    return request if isinstance(request, dict) else {}


def _scalar(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _scalar(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_scalar(item) for item in value]
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else json.dumps(value)


def _check_arrays(value: Any, parent: str = "") -> None:
    if isinstance(value, list):
        for item in value:
            _check_arrays(item, parent)
    if not isinstance(value, dict):
        return
    for key, item in value.items():
        if (parent, key) in MUST_BE_ARRAYS and not isinstance(item, list):
            raise business(1001, f"{parent}.{key} must be an array")
        _check_arrays(item, key)


def _from_json(text: str) -> Node:
    try:
        parsed = json.loads(text)
    except ValueError:
        raise BAD_FORMAT() from None
    request = parsed.get("Request") if isinstance(parsed, dict) else None
    if not isinstance(request, dict):
        raise BAD_FORMAT()
    _check_arrays(request)
    node: Node = _scalar(request)
    return node


def parse(text: str | None) -> Node:
    """The content of `Request`, from an XML or a JSON payload."""
    if text is None or not text.strip():
        raise EMPTY_REQUEST()
    stripped = text.lstrip()
    return _from_xml(stripped) if stripped.startswith("<") else _from_json(stripped)


def _norm(name: str) -> str:
    return name.replace("_", "").lower()


def field(node: Any, *names: str) -> Any:
    """The first of `names` present in the node (any case, underscores ignored), else None."""
    if not isinstance(node, dict):
        return None
    wanted = [_norm(n) for n in names]
    found = {_norm(key): value for key, value in node.items()}
    return next((found[w] for w in wanted if w in found), None)


def text(node: Any, *names: str) -> str | None:
    """A field's text; None when missing or empty ("empty elements mean no change")."""
    value = field(node, *names)
    return value.strip() or None if isinstance(value, str) else None


def items(node: Any, outer: str, inner: str) -> list[Any]:
    """The repeated `inner` entries under `outer` (Skus>Sku, Images>Image), possibly none."""
    value = field(field(node, outer), inner)
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def product(text_value: str | None) -> Node:
    """`Request > Product` of a product payload; E001 when it is missing."""
    found = field(parse(text_value), "Product")
    if not isinstance(found, dict):
        raise ApiError("1", "E001: Product is mandatory")
    return found

"""Images: /image/upload (multipart file), /image/migrate, /images/migrate + /image/response/get.

Product payloads only take Lazada-hosted URLs, so images are uploaded or migrated first. The
sandbox never downloads anything: a migrated URL must be http(s) on port 80/443 and comes back
as a slatic.net URL named after its hash. Uploads must be JPG or PNG of at most 3 MB.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from typing import Any
from urllib.parse import urlsplit

from sandbox.common.web import Upload
from sandbox.lazada import payload
from sandbox.lazada.context import Call
from sandbox.lazada.envelope import business, missing

CDN = "https://vn-live-01.slatic.net/p/"
_MAGIC = {b"\xff\xd8\xff": "jpg", b"\x89PNG\r\n\x1a\n": "png"}


def _store(call: Call, digest: str, extension: str, source: str) -> dict[str, str]:
    url = f"{CDN}{digest}.{extension}"
    call.db.execute(
        "INSERT OR IGNORE INTO images (hash_code, seller_id, url, source, created_at) "
        "VALUES (?, ?, ?, ?, ?)",
        (digest, call.seller_id, url, source, call.now),
    )
    return {"url": url, "hash_code": digest}


def _kind(upload: Upload) -> str | None:
    return next((kind for magic, kind in _MAGIC.items() if upload.data.startswith(magic)), None)


def upload_image(call: Call) -> dict[str, Any]:
    upload = next((f for f in call.files if f.name == "image"), None)
    if upload is None:
        raise missing("image")
    kind = _kind(upload)
    if kind is None:
        raise business(300, "Upload image failed: only JPG and PNG images are supported")
    if len(upload.data) > call.limits.batches.image_bytes_max:
        raise business(303, "Upload image failed: the image is larger than 3MB")
    digest = hashlib.md5(upload.data, usedforsecurity=False).hexdigest()
    return {"image": _store(call, digest, kind, "upload")}


def _migratable(url: str) -> str | None:
    """Why a URL cannot be migrated, or None when it can."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        return "invalid url"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "invalid url"
    if port not in (None, 80, 443):
        return "only ports 80 and 443 are allowed"
    if not parts.path.lower().endswith((".jpg", ".jpeg", ".png")):
        return "only JPG and PNG images are supported"
    return None


def _migrate(call: Call, url: str) -> dict[str, str]:
    if url.startswith(CDN):
        return {"url": url, "hash_code": url[len(CDN) :].split(".")[0]}
    digest = hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()
    extension = "png" if url.lower().endswith(".png") else "jpg"
    return _store(call, digest, extension, url)


def _urls(node: Any, outer: str) -> list[str]:
    """The `Url`s under `outer` (`Image` or `Images`), however XML or JSON nested them."""
    holder = payload.field(node, outer)
    found = []
    for entry in holder if isinstance(holder, list) else [holder]:
        urls = payload.field(entry, "Url")
        found += urls if isinstance(urls, list) else [urls]
    return [url.strip() for url in found if isinstance(url, str) and url.strip()]


def migrate_image(call: Call) -> dict[str, Any]:
    urls = _urls(payload.parse(call.params.get("payload")), "Image")
    if not urls:
        raise missing("Url")
    problem = _migratable(urls[0])
    if problem is not None:
        raise business(300, f"Migrate image failed: {problem}")
    return {"image": _migrate(call, urls[0])}


def migrate_images(call: Call) -> dict[str, Any]:
    """Up to 8 URLs; answers a top-level `batch_id` to poll with /image/response/get."""
    urls = _urls(payload.parse(call.params.get("payload")), "Images")
    if not urls:
        raise missing("Url")
    if len(urls) > call.limits.batches.migrate_max:
        raise business(
            300, f"Migrate images failed: at most {call.limits.batches.migrate_max} a batch"
        )
    images, errors = [], []
    for url in urls:
        problem = _migratable(url)
        if problem is None:
            images.append(_migrate(call, url))
        else:
            errors.append({"field": "Url", "msg": problem, "original_url": url})
    batch_id = f"{call.now_ms}{secrets.randbelow(10**6):06d}"
    call.db.execute(
        "INSERT INTO image_batches (batch_id, seller_id, result) VALUES (?, ?, ?)",
        (batch_id, call.seller_id, json.dumps({"images": images, "errors": errors})),
    )
    return {"batch_id": batch_id}


def image_response(call: Call) -> dict[str, Any]:
    batch_id = call.params.require("batch_id")
    row = call.db.execute(
        "SELECT result FROM image_batches WHERE batch_id = ? AND seller_id = ?",
        (batch_id, call.seller_id),
    ).fetchone()
    if row is None:
        raise business(300, "Image batch not found")
    result: dict[str, Any] = json.loads(row["result"])
    return result

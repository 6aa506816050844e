"""POST /api/v2/media_space/upload_image (a Public API): multipart file bytes, never URLs."""

from __future__ import annotations

import secrets
import sqlite3
from typing import Any

from sandbox.common.web import Upload
from sandbox.shopee.context import Call
from sandbox.shopee.envelope import ApiError

_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")
_FILES_MAX = 8  # "fewer than 9 files"
CDN = "https://cf.shopee.vn/file/"


def image_url(image_id: str) -> str:
    return CDN + image_id


def _url_list(image_id: str) -> list[dict[str, str]]:
    return [{"image_url_region": "VN", "image_url": image_url(image_id)}]


def _problem(call: Call, upload: Upload) -> str | None:
    if not upload.data.startswith(_MAGIC):
        return "Invalid image format, only JPG, JPEG and PNG are supported."
    if len(upload.data) > call.limits.image_bytes_max:
        return "Image size exceeds 10MB."
    return None


def _store(call: Call, upload: Upload, scene: str) -> str:
    image_id = f"vn-11134207-7r98o-{secrets.token_hex(8)}"
    call.db.execute(
        "INSERT INTO images (image_id, partner_id, scene, size, created_at) VALUES (?, ?, ?, ?, ?)",
        (image_id, call.partner_id, scene, len(upload.data), call.now),
    )
    return image_id


def _entry(call: Call, index: int, upload: Upload, scene: str) -> dict[str, Any]:
    problem = _problem(call, upload)
    if problem is not None:
        return {"id": index, "error": "error_param", "message": problem}
    image_id = _store(call, upload, scene)
    info = {"image_id": image_id, "image_url_list": _url_list(image_id)}
    return {"id": index, "error": "", "message": "", "image_info": info}


def upload_image(call: Call) -> dict[str, Any]:
    scene = str(call.body.get("scene") or "normal")
    if scene not in ("normal", "desc"):
        raise ApiError("error_param", "Wrong parameters, detail: scene should be normal or desc.")
    if not call.files:
        raise ApiError("error_param", "Wrong parameters, detail: image is required.")
    if len(call.files) > _FILES_MAX:
        raise ApiError("error_param", "Wrong parameters, detail: upload fewer than 9 images.")
    entries = [_entry(call, i, upload, scene) for i, upload in enumerate(call.files)]
    if all(entry["error"] for entry in entries):
        raise ApiError("error_param", str(entries[0]["message"]))
    first = next(entry for entry in entries if not entry["error"])
    return {"image_info": first["image_info"], "image_info_list": entries}


def images_exist(db: sqlite3.Connection, partner_id: int, image_ids: list[str]) -> bool:
    marks = ",".join("?" * len(image_ids))
    found = db.execute(
        f"SELECT COUNT(*) FROM images WHERE partner_id = ? AND image_id IN ({marks})",  # noqa: S608
        (partner_id, *image_ids),
    ).fetchone()[0]
    return int(found) == len(set(image_ids))

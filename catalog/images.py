"""Image files named by the catalog: found next to the import file, stored once per business."""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session, select

from catalog.models import ImageFile

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif"}
MAX_IMAGE_BYTES = 20 * 1024 * 1024


def image_dirs(path: Path, images_dir: Path | None) -> list[Path]:
    """Where cited images are looked for: images_dir, else the file's folder and its images/."""
    if images_dir is not None:
        return [images_dir]
    return [path.parent, path.parent / "images"]


def is_image_name(name: str) -> bool:
    """A bare image file name: a sheet must not make us read other files ("../../x")."""
    if name in {"", ".", ".."} or any(ch in name for ch in "/\\\0:"):
        return False
    return Path(name).suffix.lower() in IMAGE_SUFFIXES


@dataclass
class ImageStore:
    """Stores each cited image once per business; `store` answers with a problem or None."""

    session: Session
    business_id: int
    folders: list[Path]
    known: dict[str, ImageFile] = field(default_factory=dict)
    seen: dict[str, str | None] = field(default_factory=dict)
    changed: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, session: Session, business_id: int, folders: list[Path]) -> ImageStore:
        rows = session.exec(select(ImageFile).where(ImageFile.business_id == business_id)).all()
        return cls(session, business_id, folders, known={row.name: row for row in rows})

    def store(self, name: str) -> str | None:
        """Store the image if its bytes are new or changed; the problem, if any, as a reason."""
        if name not in self.seen:
            self.seen[name] = self._store(name)
        return self.seen[name]

    def _store(self, name: str) -> str | None:
        if not is_image_name(name):
            return f'image "{name}" is not a plain image file name (.jpg, .png, .webp, .gif)'
        found = next((folder / name for folder in self.folders if (folder / name).is_file()), None)
        if found is None:
            return None if name in self.known else f'image "{name}" not found'
        if found.stat().st_size > MAX_IMAGE_BYTES:
            return f'image "{name}" is larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MB'
        self._save(name, found.read_bytes())
        return None

    def _save(self, name: str, data: bytes) -> None:
        digest = hashlib.sha256(data).hexdigest()
        current = self.known.get(name)
        if current is not None and current.sha256 == digest:
            return
        image = current or ImageFile(business_id=self.business_id, name=name, sha256="", data=b"")
        image.sha256, image.data = digest, data
        image.content_type = mimetypes.guess_type(name)[0] or "image/jpeg"
        self.session.add(image)
        self.known[name] = image
        self.changed.add(name)

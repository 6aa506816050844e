"""Sessions and sign-in checks for pages (cookie) and the API (cookie or HTTP basic).

The session cookie is signed by Starlette's SessionMiddleware with OCOPSYNC_SESSION_SECRET, or a
secret generated once into `.ocopsync/session.secret` (mode 0600) in the working folder. Cookies are
SameSite=lax, so another site cannot post our forms with them.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import secrets
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlalchemy.engine import Engine
from sqlmodel import Session

from scheduler import SyncScheduler
from sync.tick import SyncEngine
from web.models import Role, User
from web.users import authenticate

SESSION_FILE = Path(".ocopsync") / "session.secret"
SESSION_ENV = "OCOPSYNC_SESSION_SECRET"


def session_secret(path: Path = SESSION_FILE) -> str:
    """The environment's secret, else the file's, made on first use."""
    given = os.environ.get(SESSION_ENV)
    if given:
        return given
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: use theirs
            return path.read_text().strip()
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


class RecentPushes:
    """Pushes seen lately, by digest: platforms deliver the same push again (Lazada on purpose,
    Shopee on a slow answer); a repeat is answered 200 and wakes nothing."""

    def __init__(self, ttl: float = 600.0, most: int = 10_000) -> None:
        self._seen: dict[str, float] = {}
        self._ttl, self._most = ttl, most
        self._lock = threading.Lock()

    def first_time(self, platform: str, body: bytes) -> bool:
        key = hashlib.sha256(platform.encode() + b"\0" + body).hexdigest()
        now = time.monotonic()
        with self._lock:
            if len(self._seen) >= self._most:
                self._seen = {k: t for k, t in self._seen.items() if t > now}
            if self._seen.get(key, 0.0) > now:
                return False
            self._seen[key] = now + self._ttl
            return True


@dataclass
class WebState:
    """What every request may need; kept on `app.state.web`."""

    db: Engine
    engine: SyncEngine | None = None
    scheduler: SyncScheduler | None = None
    pushes: RecentPushes = field(default_factory=lambda: RecentPushes())


class LoginRequired(Exception):
    """A page asked for a signed-in user; the app answers with a redirect to /login."""


def state(request: Request) -> WebState:
    web: WebState = request.app.state.web
    return web


def db_session(request: Request) -> Iterator[Session]:
    with Session(state(request).db, expire_on_commit=False) as session:
        yield session


DB = Annotated[Session, Depends(db_session)]


def _session_user(request: Request, session: Session) -> User | None:
    user_id = request.session.get("user_id")
    if not isinstance(user_id, int):
        return None
    user = session.get(User, user_id)
    return user if user is not None and user.active else None


def page_user(request: Request, session: DB) -> User:
    user = _session_user(request, session)
    if user is None:
        raise LoginRequired()
    return user


def _basic_user(request: Request, session: Session) -> User | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        email, _, password = base64.b64decode(value).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return authenticate(session, email, password)


def api_user(request: Request, session: DB) -> User:
    user = _session_user(request, session) or _basic_user(request, session)
    if user is None:
        raise HTTPException(401, "sign in first", headers={"WWW-Authenticate": "Basic"})
    return user


PageUser = Annotated[User, Depends(page_user)]
ApiUser = Annotated[User, Depends(api_user)]

MANAGERS = (Role.OWNER, Role.MANAGER)


def require_manager(user: User) -> None:
    if user.role not in MANAGERS:
        raise HTTPException(403, "sales are for managers and owners")

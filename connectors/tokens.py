"""Access tokens kept fresh, for every platform with expiring tokens.

Refresh tokens are single-use on most marketplaces (Shopee rotates the pair on every refresh), so
two connectors refreshing one shop at once would burn the pair: the loser holds a dead refresh
token. A `TokenKeeper` therefore refreshes under the shop's lock from a process-wide
`RefreshSlots` (handed out through `ConnectorOptions`), saves the new pair through the
`CredentialStore` before anyone uses it, and publishes it in the slot so that a connector still
holding the old pair adopts the new one instead of refreshing again.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from connectors.base import Credentials, CredentialStore
from connectors.errors import AuthError, FatalError

logger = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass
class RefreshSlot:
    lock: threading.Lock = field(default_factory=threading.Lock)
    latest: Credentials | None = None  # the newest pair any connector of this process saved


class RefreshSlots:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._slots: dict[tuple[str, str], RefreshSlot] = {}

    def slot(self, platform: str, shop: str) -> RefreshSlot:
        with self._lock:
            return self._slots.setdefault((platform, shop), RefreshSlot())


def _newer(a: Credentials, b: Credentials) -> bool:
    if a.secrets.get("access_token") == b.secrets.get("access_token"):
        return False
    if b.access_expires_at is None:
        return True
    return a.access_expires_at is not None and a.access_expires_at > b.access_expires_at


class TokenKeeper:
    """One shop's credentials. `renew(current) -> new` is the platform's refresh call."""

    def __init__(
        self,
        credentials: Credentials,
        *,
        store: CredentialStore,
        slot: RefreshSlot,
        clock: Callable[[], float],
        renew: Callable[[Credentials], Credentials],
        ahead: float = 300.0,  # refresh when the access token has less than this left
    ) -> None:
        self._credentials = credentials
        self._store = store
        self._slot = slot
        self._clock = clock
        self._renew = renew
        self._ahead = ahead
        self._lock = threading.Lock()

    @property
    def credentials(self) -> Credentials:
        with self._lock:
            return self._credentials

    def access_token(self) -> str:
        return self.credentials.secrets.get("access_token", "")

    def call(self, attempt: Callable[[], T]) -> T:
        """`attempt()` with a fresh token; on an AuthError, refresh once and try once more.

        An AuthError means the platform refused the call before running it, so even a
        non-idempotent write may be sent again."""
        self.refresh_if_due()
        used = self.access_token()
        try:
            return attempt()
        except AuthError as exc:
            logger.info("%s: %s; refreshing the access token", exc.platform, exc.code)
            self.refresh(stale=used)
            return attempt()

    def refresh_if_due(self) -> None:
        expires = self.credentials.access_expires_at
        if expires is not None and expires.timestamp() - self._clock() < self._ahead:
            self.refresh(stale=self.access_token())

    def refresh(self, stale: str | None = None) -> Credentials:
        """Rotate the pair; with `stale`, only if nobody has replaced that access token yet."""
        with self._slot.lock:
            latest = self._slot.latest
            if latest is not None and _newer(latest, self.credentials):
                self._adopt(latest)  # another connector of this shop refreshed already
            if stale is not None and self.access_token() != stale:
                return self.credentials
            fresh = self._renew(self.credentials)
            self._store.save(fresh)  # persisted before first use: the old pair is spent
            self._adopt(fresh)
            self._slot.latest = fresh
            return fresh

    def _adopt(self, credentials: Credentials) -> None:
        with self._lock:
            self._credentials = credentials


class TokenSession:
    """A shop's calls through a `TokenKeeper`: refreshed ahead of expiry and once on a stale-token
    error, the rotated pair saved before use. A platform says only how a refresh token becomes
    new credentials (`_grant`)."""

    platform = ""

    def __init__(
        self,
        credentials: Credentials,
        *,
        store: CredentialStore,
        slot: RefreshSlot,
        clock: Callable[[], float],
        ahead: float,
    ) -> None:
        self.tokens = TokenKeeper(
            credentials, store=store, slot=slot, clock=clock, renew=self._renew, ahead=ahead
        )

    @property
    def credentials(self) -> Credentials:
        return self.tokens.credentials

    def refresh(self) -> Credentials:
        return self.tokens.refresh()

    def _renew(self, current: Credentials) -> Credentials:
        refresh_token = current.secrets.get("refresh_token", "")
        if not refresh_token:
            raise FatalError("no refresh token: authorize the shop again", platform=self.platform)
        return self._grant(refresh_token, current)

    def _grant(self, refresh_token: str, current: Credentials) -> Credentials:
        raise NotImplementedError

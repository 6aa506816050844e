"""Which platforms exist and how to build a connector for one.

Each platform package registers one `PlatformSpec` when it is imported. The registry imports the
packages named in `PLATFORM_PACKAGES` on first use, so a new platform joins by one line there.
"""

from __future__ import annotations

import importlib
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from connectors.base import Capabilities, Connector, Credentials, CredentialStore
from connectors.http import HttpClient, Observer
from connectors.ratelimit import BucketRegistry
from connectors.tokens import RefreshSlots

PLATFORM_PACKAGES: tuple[str, ...] = ("connectors.shopee", "connectors.lazada")


@dataclass(frozen=True)
class ConnectorOptions:
    """How a connector is wired into its process. Build one per process and pass it to every
    `connect`: connectors of the same shop then share its rate budget and refresh lock."""

    base_url: str | None = None  # overrides the credentials' host and the platform default
    timeout: tuple[float, float] = (5.0, 30.0)  # (connect, read) seconds
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.time  # unix seconds; also signs timestamps
    observer: Observer | None = None
    rate_per_second: float | None = None  # overrides the platform's default budget
    burst: int | None = None
    max_attempts: int = 10  # with the default backoff: at most ~92 s of waiting per call
    limiters: BucketRegistry = field(default_factory=BucketRegistry)
    refresh_slots: RefreshSlots = field(default_factory=RefreshSlots)

    def http_client(self, caps: Capabilities, shop_id: str, base_url: str) -> HttpClient:
        """The HTTP client for one shop: its platform's rate budget (shared by every connector
        built from these options), our timeouts, retries, sleep, clock and observer."""
        bucket = self.limiters.bucket(
            caps.platform,
            shop_id,
            rate=self.rate_per_second or caps.rate_per_second,
            burst=self.burst or caps.burst,
        )
        return HttpClient(
            platform=caps.platform,
            base_url=base_url,
            limiter=bucket,
            timeout=self.timeout,
            sleep=self.sleep,
            clock=self.clock,
            max_attempts=self.max_attempts,
            observer=self.observer,
        )


ConnectFn = Callable[[Credentials, CredentialStore, ConnectorOptions], Connector]
AuthorizeFn = Callable[[Mapping[str, str], Mapping[str, str], str, ConnectorOptions], Credentials]


@dataclass(frozen=True)
class PlatformSpec:
    platform: str  # the key used everywhere: "shopee"
    display_name: str
    capabilities: Capabilities
    connect: ConnectFn
    # Exchange a seller's authorization code for tokens: (settings, secrets, code, options).
    authorize: AuthorizeFn
    default_host: str
    sandbox_port: int  # where our simulator of this platform listens on loopback
    settings_keys: tuple[str, ...] = ()  # what a channel's settings must name, for forms
    secret_keys: tuple[str, ...] = ()


class Registry:
    def __init__(self, packages: tuple[str, ...] = ()) -> None:
        self._packages = packages
        self._loaded = False
        self._lock = threading.RLock()
        self._specs: dict[str, PlatformSpec] = {}

    def register(self, spec: PlatformSpec) -> PlatformSpec:
        with self._lock:
            known = self._specs.get(spec.platform)
            if known is not None and known is not spec:
                raise ValueError(f"platform {spec.platform!r} is already registered")
            self._specs[spec.platform] = spec
        return spec

    def get(self, platform: str) -> PlatformSpec:
        self._load()
        try:
            return self._specs[platform]
        except KeyError:
            raise KeyError(f"unknown platform {platform!r}; known: {self.platforms()}") from None

    def platforms(self) -> list[str]:
        self._load()
        return sorted(self._specs)

    def _load(self) -> None:
        with self._lock:
            if self._loaded:
                return
            for package in self._packages:
                importlib.import_module(package)
            self._loaded = True


_REGISTRY = Registry(PLATFORM_PACKAGES)


def register(spec: PlatformSpec) -> PlatformSpec:
    return _REGISTRY.register(spec)


def get(platform: str) -> PlatformSpec:
    return _REGISTRY.get(platform)


def platforms() -> list[str]:
    return _REGISTRY.platforms()

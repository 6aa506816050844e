"""The one HTTP client every connector speaks through, and the only module that imports requests.

One `HttpClient` per connector: a session, a (connect, read) timeout, the shop's token bucket, a
tenacity retry policy and an observer that hears about every attempt (the sync engine turns
`CallRecord`s into metrics; connectors never import `sync`).

A platform client hands `send` the business request, a `prepare` callable that signs it (run
again for every attempt, so timestamps stay fresh) and a `classify` callable that turns the raw
`Reply` into data or raises one of the typed errors. The retry policy then goes again only on a
`RetryableError`, and for a call that is not idempotent only when the error says the platform
did not run it (`executed is False`): an ambiguous write is never sent twice.

Secrets ride in query strings on some platforms (Shopee's `access_token` and `sign`), so no
message or log line written here carries a query string: messages name the method and path only,
transport exceptions are re-raised without their cause, and urllib3's debug lines are redacted.
"""

from __future__ import annotations

import json as _json
import logging
import random
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar
from urllib.parse import urlsplit

import requests
from tenacity import RetryCallState, Retrying, stop_after_attempt

from connectors.errors import ConnectorError, ProtocolError, RetryableError
from connectors.ratelimit import RateLimiter

logger = logging.getLogger(__name__)
REFUSED_ATTEMPTS = 3

T = TypeVar("T")
Clock = Callable[[], float]
Sleep = Callable[[float], None]
ParamValue = str | int | float
FileField = tuple[str, bytes, str]  # (file name, bytes, content type)


@dataclass(frozen=True)
class CallRecord:
    """One attempt at one endpoint. `endpoint` is the path only; `outcome` is "ok", the
    platform's error code, or the exception's class name."""

    platform: str
    endpoint: str
    outcome: str
    seconds: float


Observer = Callable[[CallRecord], None]


@dataclass(frozen=True)
class HttpRequest:
    method: str
    path: str
    params: Sequence[tuple[str, ParamValue]] = ()  # repeated keys allowed
    json: Any = None
    data: Mapping[str, str] | None = None  # form fields (alone or beside `files`)
    files: Mapping[str, FileField] | None = None
    headers: Mapping[str, str] = field(default_factory=dict)

    def with_params(self, *extra: tuple[str, ParamValue]) -> HttpRequest:
        return replace(self, params=(*self.params, *extra))


@dataclass(frozen=True)
class Reply:
    method: str
    path: str  # no host, no query: safe to put in messages
    status: int
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> Any:
        """The parsed body; raises ValueError when it is not JSON."""
        return _json.loads(self.body.decode("utf-8"))


@dataclass(frozen=True)
class Backoff:
    initial: float = 0.5  # seconds before the first retry, doubling each time
    maximum: float = 20.0  # no single wait longer than this
    jitter: float = 0.5  # up to this many random seconds added to each wait
    max_retry_after: float = 60.0  # a platform asking for a longer pause gets the error instead


_QUERY = re.compile(r"\?[^\s\"'<>]*")


def redact_url(text: str) -> str:
    """Any URL's query string replaced by `?<redacted>`: queries carry tokens and signatures."""
    return _QUERY.sub("?<redacted>", text)


class _RedactQueries(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_url(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


def _install_log_redaction() -> None:
    """urllib3 logs every request line, query included, at DEBUG: redact it at the source."""
    for name in ("urllib3.connectionpool", "urllib3.util.retry"):
        target = logging.getLogger(name)
        if not any(isinstance(f, _RedactQueries) for f in target.filters):
            target.addFilter(_RedactQueries())


class _NoLimit:
    def acquire(self, tokens: float = 1.0) -> float:
        return 0.0


class HttpClient:
    def __init__(
        self,
        *,
        platform: str,
        base_url: str,
        limiter: RateLimiter | None = None,
        timeout: tuple[float, float] = (5.0, 30.0),
        sleep: Sleep = time.sleep,
        clock: Clock = time.monotonic,
        max_attempts: int = 10,
        observer: Observer | None = None,
        backoff: Backoff | None = None,
        session: requests.Session | None = None,
    ) -> None:
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self.platform = platform
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.max_attempts = max_attempts
        self._limiter: RateLimiter = limiter or _NoLimit()
        self._sleep = sleep
        self._clock = clock
        self._observer = observer
        self._backoff = backoff or Backoff()
        self._session = session or requests.Session()
        _install_log_redaction()

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def send(
        self,
        request: HttpRequest,
        classify: Callable[[Reply], T],
        *,
        prepare: Callable[[HttpRequest], HttpRequest] | None = None,
        idempotent: bool | None = None,
    ) -> T:
        """`classify(reply)` for the first attempt that does not raise a retryable error.

        `idempotent` defaults to True for GET and False otherwise."""
        if idempotent is None:
            idempotent = request.method.upper() in ("GET", "HEAD", "PUT", "DELETE", "OPTIONS")
        retrying = Retrying(
            stop=stop_after_attempt(self.max_attempts),
            wait=self._wait,
            retry=lambda state: self._retry_decision(state, idempotent),
            sleep=self._sleep,
            before_sleep=lambda state: self._log_retry(request, state),
            reraise=True,
        )
        return retrying(self._attempt, request, classify, prepare)

    # -- one attempt ------------------------------------------------------------------------

    def _attempt(
        self,
        request: HttpRequest,
        classify: Callable[[Reply], T],
        prepare: Callable[[HttpRequest], HttpRequest] | None,
    ) -> T:
        self._limiter.acquire()
        wire = prepare(request) if prepare is not None else request
        started = self._clock()
        outcome = "ok"
        try:
            return classify(self._transport(wire))
        except ConnectorError as exc:
            outcome = exc.code or type(exc).__name__
            raise
        except Exception as exc:
            outcome = type(exc).__name__
            raise
        finally:
            self._observe(request.path, outcome, self._clock() - started)

    def _transport(self, req: HttpRequest) -> Reply:
        what = f"{self.platform} {req.method} {req.path}"
        error: ConnectorError | None = None
        response: requests.Response | None = None
        try:
            response = self._session.request(
                req.method,
                self.base_url + req.path,
                params=list(req.params) or None,
                json=req.json,
                data=req.data,
                files=req.files,
                headers=dict(req.headers) or None,
                timeout=self.timeout,
                allow_redirects=False,
            )
        except requests.ConnectTimeout:
            error = RetryableError(
                f"{what}: connect timeout", code="timeout", platform=self.platform, executed=False
            )
        except requests.Timeout:
            error = RetryableError(
                f"{what}: read timeout after sending",
                code="timeout",
                platform=self.platform,
                executed=True,
            )
        except requests.ConnectionError as exc:
            refused = _never_connected(exc)
            where = urlsplit(self.base_url).netloc  # host and port only: never a query
            error = RetryableError(
                f"{what}: no answer from {where} (is the marketplace, or `ocopsync sandbox`, "
                "running?)"
                if refused
                else f"{what}: connection broken",
                code="refused" if refused else "connection",
                platform=self.platform,
                executed=not refused,
            )
        except requests.RequestException as exc:
            error = ProtocolError(f"{what}: {type(exc).__name__}", platform=self.platform)
        # Raised here, outside the except blocks, so no transport exception (whose text holds
        # the full URL, query and secrets included) rides along as __context__.
        if error is not None or response is None:
            raise error or ProtocolError(f"{what}: no reply", platform=self.platform)
        return Reply(
            method=req.method,
            path=req.path,
            status=response.status_code,
            headers=dict(response.headers),
            body=response.content,
        )

    # -- policy -----------------------------------------------------------------------------

    def _retry_decision(self, state: RetryCallState, idempotent: bool) -> bool:
        exc = state.outcome.exception() if state.outcome is not None else None
        if exc is None:
            return False
        if isinstance(exc, RetryableError) and exc.code == "refused":
            # nobody listens there: a short second chance, not minutes of backoff
            return state.attempt_number < REFUSED_ATTEMPTS
        return self._may_retry(exc, idempotent)

    def _may_retry(self, exc: BaseException, idempotent: bool) -> bool:
        if not isinstance(exc, RetryableError):
            return False
        if exc.retry_after is not None and exc.retry_after > self._backoff.max_retry_after:
            return False  # a long pause (a daily cap): let the caller reschedule
        return idempotent or not exc.executed

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome is not None else None
        if isinstance(exc, RetryableError) and exc.retry_after is not None:
            return max(0.0, exc.retry_after)
        b = self._backoff
        exponential = b.initial * 2 ** (state.attempt_number - 1)
        return min(b.maximum, exponential) + random.uniform(0, b.jitter)

    def _log_retry(self, request: HttpRequest, state: RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome is not None else None
        reason = exc.reason if isinstance(exc, ConnectorError) else type(exc).__name__
        wait = state.next_action.sleep if state.next_action is not None else 0.0
        logger.warning(
            "%s %s %s failed (%s); attempt %d of %d, next in %.2fs",
            self.platform,
            request.method,
            request.path,
            reason,
            state.attempt_number,
            self.max_attempts,
            wait,
        )

    def _observe(self, endpoint: str, outcome: str, seconds: float) -> None:
        if self._observer is None:
            return
        try:
            self._observer(CallRecord(self.platform, endpoint, outcome, max(0.0, seconds)))
        except Exception:
            logger.exception("call observer failed for %s %s", self.platform, endpoint)


def _never_connected(exc: requests.ConnectionError) -> bool:
    """True when the connection was never made (refused, DNS): the request was not sent."""
    from urllib3.exceptions import MaxRetryError, NameResolutionError, NewConnectionError

    cause: object = exc.args[0] if exc.args else None
    if isinstance(cause, MaxRetryError):
        cause = cause.reason
    return isinstance(cause, NewConnectionError | NameResolutionError)

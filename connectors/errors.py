"""Typed connector errors: classification happens once, in the platform's client, from one table.

- `RetryableError`: try the same call again later (rate limited, busy, 5xx, timeouts on idempotent
  calls).
- `FatalError`: the channel cannot work until a person acts (bad credentials, revoked shop, config).
- `AuthError`: a FatalError the client may cure once by refreshing the access token.
- `RecordError`: this one item was rejected; mark it and go on with the rest.
- `ProtocolError`: the platform answered something we cannot read (garbage, wrong shape).

Messages never carry secrets: clients build them from the platform's error code and message only.
"""

from __future__ import annotations


class ConnectorError(Exception):
    def __init__(self, message: str, *, code: str = "", platform: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.platform = platform

    @property
    def reason(self) -> str:
        text = str(self)
        return f"{self.code}: {text}" if self.code and self.code not in text else text


class RetryableError(ConnectorError):
    def __init__(
        self,
        message: str,
        *,
        code: str = "",
        platform: str = "",
        retry_after: float | None = None,
        executed: bool = False,
    ) -> None:
        super().__init__(message, code=code, platform=platform)
        self.retry_after = retry_after
        # False: the platform said it did not run the call (rate limit, busy), so even a
        # non-idempotent write may be sent again. True: it may have run (timeout after send).
        self.executed = executed


class FatalError(ConnectorError):
    pass


class AuthError(FatalError):
    pass


class RecordError(ConnectorError):
    pass


class ProtocolError(RetryableError):
    """Unreadable reply. Retryable a few times; past that the tick records it as an issue."""

    def __init__(self, message: str, *, code: str = "bad_reply", platform: str = "") -> None:
        super().__init__(message, code=code, platform=platform, executed=True)

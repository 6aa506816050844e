"""One table from a platform's error code to what we do about it.

Each platform's client merges its own codes over `DEFAULT_TABLE` and classifies every error reply
once, through `ErrorTable.error`, into the typed tree of `connectors.errors`. Codes may carry a
module prefix (Shopee: `product.error_param`); lookups try the whole code, then the part after
the last dot. Where one code means several things (Shopee's `error_auth` covers a stale token,
a revoked app and "stock below reserved"), message rules pick the action by substring.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from connectors.errors import (
    AuthError,
    ConnectorError,
    FatalError,
    RecordError,
    RetryableError,
)


class Action(StrEnum):
    RETRY_UNSENT = "retry_unsent"  # transient and the platform says it did not run the call
    RETRY = "retry"  # transient, but the call may have run: only idempotent calls go again
    AUTH = "auth"  # the access token is stale: refresh once and try again
    FATAL = "fatal"  # credentials, permissions, configuration: stop the channel
    RECORD = "record"  # this item or request was rejected: mark it and go on


MessageRule = tuple[str, Action]  # (lowercase substring of the message, action)


@dataclass(frozen=True)
class ErrorTable:
    codes: Mapping[str, Action] = field(default_factory=dict)
    messages: Mapping[str, Sequence[MessageRule]] = field(default_factory=dict)
    default: Action = Action.RECORD

    def merged(self, other: ErrorTable) -> ErrorTable:
        """`other` wins on every code it names; its default replaces ours."""
        return ErrorTable(
            codes={**self.codes, **other.codes},
            messages={**self.messages, **other.messages},
            default=other.default,
        )

    def action(self, code: str, message: str = "") -> Action:
        key = self._key(code)
        if key is None:
            return self.default
        text = message.lower()
        for needle, action in self.messages.get(key, ()):
            if needle in text:
                return action
        return self.codes.get(key, self.default)

    def _key(self, code: str) -> str | None:
        bare = code.rsplit(".", 1)[-1]
        for candidate in (code, bare):
            if candidate in self.codes or candidate in self.messages:
                return candidate
        return None

    def error(
        self,
        code: str,
        message: str,
        *,
        platform: str,
        retry_after: float | None = None,
        where: str = "",
    ) -> ConnectorError:
        """The typed error for one error reply; `message` must already be free of secrets.

        `where` (the endpoint path, say) prefixes the text but never takes part in the match."""
        action = self.action(code, message)
        text = f"{code}: {message}" if message else code
        text = f"{where}: {text}" if where else text
        if action is Action.RETRY_UNSENT or action is Action.RETRY:
            return RetryableError(
                text,
                code=code,
                platform=platform,
                retry_after=retry_after,
                executed=action is Action.RETRY,
            )
        kinds: dict[Action, type[ConnectorError]] = {
            Action.AUTH: AuthError,
            Action.FATAL: FatalError,
            Action.RECORD: RecordError,
        }
        return kinds[action](text, code=code, platform=platform)


def http_status_code(status: int) -> str:
    """The pseudo error code for a bare HTTP status, as `DEFAULT_TABLE` names them."""
    return f"http_{status}"


# Conventions shared by platforms that speak through HTTP statuses (Tiki) or that fall back to
# them when the body says nothing; platform tables override any of these.
DEFAULT_TABLE = ErrorTable(
    codes={
        "http_401": Action.AUTH,
        "http_403": Action.FATAL,
        "http_408": Action.RETRY,
        "http_429": Action.RETRY_UNSENT,
        "http_500": Action.RETRY,
        "http_502": Action.RETRY,
        "http_503": Action.RETRY_UNSENT,
        "http_504": Action.RETRY,
        "timeout": Action.RETRY,
        "connection": Action.RETRY,
        "refused": Action.RETRY_UNSENT,
    },
    default=Action.RECORD,
)

"""Per-SKU write results every connector builds the same way."""

from __future__ import annotations

from connectors.base import ListingRef, WriteOutcome, WriteResult
from connectors.errors import ConnectorError, RetryableError


def failed(ref: ListingRef, exc: ConnectorError, *, retryable: bool | None = None) -> WriteResult:
    """The SKU's write failed with `exc` (retryable unless said otherwise by the caller)."""
    if retryable is None:
        retryable = isinstance(exc, RetryableError)
    return WriteResult(
        ref.sku,
        WriteOutcome.FAILED,
        listing_id=ref.listing_id,
        variant_id=ref.variant_id,
        reason=exc.reason,
        retryable=retryable,
        code=exc.code,
    )


def ok(ref: ListingRef) -> WriteResult:
    return WriteResult(
        ref.sku, WriteOutcome.OK, listing_id=ref.listing_id, variant_id=ref.variant_id
    )

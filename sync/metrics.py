"""Every metric name and label set, declared once. Labels never carry SKUs, order ids or tokens."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

from connectors.http import CallRecord

API_CALLS = Counter(
    "ocopsync_api_calls_total",
    "Marketplace API calls by platform, endpoint and outcome (ok or the error code).",
    ["platform", "endpoint", "outcome"],
)
API_SECONDS = Histogram("ocopsync_api_call_seconds", "Marketplace API call latency.", ["platform"])
OPERATIONS = Counter(
    "ocopsync_operations_total",
    "Planned write operations by platform, kind and outcome (ok, failed, pending).",
    ["platform", "kind", "outcome"],
)
TICK_SECONDS = Histogram(
    "ocopsync_tick_seconds",
    "Duration of one channel tick.",
    ["platform"],
    buckets=(0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600),
)
TICKS = Counter("ocopsync_ticks_total", "Channel ticks by outcome.", ["platform", "outcome"])
LAST_SUCCESS = Gauge(
    "ocopsync_last_successful_tick_timestamp_seconds",
    "Unix time of the last successful tick of each channel.",
    ["channel", "platform"],
)
DRIFT = Counter(
    "ocopsync_drift_found_total",
    "Remote values found different from what we last wrote.",
    ["platform", "field"],
)
OPEN_ISSUES = Gauge(
    "ocopsync_open_issues", "Open sync issues per channel.", ["channel", "platform"]
)
AUTH_EXPIRY = Gauge(
    "ocopsync_authorization_expiry_timestamp_seconds",
    "When each channel's refresh token (its authorization) runs out: re-authorize before then.",
    ["channel", "platform"],
)
TOKEN_EXPIRY = Gauge(
    "ocopsync_token_expiry_timestamp_seconds",
    "When each channel's current access token expires.",
    ["channel", "platform"],
)


def record_call(record: CallRecord) -> None:
    """The observer handed to every connector's HTTP client."""
    API_CALLS.labels(record.platform, record.endpoint, record.outcome).inc()
    API_SECONDS.labels(record.platform).observe(record.seconds)

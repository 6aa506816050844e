"""The Grafana dashboard and the alert rules parse and name only metrics `sync.metrics` declares."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from prometheus_client import REGISTRY

import sync.metrics  # noqa: F401  (declares the metrics)

DEPLOY = Path(__file__).parents[2] / "deploy"
SUFFIXES = ("_bucket", "_count", "_sum", "_total")


def declared() -> set[str]:
    return {m.name for m in REGISTRY.collect() if m.name.startswith("ocopsync_")}


def is_declared(name: str) -> bool:
    bases = {name} | {name.removesuffix(s) for s in SUFFIXES if name.endswith(s)}
    return bool(bases & declared())


def used(text: str) -> set[str]:
    return set(re.findall(r"\bocopsync_[a-z_]+", text))


def test_alert_rules_cover_the_four_conditions_with_declared_metrics() -> None:
    rules = yaml.safe_load((DEPLOY / "prometheus-alerts.yml").read_text())["groups"][0]["rules"]
    exprs = " ".join(str(r["expr"]) for r in rules)
    assert all(is_declared(name) for name in used(exprs)), used(exprs)
    for metric in (
        "ocopsync_last_successful_tick_timestamp_seconds",
        "ocopsync_token_expiry_timestamp_seconds",
        "ocopsync_authorization_expiry_timestamp_seconds",
        "ocopsync_open_issues",
        'ocopsync_api_calls_total{outcome!="ok"}',
    ):
        assert metric in exprs
    token = next(r for r in rules if r["alert"] == "OcopSyncTokenExpiringSoon")
    # the refresh token's end, not the 4-hour access token's (that would always fire on Shopee)
    assert "ocopsync_authorization_expiry_timestamp_seconds" in token["expr"]


def test_grafana_dashboard_uses_declared_metrics() -> None:
    text = (DEPLOY / "grafana-dashboard.json").read_text()
    dashboard = json.loads(text)
    assert dashboard["panels"] and dashboard["uid"] == "ocopsync"
    assert len(used(text)) >= 6
    for name in used(text):
        assert is_declared(name), name

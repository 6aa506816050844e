"""Partner keys and tokens are sealed at rest and never reach a log line, an issue or an error."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import text

from sync.channels import credentials_of
from tests.sync.world import World


def test_secrets_stay_out_of_logs_issues_and_the_database(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    world.import_sample()
    shop = world.add_channel("shopee-a")
    world.faults(expire_tokens=True)
    world.sync(shop)  # refreshes: old and new tokens both pass through the client
    world.faults(garbage_burst=1000, paths=["/api/v2/product/get_item_list"])
    world.sync(shop)
    world.control("DELETE", "/_control/faults")
    creds = credentials_of(world.channel(shop), world.box)
    secrets = [
        creds.secrets["partner_key"],
        creds.secrets["access_token"],
        creds.secrets["refresh_token"],
    ]
    assert all(len(s) >= 16 for s in secrets)

    with world.db.connect() as conn:
        dump = " ".join(str(row) for row in conn.execute(text("SELECT * FROM channel")))
    texts = {
        "logs": caplog.text,
        "issues": " ".join(i.reason for i in world.issues(shop)),
        "database": dump,
    }
    for where, blob in texts.items():
        for secret in secrets:
            assert secret not in blob, f"a secret leaked into {where}"
    assert world.issues(shop), "the garbage reply should have left an issue to look at"


def test_a_wrong_partner_key_fails_the_tick_without_echoing_it(world: World) -> None:
    world.import_sample()
    shop = world.add_channel("shopee-a")
    with world.db.begin() as conn:
        channel = world.channel(shop)
        secrets = {
            **credentials_of(channel, world.box).secrets,
            "partner_key": "WRONG-KEY-" + "x" * 20,
        }
        conn.execute(
            text("UPDATE channel SET secrets_sealed = :s WHERE id = :i"),
            {"s": world.box.seal(secrets), "i": shop.id},
        )
    [report] = world.sync(shop)
    assert report.run.outcome == "failed"
    assert "WRONG-KEY" not in report.run.error
    [issue] = world.issues(shop)
    assert "sign" in issue.reason.lower() and not issue.retryable
    assert "WRONG-KEY" not in issue.reason

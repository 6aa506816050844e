from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sandbox.testing import running
from tests.sandbox.shopee_helpers import Client, authorized_shop, control


@pytest.fixture(scope="module")
def shopee_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    state_dir: Path = tmp_path_factory.mktemp("shopee-sandbox")
    with running("shopee", state_dir) as base_url:
        yield base_url


@pytest.fixture
def base(shopee_url: str) -> str:
    """The module's sandbox, wiped clean for this test."""
    assert control(shopee_url, "POST", "/reset").json() == {}
    return shopee_url


@pytest.fixture
def shop(base: str) -> Client:
    return authorized_shop(base)

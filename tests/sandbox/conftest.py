from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from sandbox.testing import running
from tests.sandbox.helpers import Receiver, control, receiving
from tests.sandbox.lazada_helpers import Lazada, authorized_seller
from tests.sandbox.shopee_helpers import Client, authorized_shop

UrlFixture = Callable[[pytest.TempPathFactory], Iterator[str]]


def _sandbox_per_module(platform: str) -> UrlFixture:
    """A fixture: the platform's sandbox, started once per test module in its own folder."""

    def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
        with running(platform, tmp_path_factory.mktemp(f"{platform}-sandbox")) as base_url:
            yield base_url

    return pytest.fixture(scope="module", name=f"{platform}_url")(url)


def _wiped_per_test(url_fixture: str, name: str) -> Callable[[pytest.FixtureRequest], str]:
    """A fixture: the module's sandbox, wiped clean for this test."""

    def wiped(request: pytest.FixtureRequest) -> str:
        url: str = request.getfixturevalue(url_fixture)
        assert control(url, "POST", "/reset").json() == {}
        return url

    return pytest.fixture(name=name)(wiped)


shopee_url = _sandbox_per_module("shopee")
lazada_url = _sandbox_per_module("lazada")
base = _wiped_per_test("shopee_url", "base")  # Shopee's tests call theirs `base`
lazada = _wiped_per_test("lazada_url", "lazada")


@pytest.fixture
def shop(base: str) -> Client:
    """A Shopee partner and shop, authorized."""
    return authorized_shop(base)


@pytest.fixture
def seller(lazada: str) -> Lazada:
    """A Lazada app and seller, authorized."""
    return authorized_seller(lazada)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A loopback webhook endpoint for push tests."""
    with receiving() as endpoint:
        yield endpoint

"""End to end in headless Chromium (Debian's chromium + chromium-driver, driven by selenium).

The app runs under uvicorn on a free loopback port, over a real SQLite file and the Shopee
sandbox. Waits are explicit (an element appears or a text shows), never sleeps.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from sync.models import Channel
from tests.sync.world import World
from tests.web.conftest import PASSWORD, SECRET
from web.app import create_app

CHROMIUM = Path("/usr/bin/chromium")
DRIVER = Path("/usr/bin/chromedriver")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,1000",
)


def _missing_browser() -> None:
    note = "Debian's chromium and chromium-driver are not installed (see scripts/browser.sh)"
    if os.environ.get("OCOPSYNC_REQUIRE_BROWSER") == "1":
        pytest.fail(note)
    pytest.skip(note)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    if not (CHROMIUM.exists() and DRIVER.exists()):
        _missing_browser()
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    try:
        driver = webdriver.Chrome(options=options, service=Service(str(DRIVER)))
    except WebDriverException as exc:
        pytest.fail(f"chromium did not start: {exc.msg}")
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(world: World) -> Iterator[str]:
    app = create_app(world.db, engine=world.engine, secret=SECRET)
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    live = uvicorn.Server(config)
    thread = threading.Thread(target=live.run, daemon=True)
    thread.start()
    ready = threading.Event()
    for _ in range(600):  # up to 30 s for the socket, checked every 50 ms
        if live.started:
            ready.set()
            break
        ready.wait(0.05)
    assert live.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    live.should_exit = True
    thread.join(timeout=30)


def wait(driver: WebDriver, timeout: float = 30) -> WebDriverWait[WebDriver]:
    return WebDriverWait(driver, timeout)


def sign_in(driver: WebDriver, base: str, email: str = "owner@a.test") -> None:
    driver.delete_all_cookies()
    driver.get(base + "/login")
    wait(driver).until(ec.presence_of_element_located((By.ID, "email"))).send_keys(email)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.ID, "sign-in").click()
    wait(driver).until(ec.text_to_be_present_in_element((By.ID, "who"), email))


def test_sign_in_see_channels_and_retry_a_failed_listing(
    browser: WebDriver, server: str, channel: Channel
) -> None:
    sign_in(browser, server)
    card = wait(browser).until(
        ec.presence_of_element_located((By.ID, f"channel-{channel.id}"))
    )
    assert card.find_element(By.CSS_SELECTOR, ".live").text == "2"
    assert card.find_element(By.CSS_SELECTOR, ".failed").text == "1"
    assert "Item image number" in card.text
    browser.get(server + "/issues")
    row = wait(browser).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, "tr[data-sku='MAM-500']"))
    )
    assert row.find_element(By.CSS_SELECTOR, ".attempts").text == "1"
    row.find_element(By.CSS_SELECTOR, "button.retry").click()
    wait(browser).until(ec.presence_of_element_located((By.ID, "flash")))
    row = browser.find_element(By.CSS_SELECTOR, "tr[data-sku='MAM-500']")
    assert row.get_attribute("data-status") == "retry"
    browser.get(f"{server}/channels/{channel.id}/plan")
    summary = wait(browser).until(ec.presence_of_element_located((By.ID, "plan-summary")))
    assert summary.text.startswith("1 thao tác") and "MAM-500" in browser.page_source
    browser.find_element(By.CSS_SELECTOR, "button.sync-now").click()
    flash = wait(browser).until(ec.presence_of_element_located((By.ID, "flash")))
    assert channel.name in flash.text
    browser.get(server + "/issues")
    row = wait(browser).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, "tr[data-sku='MAM-500']"))
    )
    assert row.find_element(By.CSS_SELECTOR, ".attempts").text == "2"  # tried again, still refused


def _cli_sales(tmp_path: Path, world: World, by: str) -> dict[str, Any]:
    env = {
        **os.environ,
        "DATABASE_URL": str(world.db.url),
        "OCOPSYNC_BUSINESS": world.business.slug,
        "OCOPSYNC_SECRET_KEY": world.key,
    }
    cli = shutil.which("ocopsync", path=str(Path(sys.executable).parent)) or "ocopsync"
    done = subprocess.run(
        [cli, "sales", "--by", by, "--json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout))


def test_a_rollup_reads_the_same_as_the_cli(
    browser: WebDriver, server: str, world: World, channel: Channel, tmp_path: Path
) -> None:
    world.order(channel, [("PIA-400", 2), ("GAO-5KG", 1)])
    world.set_status(world.order(channel, [("PIA-400", 1)]), "CANCELLED")
    world.sync(channel)
    sign_in(browser, server)
    browser.get(server + "/sales?by=product")
    wait(browser).until(ec.presence_of_element_located((By.CSS_SELECTOR, "#sales-table tbody tr")))
    shown = [
        {
            "key": row.get_attribute("data-key"),
            **{
                name: int(row.get_attribute(f"data-{name}") or "-1")
                for name in ("orders", "units", "revenue", "cancelled")
            },
        }
        for row in browser.find_elements(By.CSS_SELECTOR, "#sales-table tbody tr")
    ]
    cli = _cli_sales(tmp_path, world, "product")
    assert shown == cli["rows"]
    total = browser.find_element(By.ID, "sales-total")
    figures = ("orders", "units", "revenue", "cancelled")
    assert {n: int(total.get_attribute(f"data-{n}") or "-1") for n in figures} == {
        n: cli["total"][n] for n in figures
    }
    assert [r["revenue"] for r in shown] == [175000, 120000]
    assert "120.000 ₫" in browser.find_element(By.ID, "sales-table").text
    assert browser.find_elements(By.CSS_SELECTOR, "svg.chart rect")


def test_upload_a_catalog_with_bad_rows_and_see_the_row_errors(
    browser: WebDriver, server: str, tmp_path: Path
) -> None:
    path = tmp_path / "bang_gia.csv"
    path.write_text(
        "sku,product_code,name,variant,price_vnd,stock\n"
        "HT-1KG,HT,Hành tím Vĩnh Châu,Túi 1kg,45000,10\n"
        "HT-2KG,HT2,,Túi 2kg,,5\n"
        "HT-3KG,HT,Hành tím Vĩnh Châu,Túi 3kg,abc,5\n",
        encoding="utf-8",
    )
    sign_in(browser, server)
    browser.get(server + "/catalog")
    field = wait(browser).until(ec.presence_of_element_located((By.ID, "catalog-file")))
    field.send_keys(str(path))
    browser.find_element(By.ID, "upload").click()
    table = wait(browser).until(ec.presence_of_element_located((By.ID, "row-errors")))
    rows = [r.text for r in table.find_elements(By.CSS_SELECTOR, "tr.row-error")]
    assert any(r.startswith("3 HT-2KG") and "missing price" in r for r in rows), rows
    assert any(r.startswith("4 HT-3KG") for r in rows), rows
    assert "1 SKUs (1 new" in browser.find_element(By.ID, "import-summary").text
    browser.find_element(By.ID, "q").send_keys("hanh tim")
    browser.find_element(By.CSS_SELECTOR, "form.search button").click()
    wait(browser).until(ec.presence_of_element_located((By.CSS_SELECTOR, "tr[data-sku='HT-1KG']")))

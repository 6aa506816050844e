"""Sign-in, roles, and business scoping: B's objects are 404 for A, in pages and in the API."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from sync.models import Channel, SyncIssue
from tests.sync.world import World
from tests.web.conftest import PASSWORD, Other, sign_in
from web.auth import SESSION_ENV, session_secret
from web.models import User
from web.users import ensure_user


def basic(email: str, password: str = PASSWORD) -> dict[str, str]:
    token = base64.b64encode(f"{email}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def test_pages_need_a_signed_in_user(client: TestClient) -> None:
    for path in ("/", "/listings", "/issues", "/sales", "/catalog"):
        reply = client.get(path, follow_redirects=False)
        assert reply.status_code == 303 and reply.headers["location"] == "/login", path
    assert client.get("/api/channels").status_code == 401


def test_a_wrong_password_is_refused_and_a_right_one_signs_in(client: TestClient) -> None:
    reply = client.post("/login", data={"email": "owner@a.test", "password": "sai"})
    assert reply.status_code == 401 and "Sai email" in reply.text
    sign_in(client, "OWNER@a.test")
    assert "owner@a.test" in client.get("/").text
    client.post("/logout")
    assert client.get("/", follow_redirects=False).status_code == 303


def test_passwords_are_hashed(world: World) -> None:
    with Session(world.db) as session:
        user = ensure_user(session, world.business.id or 0, "x@a.test", PASSWORD, "manager")
        assert PASSWORD not in user.password_hash and user.password_hash.startswith("$argon2")


def test_staff_do_not_see_sales(client: TestClient) -> None:
    sign_in(client, "staff@a.test")
    assert client.get("/sales").status_code == 403
    assert client.get("/api/sales").status_code == 403
    assert client.get("/issues").status_code == 200


def test_another_business_is_not_found_in_pages(
    client: TestClient, channel: Channel, other: Other
) -> None:
    sign_in(client)
    for method, path in [
        ("GET", f"/channels/{other.channel_id}/plan"),
        ("POST", f"/channels/{other.channel_id}/sync"),
        ("POST", f"/issues/{other.issue_id}/retry"),
        ("POST", f"/issues/{other.issue_id}/ignore"),
        ("GET", f"/catalog/{other.variant_id}"),
    ]:
        assert client.request(method, path).status_code == 404, path
    reply = client.post(f"/catalog/{other.variant_id}", data={"price": 1, "stock": 1})
    assert reply.status_code == 404
    pages = client.get("/").text + client.get("/issues").text + client.get("/catalog").text
    assert "shopee-b" not in pages and "B only" not in pages and "B-1" not in pages
    assert client.get(f"/channels/{channel.id}/plan").status_code == 200


@pytest.mark.parametrize("auth", ["cookie", "basic"])
def test_another_business_is_not_found_in_the_api(
    client: TestClient, world: World, channel: Channel, other: Other, auth: str
) -> None:
    headers = basic("owner@a.test") if auth == "basic" else {}
    if auth == "cookie":
        sign_in(client)
    for method, path in [
        ("GET", f"/api/channels/{other.channel_id}"),
        ("GET", f"/api/channels/{other.channel_id}/plan"),
        ("POST", f"/api/channels/{other.channel_id}/sync"),
        ("POST", f"/api/issues/{other.issue_id}/retry"),
        ("POST", f"/api/issues/{other.issue_id}/ignore"),
        ("GET", f"/api/catalog/{other.variant_id}"),
        ("PATCH", f"/api/catalog/{other.variant_id}"),
    ]:
        body = {"price": 1} if method == "PATCH" else None
        reply = client.request(method, path, headers=headers, json=body)
        assert reply.status_code == 404, path
    listed = client.get("/api/channels", headers=headers).json()
    assert [c["channel"] for c in listed if c["connected"]] == ["shopee-a"]
    issues = client.get("/api/issues", headers=headers).json()
    assert all(i["channel"] == "shopee-a" for i in issues)
    assert "B-1" not in {i["sku"] for i in client.get("/api/catalog", headers=headers).json()}
    with client.__class__(client.app) as fresh:
        assert fresh.get("/api/issues", headers=basic("owner@a.test", "sai")).status_code == 401
    with Session(world.db) as session:
        issue = session.get(SyncIssue, other.issue_id)
        assert issue is not None and issue.status == "open"


def test_b_sees_its_own_objects(client: TestClient, other: Other) -> None:
    headers = basic("owner@b.test")
    assert client.get(f"/api/channels/{other.channel_id}", headers=headers).status_code == 200
    assert client.get(f"/api/catalog/{other.variant_id}", headers=headers).json()["sku"] == "B-1"


def test_ensure_user_resets_an_existing_user(world: World) -> None:
    with Session(world.db) as session:
        first = ensure_user(session, world.business.id or 0, "a@a.test", "one", "staff")
        again = ensure_user(session, world.business.id or 0, "A@a.test", "two", "owner")
        session.commit()
        assert first.id == again.id and again.role == "owner"
        assert session.get(User, again.id) is not None


def test_the_session_secret_comes_from_the_environment_or_a_private_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(SESSION_ENV, raising=False)
    path = tmp_path / ".ocopsync" / "session.secret"
    first = session_secret(path)
    assert len(first) > 40 and session_secret(path) == first
    assert path.stat().st_mode & 0o777 == 0o600
    monkeypatch.setenv(SESSION_ENV, "from-env")
    assert session_secret(path) == "from-env"

"""The HTTP client's retry policy, transport errors, observer and redaction, over loopback."""

from __future__ import annotations

import logging
import socket
import traceback
from collections.abc import Iterator

import pytest

from connectors.errors import (
    FatalError,
    ProtocolError,
    RecordError,
    RetryableError,
)
from connectors.http import Backoff, CallRecord, HttpClient, HttpRequest, Reply, redact_url
from tests.connectors.loopback import Answer, Loopback, Seen

SECRET_TOKEN = "tok-SECRET-4242"
SECRET_SIGN = "sig-SECRET-9999"


def classify(reply: Reply) -> dict[str, object]:
    """A made-up platform: {"kind": ...} says what to raise."""
    data = reply.json()
    kind = data.get("kind", "ok")
    if kind == "unsent":
        raise RetryableError(
            "busy", code="busy", executed=False, retry_after=data.get("retry_after")
        )
    if kind == "maybe":
        raise RetryableError("server", code="server", executed=True)
    if kind == "record":
        raise RecordError("bad item", code="bad_item")
    if kind == "fatal":
        raise FatalError("revoked", code="revoked")
    return data


def script(*kinds: dict[str, object]) -> Iterator[Answer]:
    for kind in kinds:
        yield Answer(body=kind)
    while True:
        yield Answer(body={"kind": "ok"})


class Harness:
    def __init__(self, *answers: dict[str, object], max_attempts: int = 4) -> None:
        self._answers = script(*answers)
        self.server = Loopback(lambda seen: next(self._answers))
        self.slept: list[float] = []
        self.records: list[CallRecord] = []
        self.max_attempts = max_attempts

    def __enter__(self) -> Harness:
        self.server.__enter__()
        self.client = HttpClient(
            platform="demo",
            base_url=self.server.url,
            sleep=self.slept.append,
            max_attempts=self.max_attempts,
            observer=self.records.append,
            backoff=Backoff(initial=0.5, maximum=4.0, jitter=0.25),
        )
        return self

    def __exit__(self, *exc: object) -> None:
        self.client.close()
        self.server.__exit__()

    def send(self, method: str = "GET", idempotent: bool | None = None) -> dict[str, object]:
        request = HttpRequest(
            method, "/v1/thing", params=(("a", 1),), json={"x": 1} if method == "POST" else None
        )
        return self.client.send(request, classify, idempotent=idempotent)


def test_retryable_errors_are_retried_with_capped_jittered_backoff() -> None:
    with Harness({"kind": "maybe"}, {"kind": "maybe"}, {"kind": "maybe"}) as h:
        assert h.send("GET") == {"kind": "ok"}
    assert len(h.server.seen) == 4
    assert len(h.slept) == 3
    for wait, floor in zip(h.slept, [0.5, 1.0, 2.0], strict=True):
        assert floor <= wait <= floor + 0.25
    assert [r.outcome for r in h.records] == ["server", "server", "server", "ok"]
    assert {r.endpoint for r in h.records} == {"/v1/thing"}


def test_gives_up_after_max_attempts_with_the_last_error() -> None:
    unsent: dict[str, object] = {"kind": "unsent"}
    with (
        Harness(*[unsent] * 10, max_attempts=3) as h,
        pytest.raises(RetryableError) as caught,
    ):
        h.send("GET")
    assert caught.value.code == "busy"
    assert len(h.server.seen) == 3


@pytest.mark.parametrize(("kind", "error"), [("record", RecordError), ("fatal", FatalError)])
def test_record_and_fatal_errors_are_not_retried(kind: str, error: type[Exception]) -> None:
    with Harness({"kind": kind}) as h, pytest.raises(error):
        h.send("GET")
    assert len(h.server.seen) == 1
    assert h.slept == []


def test_a_write_the_platform_did_not_run_is_retried() -> None:
    with Harness({"kind": "unsent"}, {"kind": "unsent"}) as h:
        assert h.send("POST") == {"kind": "ok"}
    assert len(h.server.seen) == 3


def test_an_ambiguous_non_idempotent_write_is_never_sent_twice() -> None:
    with Harness({"kind": "maybe"}) as h, pytest.raises(RetryableError) as caught:
        h.send("POST")
    assert caught.value.executed is True
    assert len(h.server.seen) == 1


def test_an_ambiguous_write_marked_idempotent_is_retried() -> None:
    with Harness({"kind": "maybe"}) as h:
        assert h.send("POST", idempotent=True) == {"kind": "ok"}
    assert len(h.server.seen) == 2


def test_retry_after_is_honoured_exactly() -> None:
    with Harness({"kind": "unsent", "retry_after": 7.5}) as h:
        h.send("GET")
    assert h.slept == [7.5]


def test_a_retry_after_past_the_cap_is_left_to_the_caller() -> None:
    with Harness({"kind": "unsent", "retry_after": 3600}) as h, pytest.raises(RetryableError):
        h.send("GET")
    assert len(h.server.seen) == 1


def test_prepare_runs_for_every_attempt() -> None:
    stamps = iter(range(100))
    with Harness({"kind": "unsent"}, {"kind": "unsent"}) as h:
        h.client.send(
            HttpRequest("GET", "/v1/thing"),
            classify,
            prepare=lambda r: r.with_params(("ts", next(stamps))),
        )
    assert [s.param("ts") for s in h.server.seen] == ["0", "1", "2"]


def test_a_non_json_reply_surfaces_from_classify() -> None:
    server = Loopback(lambda seen: Answer(status=502, body="<html>bad gateway</html>"))
    with server, HttpClient(platform="demo", base_url=server.url, sleep=lambda s: None) as client:

        def strict(reply: Reply) -> object:
            try:
                return reply.json()
            except ValueError:
                raise ProtocolError(f"{reply.path}: HTTP {reply.status}") from None

        with pytest.raises(ProtocolError):
            client.send(HttpRequest("POST", "/v1/write"), strict)
        assert len(server.seen) == 1  # a garbage reply may hide an executed write
        with pytest.raises(ProtocolError):
            client.send(HttpRequest("GET", "/v1/read"), strict)
        assert len(server.seen) == 1 + client.max_attempts


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_connection_refused_is_retryable_and_not_executed() -> None:
    slept: list[float] = []
    client = HttpClient(
        platform="demo",
        base_url=f"http://127.0.0.1:{_closed_port()}",
        sleep=slept.append,
        max_attempts=10,
    )
    with pytest.raises(RetryableError) as caught:
        client.send(HttpRequest("POST", "/v1/write"), classify)
    assert caught.value.executed is False
    assert caught.value.code == "refused"
    assert len(slept) == 2  # even a write (it never left), but only twice: nobody listens
    assert "127.0.0.1" in str(caught.value) and "?" not in str(caught.value).split("(")[0]


def test_a_read_timeout_after_sending_counts_as_executed() -> None:
    server = Loopback(lambda seen: Answer(body={"kind": "ok"}, delay=0.3))
    with server:
        client = HttpClient(
            platform="demo",
            base_url=server.url,
            timeout=(1.0, 0.05),
            sleep=lambda s: None,
            max_attempts=3,
        )
        with pytest.raises(RetryableError) as caught:
            client.send(HttpRequest("POST", "/v1/write"), classify)
        assert caught.value.code == "timeout"
        assert caught.value.executed is True
        assert len(server.seen) == 1


def test_an_observer_that_fails_does_not_fail_the_call() -> None:
    server = Loopback(lambda seen: Answer(body={"kind": "ok"}))

    def broken(record: CallRecord) -> None:
        raise RuntimeError("metrics down")

    with server:
        client = HttpClient(platform="demo", base_url=server.url, observer=broken)
        assert client.send(HttpRequest("GET", "/v1/x"), classify) == {"kind": "ok"}


# -- secrets ----------------------------------------------------------------------------------


def test_redact_url_drops_every_query() -> None:
    text = f"GET http://h/p?access_token={SECRET_TOKEN}&sign={SECRET_SIGN} and /q?x=1"
    assert redact_url(text) == "GET http://h/p?<redacted> and /q?<redacted>"


def _all_text(exc: BaseException) -> str:
    return "".join(traceback.format_exception(exc)) + repr(exc) + str(exc.args)


def test_secrets_in_the_query_reach_no_message_and_no_log_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)  # urllib3 logs whole request lines at DEBUG
    params = (("access_token", SECRET_TOKEN), ("sign", SECRET_SIGN))

    def answer(seen: Seen) -> Answer:
        return Answer(body={"kind": "maybe"})

    server = Loopback(answer)
    with server:
        client = HttpClient(
            platform="demo", base_url=server.url, sleep=lambda s: None, max_attempts=2
        )
        with pytest.raises(RetryableError) as served:
            client.send(HttpRequest("GET", "/v1/x", params=params), classify)
        assert server.seen[0].param("access_token") == SECRET_TOKEN  # it was really sent
    refused = HttpClient(
        platform="demo",
        base_url=f"http://127.0.0.1:{_closed_port()}",
        sleep=lambda s: None,
        max_attempts=2,
    )
    with pytest.raises(RetryableError) as unreachable:
        refused.send(HttpRequest("GET", "/v1/x", params=params), classify)
    slow = Loopback(lambda seen: Answer(body={"kind": "ok"}, delay=0.3))
    with slow:
        timing_out = HttpClient(
            platform="demo",
            base_url=slow.url,
            timeout=(1.0, 0.05),
            sleep=lambda s: None,
            max_attempts=1,
        )
        with pytest.raises(RetryableError) as timed_out:
            timing_out.send(HttpRequest("GET", "/v1/x", params=params), classify)

    assert "/v1/x?<redacted> HTTP/1.1" in caplog.text  # urllib3's request line, redacted
    assert "demo GET /v1/x failed" in caplog.text  # our retry line
    for text in (
        caplog.text,
        _all_text(served.value),
        _all_text(unreachable.value),
        _all_text(timed_out.value),
    ):
        assert SECRET_TOKEN not in text
        assert SECRET_SIGN not in text
    for exc in (unreachable.value, timed_out.value):
        assert exc.__cause__ is None and exc.__context__ is None

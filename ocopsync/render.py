"""Readable tables for the terminal (rich). Money in VND with dot thousands, times in Vietnam."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from rich.console import Console
from rich.progress import Progress, TaskID
from rich.table import Table

from catalog.report import ImportReport
from sync.planner import Plan
from sync.sales import VN, SalesRow
from sync.tick import SyncEngine, TickReport

# Piped into a file or another program, tables keep their full width instead of 80 columns.
console = Console(width=None if sys.stdout.isatty() else 160)


@contextmanager
def push_progress(engine: SyncEngine) -> Iterator[None]:
    """A bar per channel while its writes go out (shown only when there is something to write)."""
    with Progress(console=console, transient=True) as bar:
        tasks: dict[str, TaskID] = {}

        def show(channel: str, done: int, total: int) -> None:
            if channel not in tasks:
                tasks[channel] = bar.add_task(f"Pushing to {channel}", total=total)
            bar.update(tasks[channel], completed=done, total=total)

        engine.progress = show
        try:
            yield
        finally:
            engine.progress = None


def vnd(amount: int | None) -> str:
    return "—" if amount is None else f"{amount:,}".replace(",", ".") + " ₫"


def local_time(moment: datetime | str | None) -> str:
    if moment is None:
        return "never"
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.astimezone(VN).strftime("%d/%m/%Y %H:%M")


def import_report(report: ImportReport) -> None:
    console.print(f"[bold]Imported[/] {report.summary()}")
    if report.errors or report.warnings:
        table = Table("row", "SKU", "problem", title="Rows to fix")
        for item in report.errors:
            table.add_row(str(item.row), item.sku or "", f"[red]{item.reason}[/]")
        for item in report.warnings:
            table.add_row(str(item.row), item.sku or "", f"[yellow]{item.reason}[/]")
        console.print(table)


def plans(items: Iterable[Plan]) -> None:
    for plan in items:
        if not plan.operations and not plan.blocked:
            console.print(f"[green]{plan.channel}[/] ({plan.platform}): nothing to do")
            continue
        table = Table("operation", "SKU", "detail", title=f"{plan.channel} ({plan.platform})")
        for op in plan.operations:
            table.add_row(op.kind.value, op.sku, op.reason)
        for op in plan.blocked:
            table.add_row(f"[red]{op.kind.value} (blocked)[/]", op.sku, "see `ocopsync issues`")
        console.print(table)


def status(data: dict[str, Any]) -> None:
    cat = data["catalog"]
    console.print(f"Catalog: {cat['products']} products, {cat['variants']} SKUs")
    table = Table(
        "channel",
        "platform",
        "live",
        "pending",
        "failed",
        "orders",
        "last success",
        "open issues",
        "token expires",
    )
    for ch in data["channels"]:
        li = ch["listings"]
        table.add_row(
            ch["channel"],
            ch["platform"],
            str(li["live"]),
            str(li["pending"]),
            str(li["failed"]),
            str(ch["orders"]),
            local_time(ch["last_success"]),
            str(ch["open_issues"]),
            local_time(ch["token_expires"]),
        )
    console.print(table)


def sales(rows: list[SalesRow], by: str, total: SalesRow) -> None:
    table = Table(by, "orders", "units", "revenue", "cancelled", title=f"Sales by {by}")
    for row in rows:
        table.add_row(
            row.key, str(row.orders), str(row.units), vnd(row.revenue), str(row.cancelled)
        )
    table.add_row(
        "[bold]total[/]",
        str(total.orders),
        str(total.units),
        f"[bold]{vnd(total.revenue)}[/]",
        str(total.cancelled),
    )
    console.print(table)


def tick_line(report: TickReport) -> None:
    run = report.run
    colour = {"ok": "green", "partial": "yellow", "skipped": "cyan"}.get(run.outcome, "red")
    head = f"[{colour}]{report.channel}[/] ({report.platform})"
    if run.outcome == "skipped":
        console.print(f"{head}: skipped; {run.error}")
        return
    writes = f"{run.ops_ok} written, {run.ops_failed} failed in {run.write_calls} batches"
    if report.followup:
        console.print(f"{head}: after orders on other shops, {writes}")
        return
    console.print(
        f"{head}: {run.outcome}; {run.orders_pulled} orders and {run.listings_pulled} listings "
        f"pulled, {writes}"
        + (f"; {run.drift_found} drift repaired" if run.drift_found else "")
        + (f" — {run.error}" if run.error else "")
    )

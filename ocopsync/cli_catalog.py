"""`ocopsync catalog import|export`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import Progress

from catalog.exporter import export_catalog
from catalog.importer import CatalogFileError, ImportReport, import_catalog
from ocopsync import render
from ocopsync.context import AppContext, load

catalog_app = typer.Typer(
    help="The master catalog: import from CSV/XLSX, export to XLSX.", no_args_is_help=True
)


STOCK_EXAMPLES = 3  # how many replaced counts the warning shows


def import_file(
    ctx: AppContext, path: Path, images: Path | None = None, *, keep_stock: bool = False
) -> ImportReport:
    with ctx.session() as session, Progress(console=render.console, transient=True) as bar:
        business = ctx.business(session)
        task = bar.add_task(f"Importing {path.name}", total=None)
        report = import_catalog(
            session,
            business=business,
            path=path,
            images_dir=images,
            keep_stock=keep_stock,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
        session.commit()
    return report


@catalog_app.command("import")
def import_cmd(
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV or XLSX file.")],
    images: Annotated[Path | None, typer.Option(help="Folder with the image files.")] = None,
    keep_stock: Annotated[
        bool,
        typer.Option(
            "--keep-stock", help="Change prices and text only; leave on-hand counts as they are."
        ),
    ] = False,
) -> None:
    """Import (upsert by SKU). Bad rows are listed with their row number; good rows go in."""
    try:
        report = import_file(load(), path, images, keep_stock=keep_stock)
    except CatalogFileError as exc:
        render.console.print(f"[red]Cannot read {path}:[/] {exc}")
        raise typer.Exit(2) from None
    render.import_report(report)
    warning = stock_warning(report)
    if warning is not None:
        render.console.print(f"[yellow]{escape(warning)}[/]", highlight=False, soft_wrap=True)
    if report.imported == 0 and report.errors:
        raise typer.Exit(1)


def stock_warning(report: ImportReport) -> str | None:
    """One line when the file replaced known SKUs' on-hand counts, or None."""
    replaced = report.stock_replaced
    if not replaced:
        return None
    shown = ", ".join(f"{sku} {old} → {new}" for sku, old, new in replaced[:STOCK_EXAMPLES])
    more = ", …" if len(replaced) > STOCK_EXAMPLES else ""
    skus = "SKU" if len(replaced) == 1 else "SKUs"
    return (
        f"Warning: the file replaced the on-hand count of {len(replaced)} known {skus} "
        f"({shown}{more}); if it is an old price list, re-import with --keep-stock to change "
        "prices and text only"
    )


@catalog_app.command("export")
def export_cmd(
    path: Annotated[Path, typer.Argument(help="Where to write (.xlsx or .csv).")],
) -> None:
    """Export the catalog with Vietnamese headers; it imports back unchanged."""
    if path.suffix.lower() not in (".xlsx", ".csv"):
        raise typer.BadParameter("the file must end in .xlsx or .csv", param_hint="PATH")
    ctx = load()
    try:
        with ctx.session() as session:
            count = export_catalog(session, business=ctx.business(session), path=path)
    except OSError as exc:
        render.console.print(f"[red]Cannot write {path}:[/] {exc.strerror or exc}")
        raise typer.Exit(2) from None
    render.console.print(f"Wrote {count} SKUs to {path}")

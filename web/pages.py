"""Server-rendered pages: sign-in, staff dashboard, listings, issues, plans, sales, catalog."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlmodel import Session

from catalog.models import Business
from sync.channels import list_channels
from web import catalog, dashboard, fmt, sales, scope
from web.auth import DB, MANAGERS, PageUser, require_manager, state
from web.models import User
from web.users import authenticate

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.filters.update(vnd=fmt.vnd, num=fmt.number, vn_time=fmt.vn_time)
router = APIRouter(include_in_schema=False)


def render(request: Request, name: str, user: User | None, **context: Any) -> HTMLResponse:
    context.update(user=user, flash=request.session.pop("flash", None), managers=MANAGERS)
    if user is not None:
        context["business"] = _business_name(request, user)
    return templates.TemplateResponse(request, name, context)


def _business_name(request: Request, user: User) -> str:
    with Session(state(request).db) as session:
        business = session.get(Business, user.business_id)
        return business.name if business else ""


def back(request: Request, to: str, message: str | None = None) -> RedirectResponse:
    if message:
        request.session["flash"] = message
    return RedirectResponse(to, status_code=303)


# --- sign-in ----------------------------------------------------------------------------------


@router.get("/login")
def login_page(request: Request) -> HTMLResponse:
    return render(request, "login.html", None, error=None)


@router.post("/login", response_model=None)
def login(
    request: Request,
    session: DB,
    email: Annotated[str, Form()],
    password: Annotated[str, Form()],
) -> Response:
    user = authenticate(session, email, password)
    if user is None:
        page = render(request, "login.html", None, error="Sai email hoặc mật khẩu.")
        page.status_code = 401
        return page
    request.session.clear()
    request.session["user_id"] = user.id
    return back(request, "/")


@router.post("/logout")
def logout(request: Request) -> RedirectResponse:
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


# --- staff ------------------------------------------------------------------------------------


@router.get("/")
def home(request: Request, session: DB, user: PageUser) -> HTMLResponse:
    cards = dashboard.cards(session, user.business_id)
    return render(request, "dashboard.html", user, cards=cards)


@router.post("/channels/{channel_id}/sync")
def sync_channel(request: Request, channel_id: int, session: DB, user: PageUser) -> Response:
    channel = scope.channel(session, user.business_id, channel_id)
    outcome = dashboard.sync_now(state(request), channel)
    return back(request, "/", f"{channel.name}: đồng bộ ({outcome}).")


@router.get("/channels/{channel_id}/plan")
def plan_page(request: Request, channel_id: int, session: DB, user: PageUser) -> HTMLResponse:
    channel = scope.channel(session, user.business_id, channel_id)
    plan = dashboard.plan_dict(dashboard.plan_of(session, state(request), channel))
    return render(request, "plan.html", user, channel=channel, plan=plan)


@router.get("/listings")
def listings_page(request: Request, session: DB, user: PageUser) -> HTMLResponse:
    names, rows = dashboard.listing_rows(session, user.business_id)
    return render(request, "listings.html", user, names=names, rows=rows)


@router.get("/issues")
def issues_page(request: Request, session: DB, user: PageUser) -> HTMLResponse:
    rows = dashboard.issue_rows(session, user.business_id)
    return render(request, "issues.html", user, rows=rows)


@router.post("/issues/{issue_id}/retry")
def retry_issue(request: Request, issue_id: int, session: DB, user: PageUser) -> Response:
    dashboard.retry(session, scope.issue(session, user.business_id, issue_id))
    return back(request, "/issues", "Sẽ thử lại ở lần đồng bộ tới.")


@router.post("/issues/{issue_id}/ignore")
def ignore_issue(request: Request, issue_id: int, session: DB, user: PageUser) -> Response:
    dashboard.ignore(session, scope.issue(session, user.business_id, issue_id))
    return back(request, "/issues", "Đã bỏ qua lỗi.")


# --- managers ---------------------------------------------------------------------------------


def _period(by: str, since: str | None, until: str | None) -> sales.Period:
    try:
        return sales.Period(by, since or None, until or None).check()
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from exc


@router.get("/sales")
def sales_page(
    request: Request,
    session: DB,
    user: PageUser,
    by: str = "platform",
    since: str | None = None,
    until: str | None = None,
) -> HTMLResponse:
    require_manager(user)
    period = _period(by, since, until)
    rows = sales.rows_for(session, user.business_id, period)
    products = sales.Period("product", period.since, period.until)
    top = sales.rows_for(session, user.business_id, products)
    return render(
        request,
        "sales.html",
        user,
        period=period,
        rows=rows,
        total=sales.total_for(session, user.business_id, period),
        chart=sales.bar_chart(rows),
        units_chart=sales.bar_chart(rows, "units"),
        top=top[:5],
        dimensions=sales.DIMENSIONS,
        labels=sales.LABELS,
    )


@router.get("/sales/export.{kind}")
def sales_export(
    request: Request,
    kind: str,
    session: DB,
    user: PageUser,
    by: str = "platform",
    since: str | None = None,
    until: str | None = None,
) -> Response:
    require_manager(user)
    period = _period(by, since, until)
    rows = sales.rows_for(session, user.business_id, period)
    name = f"sales-by-{period.by}"
    if kind == "csv":
        return _download(sales.to_csv(rows), f"{name}.csv", "text/csv; charset=utf-8")
    if kind == "xlsx":
        xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return _download(sales.to_xlsx(rows, period.by), f"{name}.xlsx", xlsx)
    raise HTTPException(404, "export as csv or xlsx")


def _download(data: bytes, filename: str, media_type: str) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(data, media_type=media_type, headers=headers)


# --- catalog ----------------------------------------------------------------------------------


@router.get("/catalog")
def catalog_page(request: Request, session: DB, user: PageUser, q: str = "") -> HTMLResponse:
    items = catalog.browse(session, user.business_id, q)
    return render(request, "catalog.html", user, items=items, q=q, report=None, refused=None)


@router.post("/catalog/upload")
async def catalog_upload(
    request: Request, session: DB, user: PageUser, file: Annotated[UploadFile, File()]
) -> HTMLResponse:
    data = await file.read()
    report, refused = None, None
    try:
        report = catalog.report_dict(
            catalog.upload(session, user.business_id, file.filename or "", data)
        )
    except catalog.UploadRefused as exc:
        refused = str(exc)
    _wake_business(request, session, user)
    items = catalog.browse(session, user.business_id)
    page = render(request, "catalog.html", user, items=items, q="", report=report, refused=refused)
    page.status_code = 400 if refused else 200
    return page


def _wake_business(request: Request, session: Session, user: User) -> None:
    """A catalog change makes every channel of the business tick soon (when a scheduler runs)."""
    scheduler = state(request).scheduler
    if scheduler is not None and scheduler.scheduler.running:
        for channel in list_channels(session, business_id=user.business_id):
            scheduler.wake(channel.id or 0)


@router.get("/catalog/{variant_id}")
def product_page(request: Request, variant_id: int, session: DB, user: PageUser) -> HTMLResponse:
    variant, product = scope.variant(session, user.business_id, variant_id)
    item = catalog.item(session, variant, product)
    return render(request, "product.html", user, item=item, product=product, error=None)


@router.post("/catalog/{variant_id}", response_model=None)
def product_edit(
    request: Request,
    variant_id: int,
    session: DB,
    user: PageUser,
    price: Annotated[int, Form()],
    stock: Annotated[int, Form()],
) -> Response:
    variant, product = scope.variant(session, user.business_id, variant_id)
    try:
        catalog.edit(session, variant, price=price, stock=stock)
    except ValueError as exc:
        item = catalog.item(session, variant, product)
        page = render(request, "product.html", user, item=item, product=product, error=str(exc))
        page.status_code = 422
        return page
    _wake_business(request, session, user)
    return back(request, f"/catalog/{variant_id}", "Đã lưu giá và tồn kho.")

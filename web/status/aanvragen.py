"""The public application forms: the list (``/aanvragen``), one form (``/aanvragen/<process_id>``), its
submission (one case per form: a second post of the same form goes to the first one's page) and the page
that confirms it."""

from __future__ import annotations

from typing import Any

from flask import Response, redirect, render_template, request, url_for

from processes.errors import NotFound, RuimteflowError, ValidationError
from processes.nederlands import mb_tekst
from services import public_url
from services.status import application_forms, intake
from services.status.submissions import Bind
from web import indiening
from web.errors import not_sent
from web.faces.security import check_csrf, current_user, platform
from web.status import bp, posted_files
from web.status.volgcode import client
from web.uploads import form_memory, on_too_large, too_large_detail, too_large_fields

MULTI_FIELDS = {"activiteiten"}
LOCATION_TOO_LARGE = (
    "De getekende locatie is te groot: ten hoogste {limit} aan gegevens. Teken een eenvoudiger vorm met "
    "minder hoekpunten, of geef de locatie aan met een coördinaat."
)


@bp.get("/aanvragen")
def applications():  # type: ignore[no-untyped-def]
    return render_template("aanvragen.html", formulieren=application_forms.deployed_forms(platform()))


def _render_form(
    form: application_forms.ApplicationForm,
    values: dict[str, str],
    errors: dict[str, str],
    status_code: int = 200,
    unsent: str = "",  # why a post was not sent, to send later (web.errors.not_sent): said at the top
    retry_after: int = 0,  # a post a budget refused (429): the form may be sent again from then
) -> Any:
    from web.kaart import csp, start_view

    settings = platform().settings
    account = intake.applicant_account(platform(), _username())
    if account is not None and account.email and "email" not in values:
        values = {**values, "email": account.email}  # an account applies with its own address
    html = render_template(
        "aanvragen_formulier.html",
        formulier=form,
        algemeen=application_forms.COMMON_FIELDS,
        account=account,
        waarden=values,
        fouten=errors,
        niet_ingediend=unsent,
        indiening=indiening.issue(later=retry_after),
        tile_url=settings.tile_url,
        start=",".join(str(v) for v in start_view()),
    )
    resp = Response(html, status=status_code, mimetype="text/html")
    resp.headers["Content-Security-Policy"] = csp(settings.tile_url)
    if retry_after:  # when to try again (RFC 9110 10.2.3), as web.errors answers a 429
        resp.headers["Retry-After"] = str(retry_after)
    return resp


def _username() -> str | None:
    """The account logged in on this browser, if any (the public form works without one)."""
    user = current_user()
    return str(user["gebruikersnaam"]) if user else None


@bp.get("/aanvragen/<process_id>")
def application_form(process_id: str):  # type: ignore[no-untyped-def]
    return _render_form(application_forms.offered_form(platform(), process_id), {}, {})


@bp.post("/aanvragen/<process_id>")
def submit(process_id: str):  # type: ignore[no-untyped-def]
    """Start one case per form: a second post of the same form goes to the first one's page; one after
    a refused post is sent itself (the form again with its errors, or the case)."""
    form = application_forms.offered_form(platform(), process_id)
    check_csrf()
    values = _posted()
    token = indiening.posted(request.form)
    if token is None:
        return _render_form(form, values, {"algemeen": indiening.EXPIRED}, 400)
    try:
        return indiening.apply_once(process_id, token, lambda bound: _start(process_id, values, bound))
    except ValidationError as exc:  # at its field, with the API's status (422 for a rule's refusal)
        return _render_form(form, values, exc.extra.get("fouten") or {"algemeen": exc.detail}, exc.status)
    except RuimteflowError as exc:
        if (said := not_sent(exc)) is None:
            raise
        # refused for now, or a failure of ours: the form again, to send later
        wait = int(exc.extra.get("retry_after") or 0)
        return _render_form(form, values, {}, exc.status, unsent=said, retry_after=wait)


def _start(process_id: str, values: dict[str, Any], bound: Bind) -> int:
    """Start the case of a posted application form (``bound``: the form's claim, in its transaction): its id."""
    result = intake.submit_application(
        platform(),
        process_id,
        values,
        posted_files("bijlagen"),
        address=client(),
        username=_username(),
        before_commit=bound,
    )
    return int(result["id"])


def _posted() -> dict[str, Any]:
    return {
        k: v if len(v) > 1 or k in MULTI_FIELDS else v[0]
        for k, v in request.form.to_dict(flat=False).items()
        if k not in ("csrf_token", indiening.FIELD)
    }


@on_too_large("status.submit")
def _submit_too_large() -> Any:
    """The form again: a text field over the form-memory limit (a drawn location of too many points) at
    its field with the rest kept; files over the cap at the bijlagen (the body was not read: nothing
    can be kept)."""
    try:
        form = application_forms.offered_form(
            platform(), str((request.view_args or {}).get("process_id", ""))
        )
    except NotFound:
        return None  # no such form: the error page
    fields = too_large_fields()
    if not fields:
        return _render_form(form, {}, {"bijlagen": too_large_detail()}, 413)
    limit = mb_tekst(form_memory(), grens=True)
    errors = {
        name: LOCATION_TOO_LARGE.format(limit=limit) if name == "locatie" else too_large_detail()
        for name in fields
    }
    return _render_form(form, _posted(), errors, 413)


@bp.get("/aanvragen/<process_id>/ontvangen")
def received(process_id: str):  # type: ignore[no-untyped-def]
    sent, info = indiening.received(process_id)
    if not sent:
        return redirect(url_for("status.application_form", process_id=process_id))
    if info is None:  # shown for a while only: the link is in the confirmation e-mail
        return render_template("aanvragen_ontvangen.html", aanvraag=None, link=None, pad=None)
    # the requester's own page: its own address is safe here (a mail only takes a trusted one)
    base = public_url.page_base(platform().settings, request.host_url)
    link = f"{base}/status/{info['volgcode']}"
    return render_template(
        "aanvragen_ontvangen.html",
        aanvraag=info,
        link=link,
        pad=url_for("status.page", code=info["volgcode"]),
    )

"""Minimal server-rendered error page (the faces extend the layout)."""

from __future__ import annotations

import logging

from flask import Response, render_template_string
from markupsafe import escape

from services import logs

log = logging.getLogger("ruimteflow.web")

_TEMPLATE = """<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>{{ title }} – Ruimteflow</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>{{ title }}</h1><p>{{ detail }}</p>{% if foutcode %}<p>Foutcode {{ foutcode }}</p>{% endif %}
<p><a href="/">Naar de startpagina</a></p></main></body></html>"""


def error_page(status: int, title: str, detail: str, foutcode: str | None = None) -> Response:
    """``foutcode``: a 500's request id (web/request_log.py), which the log line of the error names."""
    try:
        from flask import render_template

        html = render_template("fout.html", title=title, detail=detail, status=status, foutcode=foutcode)
    except Exception as exc:  # noqa: BLE001 - the page must answer: a plain one, and the failure logged
        logs.failure(log, logging.ERROR, "error page fout.html did not render (status %s)", status, exc=exc)
        html = render_template_string(
            _TEMPLATE, title=escape(title), detail=escape(detail), foutcode=foutcode
        )
    return Response(html, status=status, mimetype="text/html")

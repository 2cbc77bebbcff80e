"""Benchmark of documents: upload throughput and besluit PDF generation.

Run from the repository root: ``python -m tests.benchmarks.bench_documents [--mb 50] [--rounds 5]``.
Not collected by pytest (bench_*.py). Prints JSON lines:

* ``document_upload``: MB/s of ``upload_document`` for a 50 MB file (stream to a temp file with sha256,
  content check, database rows, rename into the content-addressed store) next to a bare copy of the same
  file with hashlib (read, hash, write, rename). Rounds are interleaved so both see the same machine load.
* ``besluit_pdf``: median seconds of ``finalise_besluit`` (gather the case, render the template, WeasyPrint
  PDF/A-3b, store the document) next to bare WeasyPrint rendering exactly the same HTML in the same round. Goal: < 1 s.

Within each round the two runs alternate which goes first, and the 1-minute load average is recorded
after every round (``load_1min_per_round``): the machine is shared, so a figure means little without it.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from services import cases, users
from services.clock import FixedClock
from services.config import Settings
from services.documents import NewDocument, upload_document
from services.documents.besluit import draft_besluit, finalise_besluit, render_pdf
from services.documents.besluit_context import BesluitInvoer
from services.platform import Platform
from tests.benchmarks.common import emit, loadavg
from tests.integration.document_helpers import at_besluit, make_zaak
from tests.unit.documents.upload_samples import pdf_with

MB = 1024 * 1024


def _load() -> list[float]:
    return loadavg()


def _interleaved(i: int, ours: Any, bare: Any) -> tuple[float, float]:
    """Time both in one round, alternating which goes first, so both see the same machine load."""
    order = [("ours", ours), ("bare", bare)]
    if i % 2:
        order.reverse()
    took: dict[str, float] = {}
    for name, fn in order:
        t0 = time.perf_counter()
        fn()
        took[name] = time.perf_counter() - t0
    return took["ours"], took["bare"]


def _bare_copy(src: Path, dest_dir: Path) -> None:
    digest = hashlib.sha256()
    tmp = dest_dir / "tmp-copy"
    with src.open("rb") as inp, tmp.open("wb") as out:
        while chunk := inp.read(MB):
            digest.update(chunk)
            out.write(chunk)
    os.replace(tmp, dest_dir / digest.hexdigest())


def sample_pdf(size_mb: int) -> tuple[bytearray, int]:
    """A PDF of about ``size_mb`` MB as a scanned drawing is: one page with one 8-bit grey image of random
    pixels (incompressible, as a scan nearly is) and a cross-reference table, so the content check reads
    it as a PDF (pypdf walks its objects) rather than as bytes it cannot parse; and the offset of 16
    pixel bytes a round may change to make its content distinct. (The sample before was a tiny PDF with
    random bytes after it: always the raw fallback, and about 1 run in 5 refused when the random bytes
    held a name such as /JS.)"""
    width = 1024
    pixels = os.urandom(width * ((size_mb * MB - 2048) // width))
    image = (
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Length %d >>\nstream\n" % (width, len(pixels) // width, len(pixels))
    )
    page = b"/MediaBox [0 0 595 842] /Resources << /XObject << /Im1 4 0 R >> >>"
    out = bytearray(pdf_with(b"", image + pixels + b"\nendstream", page=page))
    return out, out.index(image) + len(image)


def bench_upload(platform: Platform, zaak: dict[str, Any], work: Path, size_mb: int, rounds: int) -> None:
    body, slot = sample_pdf(size_mb)
    src = work / "bron.pdf"
    bare_dir = work / "kaal"
    bare_dir.mkdir()
    ours, bare, loads = [], [], []
    load_before = _load()
    for i in range(rounds):
        body[slot : slot + 16] = i.to_bytes(16, "big")  # distinct content per round (no duplicate refusal)
        src.write_bytes(body)

        def upload() -> None:
            with src.open("rb") as stream:
                upload_document(
                    platform,
                    zaak["zaak"],
                    "anna",
                    stream,
                    NewDocument(informatieobjecttype="bijlage", bestandsnaam="groot.pdf"),
                )

        o, b = _interleaved(i, upload, lambda: _bare_copy(src, bare_dir))
        ours.append(o)
        bare.append(b)
        loads.append(_load()[0])
    emit(
        benchmark="document_upload",
        size_mb=size_mb,
        rounds=rounds,
        mb_per_s=round(size_mb / statistics.median(ours), 1),
        bare_copy_hashlib_mb_per_s=round(size_mb / statistics.median(bare), 1),
        ratio=round(statistics.median(ours) / statistics.median(bare), 2),
        load_before=load_before,
        load_1min_per_round=loads,
        load_after=_load(),
    )


def _another_case(platform: Platform) -> dict[str, Any]:
    return cases.start_case(
        platform, "vergunning_klein", {}, user="piet", initiator="P. Jansen", location_name="Dorpsstraat 1"
    )


def bench_besluit(platform: Platform, zaak: dict[str, Any], rounds: int) -> None:
    gegevens = {
        "procedure": "regulier",
        "aanvraag": {"activiteiten": ["technische_bouwactiviteit"]},
        "adviezen": [
            {"groep": "Omgevingsdienst", "soort": "advies", "oordeel": "akkoord", "toelichting": ""}
        ],
    }

    def invoer(i: int) -> BesluitInvoer:
        return BesluitInvoer(
            uitkomst="verlenen",
            motivering=f"De aanvraag past binnen het omgevingsplan (ronde {i}).",
            voorschriften=["De geluidwal wordt vóór ingebruikname aangelegd."] * 5,
            besluitdatum=date(2026, 3, 2),
            verzenddatum=date(2026, 3, 3),
        )

    # who makes the besluit final may complete its task ('Besluit nemen' lies in the lane Juridisch)
    users.add_user(platform, "anna", groups=["Vergunningen", "Juridisch"], role="vergunningverlener")
    render_pdf(draft_besluit(platform, zaak["zaak"], "anna", invoer(0), gegevens)["html"])  # warm-up
    # one final besluit per besluit task: each round finalises in a case of its own, made beforehand
    refs = [zaak["zaak"]] + [_another_case(platform)["zaak"] for _ in range(rounds - 1)]
    for ref in refs:
        at_besluit(platform, {"zaak": ref}, gegevens)
    ours, bare, loads = [], [], []
    load_before = _load()
    for i, ref in enumerate(refs, start=1):
        # the bare run renders exactly the HTML that finalising renders in this round
        html = draft_besluit(platform, ref, "anna", invoer(i))["html"]
        o, b = _interleaved(
            i,
            lambda i=i, ref=ref: finalise_besluit(platform, ref, "anna", invoer(i)),
            lambda html=html: render_pdf(html),
        )
        ours.append(o)
        bare.append(b)
        loads.append(_load()[0])
    emit(
        benchmark="besluit_pdf",
        rounds=rounds,
        median_s=round(statistics.median(ours), 3),
        bare_weasyprint_median_s=round(statistics.median(bare), 3),
        ratio=round(statistics.median(ours) / statistics.median(bare), 2),
        goal_s=1.0,
        within_goal=statistics.median(ours) < 1.0,
        load_before=load_before,
        load_1min_per_round=loads,
        load_after=_load(),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-documenten-") as tmp:
        work = Path(tmp)
        settings = Settings(instance_dir=work, database_url=f"sqlite:///{work / 'bench.db'}")
        platform = Platform.create(settings, FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC)))
        try:
            zaak = make_zaak(platform)
            bench_upload(platform, zaak, work, args.mb, args.rounds)
            bench_besluit(platform, zaak, max(args.rounds, 7))
        finally:
            platform.close()


if __name__ == "__main__":
    main()

"""A lost tracking link, sent again to the e-mail address given at intake.

The answer is the same whether or not the address is known (no account enumeration): the page says
"if there are applications with this address, you get a mail". Requests are limited per client address
and per e-mail address (``Settings.tracking_link_requests_per_hour``, in the ``auth_failure`` table of
services.ratelimit), known address or not. An expired code (services.status.lookup: the case closed
longer ago than ``Settings.volgcode_geldig_dagen``) is not sent again. Anyone may ask for any address, so
a mail repeats a case's typed title only for a case its address's owner started (services.mail.intake_words).
"""

from __future__ import annotations

from sqlalchemy import select

from processes.email_adres import is_email_address
from processes.errors import ValidationError
from services import policy
from services.clock import today
from services.mail import compose, intake_words
from services.mail.render import render
from services.platform import Platform
from services.ratelimit import HOUR, Budget, charge_or_refuse
from services.status.lookup import code_live
from services.store.models import Case

#: at most this many cases per mail request (the newest)
MAX_CASES = 20


def resend(platform: Platform, email: str, *, address: str) -> None:
    """Mail the tracking link of every case applied for with ``email``; nothing tells whether any is."""
    if not is_email_address(email):
        raise ValidationError(
            "Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.", code="email-ongeldig"
        )
    wanted = policy.normal_email(email)
    per_hour = max(1, int(platform.settings.tracking_link_requests_per_hour))
    claims = [
        (Budget("volglink-adres", per_hour, HOUR), address or "onbekend"),
        (Budget("volglink-email", per_hour, HOUR), str(wanted)),
    ]
    # every request counts: known addresses look like unknown ones
    charge_or_refuse(platform, claims, "U heeft de link te vaak opgevraagd. Probeer het later opnieuw.")
    with platform.uow() as uow:
        s = uow.session
        newest = (
            select(Case.id)
            .where(Case.initiator_email == wanted, code_live(platform.settings, today(platform.clock)))
            .order_by(Case.created_at.desc())
            .limit(MAX_CASES)
        )
        # locked in id order, as every writer of several cases does (the deadline reminders): in
        # another order two such transactions deadlock
        locked = select(Case).where(Case.id.in_(newest.scalar_subquery())).order_by(Case.id)
        rows = s.scalars(locked.with_for_update()).all()
        started_by = intake_words.starters(s, rows)  # whoever asks may not own the address: intake_words
        for case in rows:
            by_owner = intake_words.typed_by_owner(case, started_by)
            context = compose.case_context(platform.settings, case, by_owner=by_owner)
            mail = render(platform.settings, "volglink", str(wanted), context)
            compose.enqueue(s, case.id, mail, platform.clock.now())
        uow.commit()

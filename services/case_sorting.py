"""The orders of the case list (services.case_queries.search_cases, the face's list and GET /api/v1/zaken),
and the rule that a caller filters and sorts only on the fields the policy gives it."""

from __future__ import annotations

from typing import Any

from processes.errors import ValidationError
from services.policy.autorisatie import shares
from services.store.models import Case

#: the orders of the case list -> the field of a row (``case_queries._case_row``, as [velden] names it)
#: and its column; a value of ``CASE_ORDERS`` is ascending, with a leading '-' descending, ties broken by
#: the case's id, cases without a value last either way
SORTED = {
    "gestart_op": ("gestart_op", Case.created_at),
    "bijgewerkt_op": ("bijgewerkt_op", Case.updated_at),
    "zaak": ("zaak", Case.reference),
    "uiterlijke_einddatum_afdoening": ("uiterlijkeEinddatumAfdoening", Case.uiterlijke_einddatum_afdoening),
}
CASE_ORDERS = tuple(f"{sign}{key}" for key in SORTED for sign in ("-", ""))
#: the list's own order: newest first
NEWEST_FIRST = "-gestart_op"


def check_order(order: str) -> None:
    if order not in CASE_ORDERS:
        raise ValidationError(
            f"Onbekende sortering '{order}' ({', '.join(CASE_ORDERS)}).",
            code="sortering-onbekend",
            veld="sorteer",
        )


def check_shared(shared: frozenset[str] | None, field: str, parameter: str) -> None:
    """A filter or an order on a field the policy does not share with the caller (``shared``:
    ``policy.shared_fields``) is refused: the list would tell by it what its rows do not show."""
    if not shares(shared, field):
        raise ValidationError(
            f"'{parameter}' gaat over '{field}', dat niet met uw account wordt gedeeld.",
            code="veld-niet-gedeeld",
            veld=parameter,
        )


def order_by(shared: frozenset[str] | None, order: str) -> tuple[Any, ...]:
    """The ORDER BY of ``order`` (checked by ``check_order``) for a caller given ``shared``."""
    field, column = SORTED[order.removeprefix("-")]
    if order != NEWEST_FIRST:  # the list's own order stays every caller's
        check_shared(shared, field, "sorteer")
    if order.startswith("-"):
        return column.desc().nulls_last(), Case.id.desc()
    return column.asc().nulls_last(), Case.id.asc()

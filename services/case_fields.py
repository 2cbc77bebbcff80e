"""The fields of one case as ``services.projection_views.case_dict`` gives it, in a home of their own: the
deployment checks (services.deploy_senders) read them without the case views and what those read (the
waits), so that no import cycle runs through them."""

from __future__ import annotations

#: the fields of one case as ``case_dict`` gives it (with ``full``, its case file): the names autorisatie.toml
#: [velden] and [taakvelden] share (a dotted name, part of one: services/policy/autorisatie.py)
CASE_VIEW_FIELDS = frozenset(
    {
        *("id", "zaak", "proces", "procedure", "titel", "status", "fase", "initiatiefnemer"),
        *("soort_initiatiefnemer", "locatie", "houder", "wacht_op", "wachtlijst"),
        *("uiterlijke_einddatum_afdoening", "uiterlijkeEinddatumAfdoening", "dagen_over", "te_laat"),
        "termijn_opgeschort",
        *("opschorting", "verlenging", "termijn_uitleg", "definitief", "volgende_timer", "incident"),
        *("volgcode", "gestart_op", "geanonimiseerd_op", "samenvatting", "geometrie_wkt", "open_taken"),
        *("tijdlijn", "tijdlijn_eerder", "berichten", "berichten_eerder", "conflicten", "gekoppelde_zaken"),
    }
)
#: the fields of one case that are an object or null (web/api/schemas.py CASE), never an empty object: one
#: outside a reader's share reads null (services.policy.autorisatie.withheld), not {}
NULLABLE_OBJECT_FIELDS = frozenset({"wachtlijst"})

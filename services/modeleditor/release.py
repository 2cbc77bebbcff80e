"""In gebruik nemen: deploy the draft as a new version when its scenarios pass, or when forced with a
reason (an audit line with user and reason, stored with the version and logged). Each release adds its
own audit row with the scenario text, also when the model was unchanged (then no version is made and
the row says so), and the draft is removed, in one transaction. Running cases stay on their version
(migrating them is beheer's existing action)."""

from __future__ import annotations

import logging
from typing import Any

from processes import tekens
from processes.errors import Conflict, NotFound, ValidationError
from services import deployments, scenarios
from services.log_text import user_text
from services.platform import Platform
from services.store.models import ModelScenarioText

from . import testing
from .drafts import DraftRepository, working
from .validation import problems_of

log = logging.getLogger("ruimteflow.modeleditor")


def _reason(reason: Any) -> str | None:
    """The reason given to force a release, None when none is (also one of only whitespace and invisible
    characters); a text others read (processes.tekens: a bidi or control character other than a line
    break or tab is ``tekst-ongeldig`` at ``reden``)."""
    if reason is None:
        return None
    if not isinstance(reason, str):
        raise ValidationError("'reden' is een tekst.", code="reden-ongeldig")
    given = tekens.check_line(reason, "reden", "De reden", multiline=True)
    return given.strip() if given else None


def _gate(platform: Platform, process_id: str, user: str, reason: str | None) -> None:
    """Refuse (422) a draft that does not validate, or whose scenarios fail without a reason; a draft
    based on an older version than the newest needs a reason too (409), so nobody undoes a newer
    version unknowingly."""
    with platform.uow(write=False) as uow:
        w = working(platform, uow.session, process_id, user)
        if w.draft is None:
            raise NotFound(
                f"U heeft geen concept van '{process_id}' om in gebruik te nemen.", code="concept-onbekend"
            )
        problems = problems_of(platform, uow.session, w)
        latest = deployments.changed_since(uow.session, process_id, w.version)
    if problems:
        raise ValidationError(f"Het concept is niet geldig: {problems[0]['melding']}", status=422,
                              code=problems[0].get("code", "model-geweigerd"), problemen=problems)  # fmt: skip
    if reason is not None:  # no run: the file is held to the caps of services.scenarios.limits itself
        scenarios.check_caps(w.scenarios, f"{process_id}.yaml")
        return
    if latest is not None:
        raise Conflict(f"Het model is intussen als versie {latest} in gebruik genomen; dit concept is gebaseerd op "
                       f"versie {w.version}. Vergelijk het eerst en geef een reden om het toch in gebruik te nemen.",
                       code="concept-verouderd")  # fmt: skip
    outcomes, text = testing.run(platform, process_id, user)
    failed = [o.name for o in outcomes if not o.passed]
    if failed:
        names = ", ".join(f"'{n}'" for n in failed)
        raise ValidationError(f"Niet in gebruik genomen: {len(failed)} scenario('s) mislukt: {names}. Pas het model "
                              "of de scenario's aan, of geef een reden om het toch te doen.",
                              code="scenarios-mislukt", status=422, mislukt=failed, rapport=text)  # fmt: skip


def deploy_draft(platform: Platform, process_id: str, user: str, reason: Any = None) -> dict[str, Any]:
    why = _reason(reason)
    with platform.uow(write=False) as uow:
        before = working(platform, uow.session, process_id, user).draft
        stamp = before.updated_at if before is not None else None
    _gate(platform, process_id, user, why)
    with platform.uow() as uow:
        s = uow.session
        deployments.serialize_deploys(s)  # before the check, so no other release lands between them
        w = working(platform, s, process_id, user)
        newer = deployments.changed_since(s, process_id, w.version)
        if w.draft is None or w.draft.updated_at != stamp or (why is None and newer is not None):
            raise Conflict("Het concept of het model is gewijzigd terwijl het werd getest; probeer het opnieuw.",
                           code="concept-gewijzigd")  # fmt: skip
        [result] = [d for d in deployments.deploy_in(platform, s, [(w.filename, w.xml)], user=user)
                    if d["process_id"] == process_id]  # fmt: skip
        s.add(ModelScenarioText(definition_id=result["id"], process_id=process_id, scenarios=w.scenarios,
                                deployed_by=user, deployed_at=platform.clock.now(), forced_reason=why,
                                new_version=not result["ongewijzigd"]))  # fmt: skip
        DraftRepository(s).delete(w.draft)
        uow.commit()
    if why is not None:
        what = (
            "ongewijzigd; scenario's geforceerd opgeslagen"
            if result["ongewijzigd"]
            else "geforceerd in gebruik genomen"
        )
        log.warning(
            "model %s versie %s %s door %s: %s", process_id, result["versie"], what, user, user_text(why)
        )
    return {"process_id": process_id, "versie": result["versie"], "geforceerd": why is not None,
            "ongewijzigd": result["ongewijzigd"], "waarschuwingen": result["waarschuwingen"]}  # fmt: skip

"""A deploy check that needs the municipality's configuration: who may send each message
(autorisatie.toml ``[berichten]``, services.policy) against how the new models catch it."""

from __future__ import annotations

from services import policy
from services.engine import deploy as dep
from services.platform import Platform


def check_outside_messages(platform: Platform, new: list[dep.ModelSource]) -> None:
    """A message an outside party may send (autorisatie.toml [berichten]: the initiator, an
    organisation's group) must be caught into a messageVariable: caught without one, SpiffWorkflow
    merges its payload into the process data and the sender could set any process variable."""
    rules = policy.rules(platform.settings)
    problems = []
    for catch in (c for src in new for c in src.merging_catches):
        outside = [s for s in rules.senders_of(catch["bericht"]) if s != "behandelaar"]
        if not outside:
            continue
        who = policy.describe_senders(outside)
        problems.append(
            {k: v for k, v in catch.items() if k != "bericht"}
            | {
                "probleem": f"Het bericht '{catch['bericht']}' mag worden gestuurd door {who} (autorisatie.toml), "
                "maar dit element vangt het zonder messageVariable: de afzender zou dan elke procesvariabele "
                "kunnen zetten of overschrijven. Geef het element een messageVariable "
                "(spiffworkflow:messageVariable) en lees het bericht daaruit."
            }
        )
    if problems:
        raise dep.ModelRefused(dep.summary(problems), problemen=problems)

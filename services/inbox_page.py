"""The inbox page ('Mijn taken', 'Taken van mijn team', the beheerder's 'Alle open taken'): everything it
shows, read in one unit of work. The tab counts, the page of tasks with what the reader may do with each,
the colleagues it may give them to and the filter choices come from one snapshot; web/faces/inbox.py
only parses the request and renders this."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from services import policy
from services.case_queries import options_in
from services.inbox import asker, counts_in, tasks_in
from services.platform import Platform
from services.policy.assignees import group_members
from services.policy.names import shown_names

#: the tabs every officer has; 'alle' too for whom policy.sees_every_task
TABS = ("mijn", "team")


@dataclass(frozen=True)
class InboxQuery:
    """What the page asks: the tab (None or unknown: the one with work, ``_tab``) and the filters."""

    tab: str | None = None
    procedure: str | None = None
    phase: str | None = None
    severity: str | None = None
    deadline_within_days: int | None = None
    limit: int = 50
    offset: int = 0


@dataclass(frozen=True)
class InboxPage:
    """``tab``: the tab shown; ``taken``: its page of task dicts, each with ``houder`` (how its holder
    reads), ``mag_toewijzen``, ``mag_teruggeven`` and ``collega_s`` (whom the reader may give it to, who
    can log in: policy.assignees); ``may_see_all``: the reader has 'Alle open taken' (policy.sees_every_task)."""

    tab: str
    counts: dict[str, int]
    taken: list[dict[str, Any]]
    totaal: int
    opties: dict[str, list[str]]
    may_see_all: bool


def page(platform: Platform, username: str, query: InboxQuery) -> InboxPage:
    with platform.uow(write=False) as uow:
        s = uow.session
        user = policy.user_named(s, username)
        every = policy.sees_every_task(user.role)
        counts = counts_in(s, platform, user)
        tab = _tab(query.tab, counts, every)
        result = tasks_in(
            s,
            platform,
            user,
            scope=tab,
            procedure=query.procedure,
            phase=query.phase,
            severity=query.severity,
            deadline_within_days=query.deadline_within_days,
            limit=query.limit,
            offset=query.offset,
            with_waits=True,
        )
        tasks = result["taken"]
        actor = asker(s, platform, username, tasks)
        municipal = policy.is_municipal(actor, policy.rules(platform.settings))
        offered = (g for t in tasks for g in t["kandidaatgroepen"] or [])
        members = group_members(s, platform.settings, policy.colleague_groups(actor, municipal, offered))
        holders = shown_names(s, [t["toegewezen_aan"] for t in tasks])
        for t in tasks:
            t["houder"] = holders.get(t["toegewezen_aan"] or "")
            t["mag_toewijzen"] = policy.may_assign(actor, t)
            t["mag_teruggeven"] = t["opgepakt"] and policy.may_unclaim(actor, t)
            t["collega_s"] = _colleagues(t, members, username)
        options = options_in(s, platform, username)
    return InboxPage(tab, counts, tasks, result["totaal"], options, every)


def _tab(asked: str | None, counts: dict[str, int], every: bool) -> str:
    """The tab asked for when the reader has it; else 'Mijn taken' when it holds work or the team has
    none, else 'Taken van mijn team'."""
    if asked in TABS or (asked == "alle" and every):
        return str(asked)
    return "mijn" if counts["mijn"] or not counts["team"] else "team"


def _colleagues(
    task: dict[str, Any], members: dict[str, list[dict[str, str]]], me_name: str
) -> list[dict[str, str]]:
    """The members of the task's groups other than its holder, the reader first, then by name."""
    seen: dict[str, dict[str, str]] = {}
    for g in task["kandidaatgroepen"] or []:
        for m in members.get(g, []):
            if m["gebruikersnaam"] != task["toegewezen_aan"]:
                seen.setdefault(m["gebruikersnaam"], m)
    return sorted(seen.values(), key=lambda m: (m["gebruikersnaam"] != me_name, m["naam"]))

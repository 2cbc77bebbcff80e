"""Which procedures the zaakregistratie does not register: bpmn/zgw.toml's top-level ``niet_registreren``,
a list of process ids. Their cases queue no ZGW message (services.zgw_publication); a message queued before
the list named its procedure is delivered as "nothing to send" (services.zgw.delivery), not given up.

A transportverzoek is the shipped example: a question to the netbeheerder about grid capacity, answered in
its own short chain, with no zaaktype of its own in the municipality's zaakregistratie; without the list
each of its cases was given up at once ("Geen ZGW-zaaktype"), and its later messages waited behind it for
good. This module sits outside services.zgw for the same reason as services.zgw_publication: the step seam
reads it, and services.zgw depends on the document service (an import cycle). The list is read from the
file, cached per path and modification time; a file that cannot be read gives an empty list (every
procedure registered): its own error is reported where the mapping is used.

A procedure it registers may still not register its beslissing op bezwaar: zgw.toml gives it no besluittype
with ``beslissing_op_bezwaar = true`` (``without_bezwaar_type``). Its beslissing is then recorded once as not
sent (the note on its delivered message, services.zgw.besluiten), not queued again by a resync
(services.zgw.resync), and the deploy of a model that records one warns (services.deploy_senders).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

KEY = "niet_registreren"
#: the flag of the besluittype of a procedure's beslissing op bezwaar (services.zgw.mapping reads it too)
BEZWAAR_KEY = "beslissing_op_bezwaar"

_cache: dict[str, tuple[float, dict[str, Any]]] = {}


def check(data: dict[str, Any], error: type[Exception]) -> frozenset[str]:
    """The list of a parsed zgw.toml, or ``error`` with a Dutch reason: a list of procedure ids, none
    that also has its own [procedure.<id>] (a procedure is registered or not, never both)."""
    value = data.get(KEY, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise error(f"zgw.toml: {KEY} moet een lijst van procedures (proces-id's) zijn.")
    procedures = data.get("procedure")
    both = sorted(set(value) & set(procedures if isinstance(procedures, dict) else ()))
    if both:
        raise error(
            f"zgw.toml: {', '.join(both)} staat in {KEY} en heeft ook een [procedure.{both[0]}]: "
            "een procedure wordt geregistreerd of niet, kies een van beide."
        )
    return frozenset(value)


def raw_mapping(settings: Any) -> dict[str, Any]:
    """``settings``' zgw.toml as parsed TOML, unchecked and not to be changed, for the readers outside services.zgw (this module,
    services.deploy_senders), cached per path and modification time; empty when it cannot be read."""
    # every step asks: the path as text, no Path built (Settings.zgw_mapping_path, as the text it reads)
    path = settings.zgw_mapping_file or settings.model_file_name("zgw.toml")
    try:
        stamp = os.stat(path).st_mtime
        cached = _cache.get(path)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}
    _cache[path] = (stamp, data)
    return data


#: the parsed zgw.toml ``unregistered`` checked last, and its list: checked once per change of the file
_checked: list[Any] = [None, frozenset()]


def unregistered(settings: Any) -> frozenset[str]:
    """The procedures of ``settings``' zgw.toml that the zaakregistratie does not register."""
    data = raw_mapping(settings)
    if _checked[0] is data:  # the same parse (raw_mapping's cache): the same list
        return _checked[1]  # type: ignore[no-any-return]
    try:
        found = check(data, ValueError)
    except ValueError:
        found = frozenset()
    _checked[:] = [data, found]
    return found


def has_bezwaar_type(procedure: dict[str, Any]) -> bool:
    """A ``[procedure.<id>]`` table of a parsed zgw.toml has a besluittype for the beslissing op bezwaar."""
    types = procedure.get("besluittypen")
    return isinstance(types, dict) and any(
        isinstance(bt, dict) and bt.get(BEZWAAR_KEY) is True for bt in types.values()
    )


def without_bezwaar_type(settings: Any, process_id: str) -> bool:
    """``settings``' zgw.toml maps the procedure, but without a besluittype for its beslissing op bezwaar."""
    procedures = raw_mapping(settings).get("procedure")
    item = procedures.get(process_id) if isinstance(procedures, dict) else None
    return isinstance(item, dict) and not has_bezwaar_type(item)

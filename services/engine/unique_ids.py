"""Deploy check: each process and each decision of one deploy is defined once.

Two definitions of one id leave it unclear which one counts. SpiffWorkflow refused a process id it met
twice, naming only the file of the second copy; a decision id it met twice it took from the last file
without a word, while the deploy stored both files and looked the decision up in the first
(``deploy.needed``). Both are refused here, naming every file that defines the id. A file of the upload
that defines a process or decision of a deployed file is a new version of it, whatever its file name:
the deploy leaves that deployed file out of the context (``services.deployments.deploy_context``), so
only the files of the upload itself are compared.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from processes.nederlands import opsomming, telwoord
from services.xml_safe import parse_model_xml

from .xml_nodes import add_problem, local_name

#: what is defined, per kind: the ModelSource field that lists its ids, and how a problem names it
KINDS = (
    ("process", "defined_processes", "Het proces-id '{0}'", "welk proces"),
    ("decision", "decision_ids", "De beslissing '{0}' (decision id)", "welke beslistabel"),
)


def check_unique_ids(sources: Iterable[Any]) -> list[dict[str, Any]]:
    """A problem per process or decision id that ``sources`` (ModelSource) define more than once, at its
    last definition, naming each file that defines it."""
    sources = list(sources)
    problems: list[dict[str, Any]] = []
    for tag, field, what, which in KINDS:
        where: dict[str, list[Any]] = {}
        for src in sources:
            for found in filter(None, getattr(src, field)):
                where.setdefault(found, []).append(src)
        for found, files in where.items():
            if len(files) < 2:
                continue
            listed = opsomming(dict.fromkeys(f.filename for f in files))
            text = (
                f"{what.format(found)} komt {telwoord(len(files))} keer voor, in {listed}: "
                f"dan is niet duidelijk {which} geldt. Houd één definitie over, of geef de andere een eigen id"
            )
            add_problem(problems, files[-1].filename, _definition(files[-1].text, tag, found), text)
    return problems


def _definition(text: str, tag: str, found: str) -> Any:
    """The last ``tag`` element with id ``found`` in the model ``text`` (it parsed at inspection)."""
    root = parse_model_xml(text)
    return [n for n in root.iter() if local_name(n.tag) == tag and n.get("id") == found][-1]

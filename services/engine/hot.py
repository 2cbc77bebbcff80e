"""Hot instances: the deserialized workflow of a recently stepped case, kept in this process.

Issue #12 item 2: a step may reuse the workflow object the previous step of the case left behind in
this process instead of rebuilding it from the stored document. An entry is valid only for the
case's version *and* the stored document it was saved as: a write by another process (or platform)
bumps the version and changes the document, so that step rebuilds from the database. A step takes
the entry out (:meth:`HotInstances.take`) before it acts on it and puts it back only after its commit
(``services.workflow_store``), so a step that fails half-way leaves nothing behind.

Off by default (``Settings.hot_instances`` = 0): an instance kept in memory is not always what its
document restores (a script may store a tuple, which the document holds as a list), so a model that
depends on such a difference would behave differently from step to step; turn it on per deployment.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any


class HotInstances:
    """At most ``size`` workflows by case id, least recently stepped dropped first (thread safe)."""

    def __init__(self, size: int = 0):
        self.size = size
        self._lock = threading.Lock()
        self._items: OrderedDict[int, tuple[int, str, Any]] = OrderedDict()

    def take(self, case_id: int, version: int, document: str) -> Any | None:
        """The workflow of ``case_id`` if it was saved as exactly this version and document; the entry
        leaves the cache either way (the caller now owns the object, or it was stale)."""
        with self._lock:
            item = self._items.pop(case_id, None)
        if item is None:
            return None
        kept_version, kept_document, workflow = item
        if kept_version != version or kept_document != document:
            return None
        return workflow

    def put(self, case_id: int, version: int, document: str, workflow: Any) -> None:
        """Keep ``workflow`` as the committed state ``version``/``document`` of the case."""
        if self.size <= 0:
            return
        with self._lock:
            self._items[case_id] = (version, document, workflow)
            self._items.move_to_end(case_id)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)

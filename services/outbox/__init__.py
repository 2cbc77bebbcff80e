"""The transactional outbox: every effect of a step outside the database (a ZGW call, an e-mail).

A step writes its messages with :func:`enqueue` in its own transaction; nothing leaves the machine
then, so a remote outage never fails or slows an officer's step. After the commit the worker
(``services.scheduler``, also the timer process of ``serve``) calls :func:`deliver_due`, which hands
each due message to the handler of its channel (the explicit table in ``services.outbox.channels``):

- in order per case and channel: a case's later ZGW message waits while an earlier one is not
  delivered; a mail waits only for an earlier mail of the case to the same recipient that is still being
  tried, and a given-up mail blocks nothing (``core.PER_RECIPIENT``);
- a handler may postpone a message (``Postponed``: the other side takes it only from a later moment on):
  it is "uitgesteld" until then, not failed, and that attempt is not counted;
- a failure is retried with exponential backoff and jitter; after ``outbox_max_attempts`` attempts,
  or at once for an error that cannot heal by waiting, the message is "dood" until beheer retries it
  (a mail: to its account's current address) or sets it aside (a mail only: "terzijde");
- several workers may run: due messages are claimed with ``FOR UPDATE SKIP LOCKED`` on PostgreSQL
  and leased while they are delivered; a worker takes each message of its round again just before it
  tries it (a compare-and-set on the lease), so one another worker or beheer took after a slow round
  outlasted its lease is left to them, never sent twice; and one delivery never outlasts its own
  lease: it is cut off at its deadline (``services.outbox.deadline``) and retried like any failure.

A handler must be idempotent: a message may be delivered again after a crash between the remote call
and the recording of its outcome.
"""

from services.outbox.core import (
    STATUSES,
    DeliveryFailed,
    Handler,
    Message,
    Postponed,
    enqueue,
)
from services.outbox.worker import DeliveryReport, backoff, deliver_due

__all__ = [
    "STATUSES",
    "DeliveryFailed",
    "DeliveryReport",
    "Handler",
    "Message",
    "Postponed",
    "backoff",
    "deliver_due",
    "enqueue",
]

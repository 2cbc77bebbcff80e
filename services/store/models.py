"""SQLAlchemy models: engine state plus the projections the faces read.

One serialized workflow document per case (``WorkflowState``) and, written in the same transaction,
the projections: the case row, human tasks (inbox), case events (audit trail and public timeline),
conflicts of the locatiecheck and links between cases. Field names follow the ZGW zaak where one
exists (uiterlijke_einddatum_afdoening, opschorting, verlenging).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    select,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from processes.case_summary import CaseSummary


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class ModelFile(Base):
    """One deployed BPMN or DMN file, stored once under its content hash."""

    __tablename__ = "model_file"
    id: Mapped[int] = mapped_column(primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    filename: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(8))  # bpmn | dmn
    source: Mapped[str] = mapped_column(Text)
    deployed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    deployed_by: Mapped[str | None] = mapped_column(String(80))


class ProcessDefinition(Base):
    """A deployed version of one executable process, with the files needed to build it."""

    __tablename__ = "process_definition"
    __table_args__ = (UniqueConstraint("process_id", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[str] = mapped_column(String(120), index=True)
    name: Mapped[str] = mapped_column(String(255))
    version: Mapped[int] = mapped_column(Integer)
    bundle_hash: Mapped[str] = mapped_column(String(64))
    file_hashes: Mapped[list[Any]] = mapped_column(JSON)
    main_file_hash: Mapped[str] = mapped_column(String(64))
    lanes: Mapped[list[Any]] = mapped_column(JSON, default=list)
    deployed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    #: the account that made this version (None: a deploy without a user, such as the first start's)
    deployed_by: Mapped[str | None] = mapped_column(String(80))


class Case(Base):
    """A zaak: one running or finished process instance and its projection."""

    __tablename__ = "zaak"
    __table_args__ = (
        Index("ix_zaak_bbox", "min_x", "max_x", "min_y", "max_y"),
        #: the case list's gewijzigd_na filter and bijgewerkt_op order (migration 0034)
        Index("ix_zaak_updated_at", "updated_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    process_id: Mapped[str] = mapped_column(String(120), index=True)
    definition_id: Mapped[int] = mapped_column(ForeignKey("process_definition.id"))
    procedure: Mapped[str] = mapped_column(String(60), index=True)
    title: Mapped[str] = mapped_column(String(255), default="")
    status: Mapped[str] = mapped_column(String(20), index=True)  # lopend | afgerond | incident | gepauzeerd
    phase: Mapped[str | None] = mapped_column(String(60), index=True)
    initiator: Mapped[str | None] = mapped_column(String(255))
    initiator_type: Mapped[str | None] = mapped_column(String(60))
    #: the e-mail address given at intake (tracking link, notifications, "Mijn aanvragen")
    initiator_email: Mapped[str | None] = mapped_column(String(255), index=True)
    started_by: Mapped[str | None] = mapped_column(String(80))
    location_name: Mapped[str | None] = mapped_column(String(255))
    geometry_wkt: Mapped[str | None] = mapped_column(Text)  # EPSG:28992
    min_x: Mapped[float | None] = mapped_column(Float)
    min_y: Mapped[float | None] = mapped_column(Float)
    max_x: Mapped[float | None] = mapped_column(Float)
    max_y: Mapped[float | None] = mapped_column(Float)
    received_on: Mapped[date | None] = mapped_column(Date)
    uiterlijke_einddatum_afdoening: Mapped[date | None] = mapped_column(Date, index=True)
    deadline_info: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    opschorting: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    verlenging: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    holder: Mapped[str | None] = mapped_column(String(120))
    waiting_for: Mapped[str | None] = mapped_column(String(255))
    #: the versioned summary document; read it as ``typed_summary``
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=lambda: CaseSummary().to_json())
    final: Mapped[bool] = mapped_column(Boolean, default=False)
    overdue: Mapped[bool] = mapped_column(Boolean, default=False)
    #: the day the case's besluit was given (``CaseSummary.besluit_op`` of ``summary``; None while none was):
    #: a copy the projection keeps with the summary, for the queries that ask whether a case is late
    decided_on: Mapped[date | None] = mapped_column(Date)
    next_timer_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    #: the Dutch day that timer stands for (an ``einde_dag(X)`` timer fires on X+1 and stands for X) and
    #: the wait it ends, in the model's words: the map's milestone (services.engine.timer_milestone)
    next_timer_day: Mapped[date | None] = mapped_column(Date, index=True)
    next_timer_wat: Mapped[str | None] = mapped_column(Text)
    incident: Mapped[str | None] = mapped_column(Text)
    tracking_code: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: when its personal data was removed after its retention (``services.bewaren``); None while kept
    geanonimiseerd_op: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    workflow: Mapped[WorkflowState] = relationship(back_populates="case", uselist=False)

    @property
    def typed_summary(self) -> CaseSummary:
        """The summary as its typed, versioned document (processes/case_summary.py), read once per stored
        document: a step asks for it about ten times, and a changed summary is a new document."""
        doc, read = self.summary, self.__dict__.get("_typed_summary")
        if read is None or read[0] is not doc:
            read = self.__dict__["_typed_summary"] = (doc, CaseSummary.from_json(doc))
        return read[1]


class WorkflowState(Base):
    """The serialized SpiffWorkflow document of one case."""

    __tablename__ = "workflow_state"
    case_id: Mapped[int] = mapped_column(ForeignKey("zaak.id"), primary_key=True)
    document: Mapped[str] = mapped_column(Text)
    serializer_version: Mapped[str] = mapped_column(String(20))
    case: Mapped[Case] = relationship(back_populates="workflow")


class HumanTask(Base):
    """Inbox projection of a READY user or manual task."""

    __tablename__ = "human_task"
    __table_args__ = (
        Index("ix_human_task_assignee_state", "assignee", "state", "legal_deadline"),
        Index("ix_human_task_case_state", "case_id", "state"),
        # the waits subscriber reads a case's tasks open now or completed since its previous event
        Index("ix_human_task_case_completed", "case_id", "completed_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("zaak.id"))
    spiff_task_id: Mapped[str] = mapped_column(String(36), index=True)
    bpmn_id: Mapped[str] = mapped_column(String(120))
    #: the process id of the model that draws the task: the case's own or one it calls (a windpark's
    #: permit tasks are omgevingsvergunning's); [taakvelden] names tasks by it (services/policy/reads.py)
    process_id: Mapped[str] = mapped_column(String(120), server_default="")
    name: Mapped[str] = mapped_column(String(255))
    lane: Mapped[str | None] = mapped_column(String(120))
    candidate_groups: Mapped[list[Any]] = mapped_column(JSON, default=list)
    assignee: Mapped[str | None] = mapped_column(String(80))
    state: Mapped[str] = mapped_column(String(12))  # open | voltooid | vervallen
    due_on: Mapped[date | None] = mapped_column(Date)
    legal_deadline: Mapped[date | None] = mapped_column(Date, index=True)
    form_schema: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    instructions: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    procedure: Mapped[str] = mapped_column(String(60))
    case_reference: Mapped[str] = mapped_column(String(32))
    case_title: Mapped[str] = mapped_column(String(255), default="")
    phase: Mapped[str | None] = mapped_column(String(60))
    location_name: Mapped[str | None] = mapped_column(String(255))
    max_severity: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    completed_by: Mapped[str | None] = mapped_column(String(80))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: the day the officer's deadline reminder was sent (once per task)
    reminded_on: Mapped[date | None] = mapped_column(Date)
    #: when a migration last moved the open task to other candidate groups (its ``taak-verplaatst`` events
    #: tell each move): the waits subscriber reads the moves of a completed task only when it has one
    moved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    candidates: Mapped[list[TaskCandidate]] = relationship(cascade="all, delete-orphan")


#: the group name of the one candidate row of a task without candidate groups (no group is named ""):
#: such a task is the municipality's staff's (services/policy/tasks.py), and the inbox finds it by this row
NO_GROUP = ""


class TaskCandidate(Base):
    """One candidate group of an open task, with the inbox's sort key copied in; a task without
    candidate groups has one row with group ``NO_GROUP``.

    The inbox of a group is answered from this index alone (group, open, unassigned, deadline),
    without touching the wide task rows; projections and claims keep the copies in step.
    """

    __tablename__ = "task_candidate"
    __table_args__ = (
        Index("ix_task_candidate_inbox", "group_name", "open", "unassigned", "sort_deadline", "task_id"),
    )
    task_id: Mapped[int] = mapped_column(ForeignKey("human_task.id"), primary_key=True)
    group_name: Mapped[str] = mapped_column(String(120), primary_key=True)
    open: Mapped[bool] = mapped_column(Boolean, default=True)
    unassigned: Mapped[bool] = mapped_column(Boolean, default=True)
    #: the task's legal deadline, or date.max when it has none (a non-null key keeps index order on every DB)
    sort_deadline: Mapped[date] = mapped_column(Date, default=date.max)


class CaseEvent(Base):
    """Append-only audit trail; public events form the initiator's timeline."""

    __tablename__ = "case_event"
    # a case's events of one kind, newest first or since a moment, without scanning its whole history
    __table_args__ = (
        Index("ix_case_event_case_kind_id", "case_id", "kind", "id"),
        Index("ix_case_event_case_kind_at", "case_id", "kind", "at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("zaak.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str | None] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(40))
    message: Mapped[str] = mapped_column(Text)
    public: Mapped[bool] = mapped_column(Boolean, default=False)
    element_id: Mapped[str | None] = mapped_column(String(120))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class CaseConflict(Base):
    """A conflict of the locatiecheck for a case, possibly overridden by a person."""

    __tablename__ = "case_conflict"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("zaak.id"), index=True)
    regel: Mapped[str] = mapped_column(String(80))
    laag: Mapped[str] = mapped_column(String(80))
    feature_id: Mapped[str] = mapped_column(String(80))
    #: the name of the conflicting feature in its layer (the Natura 2000 area, the Bevi site): open data,
    #: not personal; NULL when the layer names none and for the conflicts stored before migration 0028
    feature_naam: Mapped[str | None] = mapped_column(Text)
    ernst: Mapped[str] = mapped_column(String(20))
    afdeling: Mapped[str] = mapped_column(String(120))
    beschrijving: Mapped[str] = mapped_column(Text, default="")
    bron: Mapped[str] = mapped_column(Text, default="")
    afstand_m: Mapped[float | None] = mapped_column(Float)
    overlap_m2: Mapped[float | None] = mapped_column(Float)
    overlap_aandeel: Mapped[float | None] = mapped_column(Float)
    intern: Mapped[bool] = mapped_column(Boolean, default=False)
    overschreven: Mapped[bool] = mapped_column(Boolean, default=False)
    override_reason: Mapped[str | None] = mapped_column(Text)
    override_by: Mapped[str | None] = mapped_column(String(80))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class CaseLink(Base):
    """Two cases that compete for the same grid capacity or land (stored both ways)."""

    __tablename__ = "case_link"
    __table_args__ = (UniqueConstraint("case_id", "other_case_id", "reason"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("zaak.id"), index=True)
    other_case_id: Mapped[int] = mapped_column(ForeignKey("zaak.id"))
    reason: Mapped[str] = mapped_column(String(255))


class Group(Base):
    """A department (afdeling) or external organisation; lanes name groups."""

    __tablename__ = "app_group"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="afdeling")
    contact: Mapped[str | None] = mapped_column(String(255))
    #: an organisation's party group ("Warmtebedrijf"): a case may name it for that party only (routing)
    party: Mapped[str | None] = mapped_column(String(120))


class User(Base):
    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[str] = mapped_column(String(40), default="medewerker")
    password_hash: Mapped[str | None] = mapped_column(String(255))
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    #: verified e-mail address (an initiator sees the cases applied for with it)
    email: Mapped[str | None] = mapped_column(String(255), index=True)
    #: when the account was blocked (``users blokkeren``, services.account_block): no login by any route
    geblokkeerd_op: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    groups: Mapped[list[Group]] = relationship(secondary="user_group", lazy="selectin")


class UserGroup(Base):
    __tablename__ = "user_group"
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("app_group.id"), primary_key=True)


class Counter(Base):
    """Named sequences (case references per year), incremented under a row lock."""

    __tablename__ = "counter"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


class UserSession(Base):
    """A login session of the faces. The browser's signed cookie holds only a random id, stored here
    hashed; logout revokes the row, so a copied cookie is worthless afterwards."""

    __tablename__ = "user_session"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    username: Mapped[str] = mapped_column(String(80), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AuthFailure(Base):
    """One failed attempt (a wrong password, a wrong tracking code), counted per key in a window.

    ``key_hash`` is a SHA-256 of scope and key (an account name or a client address), so the table
    holds no addresses or guessed names; rows older than their scope's window are pruned.
    """

    __tablename__ = "auth_failure"
    __table_args__ = (
        Index("ix_auth_failure_key", "key_hash", "at"),
        Index("ix_auth_failure_scope", "scope", "at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(20))
    key_hash: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# --- Documents (issue 13): the case file's documents and their append-only versions -------------------


class Document(Base):
    """A document of a case (ZGW: enkelvoudig informatieobject). Never removed: deletion is a state."""

    __tablename__ = "document"
    __table_args__ = (Index("ix_document_case", "case_id", "verwijderd"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("zaak.id"))
    titel: Mapped[str] = mapped_column(String(255))
    informatieobjecttype: Mapped[str] = mapped_column(String(60))
    vertrouwelijkheidaanduiding: Mapped[str] = mapped_column(String(20))
    auteur: Mapped[str] = mapped_column(String(255), default="")
    organisatie: Mapped[str] = mapped_column(String(255), default="")
    #: ZGW status: in_bewerking | ter_vaststelling | definitief | gearchiveerd
    status: Mapped[str] = mapped_column(String(20), default="in_bewerking")
    ontvangstdatum: Mapped[date | None] = mapped_column(Date)
    creatiedatum: Mapped[date] = mapped_column(Date)
    #: groups or organisations this document is shared with, besides what its confidentiality allows
    gedeeld_met: Mapped[list[Any]] = mapped_column(JSON, default=list)
    uploaded_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    latest_version: Mapped[int] = mapped_column(Integer, default=1)
    verwijderd: Mapped[bool] = mapped_column(Boolean, default=False)
    verwijderd_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    verwijderd_by: Mapped[str | None] = mapped_column(String(80))
    verwijder_reden: Mapped[str | None] = mapped_column(Text)
    #: a final besluit only: the day it was taken and the day it was sent (or laid open), as its PDF says
    besluitdatum: Mapped[date | None] = mapped_column(Date)
    verzenddatum: Mapped[date | None] = mapped_column(Date)
    #: a final besluit only: its outcome (verlenen, weigeren, buiten_behandeling)
    besluit_uitkomst: Mapped[str | None] = mapped_column(String(40))
    #: a final besluit only: the voorschriften and motivering its PDF states (None: made before 0015)
    besluit_voorschriften: Mapped[list[str] | None] = mapped_column(JSON)
    besluit_motivering: Mapped[str | None] = mapped_column(Text)
    versions: Mapped[list[DocumentVersion]] = relationship(
        back_populates="document", order_by="DocumentVersion.versie"
    )

    @classmethod
    def final_besluiten_of(cls, case_id: Any) -> tuple[Any, ...]:
        """The conditions of a case's final besluiten made by the besluit editor (with an outcome); a
        plain upload of type besluit, such as a signed scan, is not one. Every one made, herroepen or not
        (the besluit guard, the record a besluit rests on); the steps read those that still stand
        (``standing_final_besluiten``)."""
        return (cls.case_id == case_id, *cls.final_besluiten())

    @classmethod
    def standing_final_besluiten_of(cls, case_id: Any) -> tuple[Any, ...]:
        """The conditions of a case's final besluiten that still stand (``standing_final_besluiten``)."""
        return (cls.case_id == case_id, *cls.standing_final_besluiten())

    @classmethod
    def final_besluiten(cls) -> tuple[Any, ...]:
        """The conditions of ``final_besluiten_of`` without the case's."""
        return (
            cls.informatieobjecttype == "besluit",
            cls.status == "definitief",
            cls.verwijderd.is_(False),
            cls.besluit_uitkomst.is_not(None),
        )

    @classmethod
    def standing_final_besluiten(cls) -> tuple[Any, ...]:
        """The conditions of the final besluiten (``final_besluiten``) that are still their case's besluit:
        made after the letter its summary names as herroepen (``CaseSummary.herroepen_brief``: the letter
        of a besluit herroepen when the aanvraag was taken back in handling, which with every letter before
        it is no longer the case's besluit), read from the case's row in the same statement, so one case's
        read and a read of many cases at once (services.step_reads) share this one definition."""
        herroepen = Case.summary[("herstart", "brief")].as_integer()
        na = select(herroepen).where(Case.id == cls.case_id).scalar_subquery()
        return (*cls.final_besluiten(), cls.id > func.coalesce(na, 0))


class DocumentVersion(Base):
    """One immutable version; the content lives in the blob store under ``sha256``."""

    __tablename__ = "document_version"
    __table_args__ = (
        UniqueConstraint("document_id", "versie"),
        #: not unique: a deleted document keeps its content, and the same file may be added again
        Index("ix_document_version_case_sha256", "case_id", "sha256"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"))
    #: copied from the document for the duplicate check (a content is in one live document per case)
    case_id: Mapped[int] = mapped_column(ForeignKey("zaak.id"), index=True)
    versie: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    mime_type: Mapped[str] = mapped_column(String(120))
    bestandsnaam: Mapped[str] = mapped_column(String(255))
    uploaded_by: Mapped[str] = mapped_column(String(80))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    document: Mapped[Document] = relationship(back_populates="versions")


# -- specs stored once (issue 12) -----------------------------------------------------------------
class WorkflowSpec(Base):
    """The serialized SpiffWorkflow spec of a deployed version, stored once under its content hash.

    ``WorkflowState.document`` then holds only the instance (tasks, data, events) and names its spec
    by this hash; two cases (or two versions) with the same spec share one row.
    """

    __tablename__ = "workflow_spec"
    spec_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    process_id: Mapped[str] = mapped_column(String(120))
    document: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Adres(Base):
    """A BAG-like address point (verblijfsobject): postcode and huisnummer to a location in RD New."""

    __tablename__ = "adres"
    __table_args__ = (
        UniqueConstraint("postcode", "huisnummer", "huisletter", "toevoeging", name="uq_adres"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    postcode: Mapped[str] = mapped_column(String(6))  # 1234AB, no space
    huisnummer: Mapped[int] = mapped_column(Integer)
    huisletter: Mapped[str] = mapped_column(String(1), default="")
    toevoeging: Mapped[str] = mapped_column(String(4), default="")
    straat: Mapped[str] = mapped_column(String(80), default="")
    woonplaats: Mapped[str] = mapped_column(String(80), default="")
    x: Mapped[float] = mapped_column(Float)
    y: Mapped[float] = mapped_column(Float)
    bron: Mapped[str] = mapped_column(String(120), default="")


# -- outbox (issue 14): effects outside the database, delivered by the worker after commit -------------
class OutboxMessage(Base):
    """One effect of a step on a remote system (a ZGW call, an e-mail), written in the step's transaction.

    ``seq`` orders the messages of one case per channel: a later one waits while an earlier one holds it
    up (``services.outbox.core.blocks``: any undelivered earlier one; for mail, one to the same recipient
    still being tried). ``status``: wachtend (not yet tried, or being tried: then ``next_attempt_at`` in
    the future is the end of the worker's lease) | uitgesteld (the other side takes it only from
    ``next_attempt_at`` on: no failure, ``services.outbox.Postponed``) | mislukt (failed, retried at
    ``next_attempt_at``) | dood (given up; beheer may retry) | terzijde (a mail beheer set aside) | afgeleverd.
    ``next_attempt_at`` None means due now.
    ``last_error``: the error of the last failed try (None once a try postponed or delivered it). A
    handler's note why a delivered message sent nothing (a document deleted before it was delivered) is a
    line in the case's internal history (``services.outbox.core.NOTHING_SENT``), not an error.
    ``postponed_reason``: why a postponed message waits (``Postponed.reason``); kept while a worker tries
    it (given back untried, it waits again), None once a try ends otherwise or beheer offers it again.
    """

    __tablename__ = "outbox_message"
    __table_args__ = (
        UniqueConstraint("channel", "case_id", "seq", name="uq_outbox_message_order"),
        Index("ix_outbox_message_due", "status", "next_attempt_at"),
        Index("ix_outbox_message_delivered", "status", "delivered_at"),  # the mail retention
        Index("ix_outbox_message_case", "case_id", "channel", "seq"),
        Index("ix_outbox_message_ref", "channel", "ref"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("zaak.id"))
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(60))
    #: what the message is about locally ("document:12"), so a publisher can see what it already sent
    ref: Mapped[str | None] = mapped_column(String(120))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(12), default="wachtend")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)
    postponed_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ZgwObject(Base):
    """The URL of a case's object in the zaakregistratie (zaak, status, rol, document...), stored after it
    was created remotely, so that a retried delivery finds it instead of creating it twice."""

    __tablename__ = "zgw_object"
    __table_args__ = (UniqueConstraint("case_id", "local_key", name="uq_zgw_object_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("zaak.id"), index=True)
    #: what it is locally: "zaak", "status:<volgnummer>", "rol:<kind>:<who>", "document:<id>", ...
    local_key: Mapped[str] = mapped_column(String(120))
    resource: Mapped[str] = mapped_column(String(40))
    url: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# -- holder intervals (issue 15) ------------------------------------------------------------------
class HolderInterval(Base):
    """Who held a case from ``started_at`` to ``ended_at`` (open while it still holds it).

    A projection derived from the case's history by ``services.waits``: per case a gap-free,
    non-overlapping sequence (``seq`` 0, 1, ...) over its whole life. ``kind`` is afdeling | extern |
    initiatiefnemer | wettelijke_termijn | systeem; ``public_holder`` is what the status page may show.
    """

    __tablename__ = "holder_interval"
    __table_args__ = (
        UniqueConstraint("case_id", "seq"),
        Index("ix_holder_interval_kind", "kind", "process_id", "ended_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("zaak.id"), index=True)
    process_id: Mapped[str] = mapped_column(String(120))
    seq: Mapped[int] = mapped_column(Integer)
    holder: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20))
    public_holder: Mapped[str] = mapped_column(String(120))
    element_id: Mapped[str | None] = mapped_column(String(120))
    reason: Mapped[str] = mapped_column(Text, default="")
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: Atw working days from the start day (exclusive) to the end day (inclusive); None while open
    working_days: Mapped[int | None] = mapped_column(Integer)
    #: other holders at the same time (parallel tasks or waits), by name
    parallel: Mapped[list[Any]] = mapped_column(JSON, default=list)


class OutsideWait(Base):
    """A span in which the case waited for an outside organisation's answer (a catch event whose model
    ``houder`` is outside), whether or not that organisation held the case then (``holder_interval``
    keeps one holder at a time: an open municipal task beside the wait holds it there).

    A projection derived from the case's recorded waits by ``services.waits``; open (``ended_at``
    NULL) while the case still waits.
    """

    __tablename__ = "outside_wait"
    __table_args__ = (
        Index("ix_outside_wait_case_open", "case_id", "ended_at"),
        Index("ix_outside_wait_process", "process_id", "ended_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("zaak.id"))
    process_id: Mapped[str] = mapped_column(String(120))
    holder: Mapped[str] = mapped_column(String(120))
    element_id: Mapped[str] = mapped_column(String(120))
    reason: Mapped[str] = mapped_column(Text, default="")
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: Atw working days from the start day (exclusive) to the end day (inclusive); None while open
    working_days: Mapped[int | None] = mapped_column(Integer)


class TaskWait(Base):
    """One team's share of a completed task: how long it waited for that team (until claimed or
    assigned) and was worked on while the team had it. A task a migration moved to other groups
    (``services.waits.moves``) has a share per team, in order (``share``); any other task one (share 0).
    ``created_at``, ``claimed_at`` (its first claim) and ``completed_at`` are the task's own in each."""

    __tablename__ = "task_wait"
    __table_args__ = (
        # covering the heatmap's query: per model, ordered by element, filtered by period and group, a
        # task's shares summed
        Index(
            "ix_task_wait_heatmap",
            "process_id",
            "element_id",
            "completed_at",
            "group_name",
            "waiting_s",
            "working_s",
            "share",
            "task_id",
        ),
        Index("ix_task_wait_group", "process_id", "group_name"),
    )
    task_id: Mapped[int] = mapped_column(ForeignKey("human_task.id"), primary_key=True)
    share: Mapped[int] = mapped_column(Integer, primary_key=True, default=0, server_default="0")
    case_id: Mapped[int] = mapped_column(ForeignKey("zaak.id"), index=True)
    process_id: Mapped[str] = mapped_column(String(120))
    element_id: Mapped[str] = mapped_column(String(120))
    group_name: Mapped[str] = mapped_column(String(120), default="")
    external: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    completed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    waiting_s: Mapped[float] = mapped_column(Float)
    working_s: Mapped[float] = mapped_column(Float)


# -- the model editor (issue 17) ------------------------------------------------------------------
class ModelDraft(Base):
    """A beheerder's unsaved work on one model: the edited BPMN XML and the edited scenario YAML.

    One draft per (process, user); it starts from the latest deployed version (``base_version``) and is
    removed when it is taken into use.
    """

    __tablename__ = "model_draft"
    __table_args__ = (UniqueConstraint("process_id", "username", name="uq_model_draft"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[str] = mapped_column(String(120), index=True)
    username: Mapped[str] = mapped_column(String(80))
    filename: Mapped[str] = mapped_column(String(255))
    base_version: Mapped[int] = mapped_column(Integer)
    xml: Mapped[str] = mapped_column(Text)
    scenarios: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ModelScenarioText(Base):
    """One "In gebruik nemen" from the editor (an audit line, never changed): the scenario YAML the
    version was taken into use with, who did it and when, and the reason when it was forced past
    failing scenarios or a newer version (``forced_reason``). ``new_version`` is false when the model
    was unchanged: then only the scenario text was stored, beside the version already in use."""

    __tablename__ = "model_scenario_text"
    id: Mapped[int] = mapped_column(primary_key=True)
    definition_id: Mapped[int] = mapped_column(ForeignKey("process_definition.id"), index=True)
    process_id: Mapped[str] = mapped_column(String(120), index=True)
    scenarios: Mapped[str] = mapped_column(Text)
    deployed_by: Mapped[str] = mapped_column(String(80))
    deployed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    forced_reason: Mapped[str | None] = mapped_column(Text)
    new_version: Mapped[bool] = mapped_column(Boolean, default=True)


class AccountEvent(Base):
    """One change of an account (an audit line, never changed but for its username when an initiator
    account whose name may be personal is anonymised, services.bewaren.accounts, and a search's text after
    its term, services.bewaren.zoeklog): created, updated
    (role, groups, password, address, token), given a new token, its access revoked or anonymised; who did it, and what the
    role and groups were before and after. Written in the transaction of the change. No secret and no
    e-mail address is kept: only whether the password or the address changed. Also one line per search for
    a person's data (``persoon-gezocht``, ``persoon-inzage``; services.inzage): username "" (no account),
    ``nu`` the search text, which may be a name or an e-mail address, and how many places were found: what
    was searched, not what was found; the text goes after its term (services.bewaren.zoeklog)."""

    __tablename__ = "account_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    username: Mapped[str] = mapped_column(String(80), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    door: Mapped[str] = mapped_column(String(200))
    was: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    nu: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    taken_vrijgegeven: Mapped[int] = mapped_column(Integer, default=0)


class IdempotencyKey(Base):
    """An ``Idempotency-Key`` an account sent with a call of the API that starts a case or sends it a message
    (services.idempotency): written in that call's transaction, so a retry with the same key answers that
    case instead of doing it again. ``fingerprint`` hashes the call (method, path, body) the key was first used for; a
    row older than ``services.idempotency.LIFETIME`` counts as gone and is replaced."""

    __tablename__ = "idempotency_key"
    __table_args__ = (UniqueConstraint("username", "key", name="uq_idempotency_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80))
    key: Mapped[str] = mapped_column(String(255))
    fingerprint: Mapped[str] = mapped_column(String(64))
    case_id: Mapped[int] = mapped_column(ForeignKey("zaak.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class Vernietiging(Base):
    """One line of the destruction register (verklaring van vernietiging, Archiefbesluit 1995 art. 8):
    a closed case whose personal data ``zaken opschonen --uitvoeren`` removed after its bewaartermijn
    (services.bewaren.register), written in the transaction that removes it. What the zaak was (its
    reference, zaaktype and procedure, resultaat), on which basis it went (its resultaattype and that
    type's Selectielijst class, archiefnominatie and term as zgw.toml gives them; none when the default
    term applied), from which day the term counted (brondatum) to which (archiefactiedatum), what was
    done (``handeling``: vernietigd, or gepseudonimiseerd by a run before 0033), the day of the run, who
    ran it, the approved list the run took and who approved it on which day (``VernietigingslijstGoedkeuring``;
    empty before 0037), and a one-way hash of the case's tracking code (its old link answers 410). Never
    deleted; ``case_id`` (no foreign key: the line outlives the case) is emptied when the case is
    destroyed, which leaves the reference to name it."""

    __tablename__ = "vernietiging"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(Integer, index=True)
    zaak: Mapped[str] = mapped_column(String(32))
    zaaktype: Mapped[str] = mapped_column(String(120))
    procedure: Mapped[str] = mapped_column(String(60))
    resultaat: Mapped[str] = mapped_column(Text, default="")
    resultaattype: Mapped[str | None] = mapped_column(String(80))
    resultaattype_omschrijving: Mapped[str | None] = mapped_column(String(80))
    #: the Selectielijst class's number ("11.2"); None when the default term applied, or before 0037
    selectielijstklasse_nummer: Mapped[str | None] = mapped_column(String(40))
    selectielijstklasse: Mapped[str | None] = mapped_column(String(500))
    archiefnominatie: Mapped[str | None] = mapped_column(String(20))
    archiefactietermijn: Mapped[str] = mapped_column(String(20))
    brondatum: Mapped[date] = mapped_column(Date)
    archiefactiedatum: Mapped[date] = mapped_column(Date)
    handeling: Mapped[str] = mapped_column(String(40))
    uitgevoerd_op: Mapped[date] = mapped_column(Date, index=True)
    uitgevoerd_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    uitgevoerd_door: Mapped[str] = mapped_column(String(200))
    lijst: Mapped[str] = mapped_column(String(500))
    lijst_sha256: Mapped[str] = mapped_column(String(64))
    goedgekeurd_door: Mapped[str | None] = mapped_column(String(200))
    goedgekeurd_op: Mapped[date | None] = mapped_column(Date)
    #: SHA-256 of the destroyed case's tracking code (services.bewaren.register.volgcode_sha256); None
    #: before 0037
    volgcode_sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    #: what became of the zaakregistratie's copy (Open Zaak): not destroyed by the run; None before 0033
    zaakregistratie: Mapped[str | None] = mapped_column(Text)
    #: the destroyed case's files still to be removed after the commit, written in the destroying
    #: transaction and cleared when they are gone (services.bewaren.bestanden: {"inhoud": [SHA-256],
    #: "mails": [file name]}); None when nothing is left
    te_verwijderen: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))


class VernietigingslijstGoedkeuring(Base):
    """The recorded approval of a vernietigingslijst (services.bewaren.register.goedkeuren): who approved
    the list with this SHA-256, on which day, its file name, database and number of cases. A run of
    ``zaken opschonen --uitvoeren`` takes only a list whose hash has one. Never deleted."""

    __tablename__ = "vernietigingslijst_goedkeuring"
    id: Mapped[int] = mapped_column(primary_key=True)
    lijst: Mapped[str] = mapped_column(String(500))
    lijst_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    database: Mapped[str] = mapped_column(String(36))
    zaken: Mapped[int] = mapped_column(Integer)
    goedgekeurd_door: Mapped[str] = mapped_column(String(200))
    goedgekeurd_op: Mapped[date] = mapped_column(Date)
    goedgekeurd_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Installatie(Base):
    """This database's own random id (services.installatie), one row made on first need: a vernietigingslijst
    names it, so a list a dry run wrote for another database (an acceptance copy, another municipality) is
    refused here."""

    __tablename__ = "installatie"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kenmerk: Mapped[str] = mapped_column(String(36))

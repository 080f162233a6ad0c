"""Reads for the proposal pages: a lab's proposals, one proposal with
everything around it, and its history of versions with what changed.

Each page runs a fixed number of queries whatever the number of comments,
pledges, versions or proposals (asserted in actions/tests/test_proposals_views.py).
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Field, OuterRef, Prefetch

from actions.models import (
    ActionPlan,
    Endorsement,
    Pledge,
    Proposal,
    ProposalComment,
    ProposalVersion,
)
from actions.selectors.lineage import Origins, origins_of
from actions.selectors.pledges import pledge_count
from actions.services.proposals import KIND_FIELDS, TEXT_FIELDS
from directory.models import Organisation
from labs.models import Lab
from lib.queries import count_of

# --- A lab's proposals ------------------------------------------------------------------


def lab_proposals(*, lab: Lab, kind: str = "", status: str = "") -> list[Proposal]:
    """The lab's proposals, newest change first, with their agencies and the
    number of comments, endorsements and pledges (two queries)."""
    proposals = (
        Proposal.objects.filter(lab=lab)
        .select_related("challenge")
        .prefetch_related(Prefetch("agencies", queryset=Organisation.objects.order_by("name_th")))
        .annotate(
            comment_count=count_of(
                ProposalComment.objects.filter(proposal=OuterRef("pk")), "proposal"
            ),
            endorsement_count=count_of(
                Endorsement.objects.filter(proposal=OuterRef("pk")), "proposal"
            ),
            pledge_count=pledge_count(),
        )
        .order_by("-updated_at", "-pk")
    )
    if kind:
        proposals = proposals.filter(kind=kind)
    if status:
        proposals = proposals.filter(status=status)
    return list(proposals)


# --- One proposal -------------------------------------------------------------------------


@dataclass
class PledgeCell:
    count: int = 0
    amounts: dict[str, Decimal] = field(default_factory=dict)


@dataclass
class PledgeRow:
    kind: str
    label: str
    cells: list[PledgeCell]
    pledged: dict[str, Decimal]  # unit -> amount, withdrawn pledges left out


def pledge_totals(pledges: list[Pledge]) -> list[PledgeRow]:
    """Per kind of support present: the pledges and their amounts (per unit)
    in each status, and what is pledged and not withdrawn."""
    statuses = list(Pledge.Status.values)
    cells: dict[str, dict[str, PledgeCell]] = defaultdict(dict)
    pledged: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for pledge in pledges:
        cell = cells[pledge.kind].setdefault(pledge.status, PledgeCell())
        cell.count += 1
        if pledge.amount is not None:
            cell.amounts[pledge.unit] = cell.amounts.get(pledge.unit, Decimal(0)) + pledge.amount
            if pledge.status != Pledge.Status.WITHDRAWN:
                pledged[pledge.kind][pledge.unit] = (
                    pledged[pledge.kind].get(pledge.unit, Decimal(0)) + pledge.amount
                )
    return [
        PledgeRow(
            kind=kind,
            label=str(label),
            cells=[cells[kind].get(status, PledgeCell()) for status in statuses],
            pledged=pledged.get(kind, {}),
        )
        for kind, label in Pledge.Kind.choices
        if kind in cells
    ]


@dataclass
class ProposalDetail:
    proposal: Proposal
    personas: list[Any]
    agencies: list[Organisation]
    sdgs: list[Any]
    status_changes: list[Any]
    comments: list[ProposalComment]
    endorsements: list[Endorsement]
    pledges: list[Pledge]
    pledge_totals: list[PledgeRow]
    plans: list[ActionPlan]
    origins: Origins
    fields: list[tuple[str, str, str]]  # (name, label, text) of the kind's filled text fields


def _field_label(name: str) -> str:
    field = Proposal._meta.get_field(name)
    assert isinstance(field, Field)
    return str(field.verbose_name)


def proposal_detail(*, proposal: Proposal) -> ProposalDetail:
    """Everything the proposal page shows (a fixed ten queries)."""
    pledges = list(
        proposal.pledges.select_related("organisation", "pledged_by").order_by("created_at", "pk")
    )
    names = [
        n
        for n in KIND_FIELDS[proposal.kind]
        if n in TEXT_FIELDS and n not in {"title_th", "title_en", "summary"}
    ]
    return ProposalDetail(
        proposal=proposal,
        personas=list(proposal.personas.order_by("name", "pk")),
        agencies=list(proposal.agencies.order_by("name_th")),
        sdgs=list(proposal.sdgs.all()),
        status_changes=list(proposal.status_changes.select_related("created_by")),
        comments=list(
            proposal.comments.select_related("author", "organisation").order_by("created_at", "pk")
        ),
        endorsements=list(
            proposal.endorsements.select_related("organisation", "endorsed_by").order_by(
                "created_at", "pk"
            )
        ),
        pledges=pledges,
        pledge_totals=pledge_totals(pledges),
        plans=list(proposal.action_plans.order_by("pk")),
        origins=origins_of(proposal=proposal),
        fields=[
            (name, _field_label(name), getattr(proposal, name))
            for name in names
            if getattr(proposal, name)
        ],
    )


def user_organisations(user: Any) -> list[Organisation]:
    """The organisations a user is a focal point of, by name (one query)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(user.focal_point_of.order_by("name_th"))


# --- History --------------------------------------------------------------------------------


def _tokens(text: str) -> list[str]:
    """Words of a text with the spaces and line breaks between them, so that
    the pieces join back into the text: Thai has no spaces between words, so
    a diff by whitespace would mark whole sentences."""
    from pythainlp.tokenize import word_tokenize

    tokens = word_tokenize(text, engine="newmm", keep_whitespace=True)
    return tokens if "".join(tokens) == text else text.splitlines(keepends=True)


def text_diff(old: str, new: str) -> list[tuple[str, str]]:
    """[(op, text)]: op is "same", "del" or "ins"; consecutive pieces merged."""
    a, b = _tokens(old or ""), _tokens(new or "")
    pieces: list[tuple[str, str]] = []

    def add(op: str, text: str) -> None:
        if not text:
            return
        if pieces and pieces[-1][0] == op:
            pieces[-1] = (op, pieces[-1][1] + text)
        else:
            pieces.append((op, text))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            add("same", "".join(a[i1:i2]))
        else:
            add("del", "".join(a[i1:i2]))
            add("ins", "".join(b[j1:j2]))
    return pieces


def _label_of(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("label", ""))
    return "" if value is None else str(value)


@dataclass
class FieldChange:
    name: str
    label: str
    kind: str  # "text", "list" or "value"
    pieces: list[tuple[str, str]] = field(default_factory=list)  # text
    added: list[str] = field(default_factory=list)  # list
    removed: list[str] = field(default_factory=list)
    old: str = ""  # value
    new: str = ""


@dataclass
class VersionView:
    version: ProposalVersion
    changes: list[FieldChange]
    content: list[tuple[str, str]]  # (label, text) of the whole version


def _change(name: str, before: Any, after: Any) -> FieldChange:
    change = FieldChange(name=name, label=_field_label(name), kind="value")
    if name in TEXT_FIELDS:
        change.kind = "text"
        change.pieces = text_diff(before or "", after or "")
    elif isinstance(after, list) or isinstance(before, list):
        change.kind = "list"
        old = {item["id"]: item["label"] for item in before or []}
        new = {item["id"]: item["label"] for item in after or []}
        change.added = [label for pk, label in new.items() if pk not in old]
        change.removed = [label for pk, label in old.items() if pk not in new]
    else:
        change.old, change.new = _label_of(before), _label_of(after)
    return change


def _shown(name: str, value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(item.get("label", "") for item in value)
    return _label_of(value)


def version_history(*, proposal: Proposal) -> list[VersionView]:
    """Every version, newest first, with its changes against the one before (one query)."""
    versions = list(proposal.versions.select_related("created_by").order_by("number"))
    views: list[VersionView] = []
    previous: dict[str, Any] = {}
    for version in versions:
        content = version.content
        # The first version is shown whole, not as a change from nothing.
        changes = [
            _change(name, previous.get(name), content.get(name))
            for name in version.changed_fields
            if name in content and previous
        ]
        views.append(
            VersionView(
                version=version,
                changes=changes,
                content=[
                    (_field_label(name), _shown(name, value))
                    for name, value in content.items()
                    if value not in (None, "", [])
                ],
            )
        )
        previous = content
    views.reverse()
    return views

"""Writes of the import: the all-or-nothing commit, and the web import jobs.

import_commit() is the one place imported rows reach the directory. It
writes in bulk (tens of thousands of rows), so it does not call the
per-object services in directory.services; it records the same audit
actions they do and refreshes the search index after commit.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import AuditItem, audit_record, audit_record_many
from directory.imports import mapping
from directory.imports.duplicates import ACTIONS, default_action
from directory.imports.mapping import Layout
from directory.imports.readers import ReadError, file_format, read_file
from directory.imports.validation import Plan, Record, RowError, build_plan, detect_layouts
from directory.models import Affiliation, ImportJob, Organisation, OrganisationAlias, Person, Tag
from directory.services import ORGANISATION_FIELDS, PERSON_FIELDS
from lib.bulk import insert_rows
from lib.thai.text import compact
from search.services import reindex_on_commit

Progress = Callable[[int, int], None]

BATCH = 1000
PREVIEW_LIMIT = 1000  # errors and duplicates kept for the preview page
# The directory's fields as the importer writes them: the parent is set
# from other rows once they exist, the province by id.
ORGANISATION_VALUES = tuple(
    "province_id" if name == "province" else name
    for name in ORGANISATION_FIELDS
    if name != "parent"
)
PERSON_VALUES = PERSON_FIELDS


class ImportHasErrors(Exception):
    """The file has row errors; nothing was written."""

    def __init__(self, errors: list[RowError]):
        super().__init__(
            _("The file has %(count)s errors; nothing was imported.") % {"count": len(errors)}
        )
        self.errors = errors


@dataclass
class ImportResult:
    filename: str
    organisations: dict[str, int] = field(
        default_factory=lambda: {"created": 0, "updated": 0, "skipped": 0}
    )
    people: dict[str, int] = field(
        default_factory=lambda: {"created": 0, "updated": 0, "skipped": 0}
    )
    created_organisations: list[int] = field(default_factory=list)
    created_people: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "filename": self.filename,
            "organisations": self.organisations,
            "people": self.people,
            # A sample to link to from the result page, not the full list.
            "created_organisations": self.created_organisations[:20],
            "created_people": self.created_people[:20],
        }


# --- Reading and checking (no writes) -------------------------------------------------


def prepare(
    *,
    data: bytes,
    filename: str,
    kind: str = "",
    sheet: str | None = None,
    layouts: list[Layout] | None = None,
    decisions: dict[str, str] | None = None,
    on_duplicate: str | None = None,
    progress: Progress | None = None,
) -> Plan:
    """Read, map, validate and find duplicates: everything but the writes."""
    workbook = read_file(data, filename, sheet=sheet or None)
    if layouts is None:
        layouts, _skipped = detect_layouts(workbook, kind=kind)
        if not layouts:
            raise ReadError(no_header_message(kind))
    return build_plan(
        workbook, layouts, progress=progress, decisions=decisions, on_duplicate=on_duplicate
    )


def no_header_message(kind: str = "") -> str:
    if kind == mapping.PEOPLE:
        example = "คำนำหน้า, ชื่อ, นามสกุล, ตำแหน่ง, หน่วยงาน, อีเมล"
    else:
        example = "ชื่อหน่วยงาน, ชื่อย่อ, ภาค, ประเภท, สังกัด, จังหวัด"
    return _(
        "No header row was recognised in the first rows of the file. "
        "Name the columns, for example: %(example)s."
    ) % {"example": example}


# --- The commit -------------------------------------------------------------------


def import_commit(
    *,
    by: Any,
    job: ImportJob | None = None,
    plan: Plan | None = None,
    decisions: dict[str, str] | None = None,
    on_duplicate: str | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Write a checked plan (or re-check and write a web job's file) in one
    transaction. Any row error raises ImportHasErrors and writes nothing."""
    if (job is None) == (plan is None):
        raise TypeError("import_commit needs exactly one of job= or plan=")
    with _large_cache(), transaction.atomic():
        if job is not None:
            # Checked again inside the transaction: the directory may have
            # changed since the preview.
            plan = prepare(
                data=bytes(job.data),
                filename=job.filename,
                sheet=job.sheet or None,
                layouts=[Layout.from_dict(d) for d in job.layouts],
                decisions={**job.decisions, **(decisions or {})},
                on_duplicate=on_duplicate,
            )
        elif decisions or on_duplicate:
            _redecide(plan, decisions or {}, on_duplicate)  # type: ignore[arg-type]
        assert plan is not None
        if plan.errors:
            raise ImportHasErrors(plan.errors)
        writer = _Writer(plan=plan, by=by, progress=progress)
        result = writer.write()
        audit_record(
            actor=by,
            action="directory.import",
            changes={
                "file": plan.filename,
                "organisations": result.organisations,
                "people": result.people,
            },
        )
    return result


@contextmanager
def _large_cache() -> Iterator[None]:
    """Give SQLite a larger page cache for the import and the search
    reindex that follows it: inserting hundreds of thousands of index rows
    into tables of millions thrashes the default 2 MB cache."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (before,) = cursor.fetchone()
        cursor.execute("PRAGMA cache_size = -262144")  # 256 MiB, allocated only as used
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def _redecide(plan: Plan, decisions: dict[str, str], on_duplicate: str | None) -> None:
    from directory.imports.duplicates import decide

    decide(plan, decisions, on_duplicate=on_duplicate)


def _json(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class _Writer:
    def __init__(self, *, plan: Plan, by: Any, progress: Progress | None) -> None:
        self.plan = plan
        self.by = by
        self.progress = progress
        self.now = timezone.now()
        self.entries: list[AuditItem] = []
        self.records = {r.key: r for r in plan.records}
        self.org_pk: dict[str, int] = {}  # record key -> organisation written or matched
        self.result = ImportResult(filename=plan.filename)
        self.done = 0
        self.total = len(plan.records)

    def write(self) -> ImportResult:
        organisations = self.plan.organisations
        people = self.plan.people
        if organisations:
            self._organisations(organisations)
        if people:
            self._people(people)
        audit_record_many(actor=self.by, entries=self.entries)
        self._tick(0)
        return self.result

    def _tick(self, count: int) -> None:
        self.done += count
        if self.progress is not None:
            self.progress(self.done, self.total)

    # -- organisations --

    def org_id(self, ref: tuple[str, Any] | None) -> int | None:
        """The organisation a reference ends at, once organisations are written."""
        seen: set[str] = set()
        while ref is not None:
            if ref[0] == "org":
                return int(ref[1])
            key = ref[1]
            if key in self.org_pk:
                return self.org_pk[key]
            record = self.records.get(key)
            if record is None or key in seen or record.match is None:
                return None
            seen.add(key)
            if record.match.target_id is not None:
                return record.match.target_id
            ref = ("row", f"{record.sheet_index}:{record.match.target_row}")
        return None

    def _organisations(self, records: list[Record]) -> None:
        creates = [r for r in records if r.action == "create"]
        updates = [r for r in records if r.action == "update"]
        self.result.organisations["skipped"] = sum(1 for r in records if r.action == "skip")
        for record in updates:
            self.org_pk[record.key] = record.target_id  # type: ignore[assignment]
        objects = []
        for record in creates:
            values = {k: v for k, v in record.values.items() if k in ORGANISATION_VALUES}
            parent = record.parent[1] if record.parent and record.parent[0] == "org" else None
            objects.append(
                Organisation(**values, parent_id=parent, created_at=self.now, updated_at=self.now)
            )
        for start in range(0, len(objects), BATCH):
            Organisation.objects.bulk_create(objects[start : start + BATCH])
            self._tick(len(objects[start : start + BATCH]))
        for record, obj in zip(creates, objects, strict=True):
            self.org_pk[record.key] = obj.pk
        # Parents named by other rows of the file are known only now.
        late = []
        for record, obj in zip(creates, objects, strict=True):
            if record.parent and record.parent[0] == "row":
                obj.parent_id = self.org_id(record.parent)
                late.append(obj)
        Organisation.objects.bulk_update(late, ["parent"], batch_size=BATCH)
        names = self._names_of({o.parent_id for o in objects if o.parent_id})
        aliases: list[OrganisationAlias] = []
        for record, obj in zip(creates, objects, strict=True):
            own = _own_keys(obj)
            kept = _new_aliases(record.aliases, own)
            aliases += [
                OrganisationAlias(organisation_id=obj.pk, name=a, kind=OrganisationAlias.Kind.ALIAS)
                for a in kept
            ]
            changes = {k: _json(getattr(obj, k)) for k in ORGANISATION_VALUES}
            changes["parent"] = (
                {"id": obj.parent_id, "repr": names.get(obj.parent_id, "")}
                if obj.parent_id
                else None
            )
            changes["aliases"] = kept
            self.entries.append(
                AuditItem(
                    "directory.organisation.create", Organisation, obj.pk, obj.name_th, changes
                )
            )
        self.result.organisations["created"] = len(objects)
        self.result.created_organisations = [o.pk for o in objects]
        updated = self._update_organisations(updates, aliases)
        OrganisationAlias.objects.bulk_create(aliases, batch_size=BATCH, ignore_conflicts=True)
        reindex_on_commit(kind="organisation", ids=[o.pk for o in objects] + updated)

    def _names_of(self, pks: Iterable[int]) -> dict[int, str]:
        wanted = list(pks)
        names: dict[int, str] = {}
        for start in range(0, len(wanted), BATCH):
            names.update(
                Organisation.objects.filter(pk__in=wanted[start : start + BATCH]).values_list(
                    "pk", "name_th"
                )
            )
        return names

    def _update_organisations(
        self, updates: list[Record], aliases: list[OrganisationAlias]
    ) -> list[int]:
        if not updates:
            return []
        ids = [r.target_id for r in updates if r.target_id is not None]
        existing: dict[int, Organisation] = {}
        for start in range(0, len(ids), BATCH):
            existing.update(Organisation.objects.in_bulk(ids[start : start + BATCH]))
        current_aliases: dict[int, set[str]] = defaultdict(set)
        for start in range(0, len(ids), BATCH):
            for org_id, name in OrganisationAlias.objects.filter(
                organisation_id__in=ids[start : start + BATCH]
            ).values_list("organisation_id", "name"):
                current_aliases[org_id].add(compact(name))
        changed_fields: set[str] = set()
        changed: list[Organisation] = []
        for record in updates:
            obj = existing.get(record.target_id)  # type: ignore[arg-type]
            if obj is None:
                continue
            changes: dict[str, list[Any]] = {}
            # Blank cells leave what the directory knows: offices' files are
            # often partial, and a blank is not a deliberate erasure.
            for name in ORGANISATION_VALUES:
                if name in record.values and getattr(obj, name) != record.values[name]:
                    changes[name] = [_json(getattr(obj, name)), _json(record.values[name])]
                    setattr(obj, name, record.values[name])
            if record.parent is not None:
                parent = self.org_id(record.parent)
                if parent is not None and parent != obj.parent_id:
                    changes["parent"] = [obj.parent_id, parent]
                    obj.parent_id = parent
            kept = _new_aliases(record.aliases, _own_keys(obj) | current_aliases[obj.pk])
            if kept:
                aliases += [
                    OrganisationAlias(
                        organisation_id=obj.pk, name=a, kind=OrganisationAlias.Kind.ALIAS
                    )
                    for a in kept
                ]
                changes["aliases"] = [sorted(current_aliases[obj.pk]), kept]
            if changes:
                obj.updated_at = self.now
                changed_fields |= {
                    ("parent" if k == "parent" else k) for k in changes if k != "aliases"
                }
                changed.append(obj)
                self.entries.append(
                    AuditItem(
                        "directory.organisation.update", Organisation, obj.pk, obj.name_th, changes
                    )
                )
        if changed and changed_fields:
            Organisation.objects.bulk_update(
                changed, sorted(changed_fields | {"updated_at"}), batch_size=BATCH
            )
        self.result.organisations["updated"] = len(changed)
        self.result.organisations["skipped"] += len(updates) - len(changed)
        self._tick(len(updates))
        return [o.pk for o in changed]

    # -- people --

    def _people(self, records: list[Record]) -> None:
        creates = [r for r in records if r.action == "create"]
        updates = [r for r in records if r.action == "update"]
        self.result.people["skipped"] = sum(1 for r in records if r.action == "skip")
        tags = self._tags({t for r in creates + updates for t in r.tags})
        defaults = {name: Person._meta.get_field(name).get_default() for name in PERSON_VALUES}  # type: ignore[union-attr]
        rows = [
            {name: record.values.get(name, defaults[name]) for name in PERSON_VALUES}
            for record in creates
        ]
        columns = [*PERSON_VALUES, "contact_consent_at", "created_at", "updated_at"]
        insert_rows(
            Person,
            columns,
            [
                (*row.values(), self.now if row["contact_consent"] else None, self.now, self.now)
                for row in rows
            ],
        )
        # The new rows are the ones stamped with this import's moment, in
        # insertion order; bulk_create would return the ids too, but 999
        # parameters per INSERT on SQLite made it the slowest step.
        ids = list(
            Person.objects.filter(created_at=self.now).order_by("pk").values_list("pk", flat=True)
        )
        if len(ids) != len(rows):
            raise RuntimeError(
                "imported people could not be told apart from others created at the same moment"
            )
        self._tick(len(rows))
        through = Person.tags.through
        links: list[tuple[int, int]] = []
        affiliations: list[tuple[Any, ...]] = []
        org_ids = {self.org_id(r.organisation) for r in creates + updates if r.organisation}
        org_names = self._names_of(pk for pk in org_ids if pk)
        for record, row, pk in zip(creates, rows, ids, strict=True):
            links += [(pk, tags[t]) for t in dict.fromkeys(record.tags)]
            org = self.org_id(record.organisation) if record.organisation else None
            if org is not None:
                affiliations.append((pk, org, row["position"], record.start_date))
            changes = {k: _json(v) for k, v in row.items()}
            changes["tags"] = sorted(set(record.tags))
            changes["organisation"] = {"id": org, "repr": org_names.get(org, "")} if org else None
            label = " ".join(
                p for p in (row["first_name_th"], row["last_name_th"]) if p
            ) or " ".join(p for p in (row["first_name_en"], row["last_name_en"]) if p)
            self.entries.append(AuditItem("directory.person.create", Person, pk, label, changes))
        self.result.people["created"] = len(rows)
        self.result.created_people = ids
        updated = self._update_people(updates, tags, links, affiliations)
        # Tags already on a person were left out above, so plain inserts do.
        insert_rows(through, ["person", "tag"], links)
        insert_rows(Affiliation, ["person", "organisation", "position", "start_date"], affiliations)
        reindex_on_commit(kind="person", ids=ids + updated)

    def _tags(self, names: set[str]) -> dict[str, int]:
        wanted = sorted(n for n in names if n)
        if not wanted:
            return {}
        Tag.objects.bulk_create(
            [Tag(name=n) for n in wanted], ignore_conflicts=True, batch_size=BATCH
        )
        ids: dict[str, int] = {}
        for start in range(0, len(wanted), BATCH):
            ids.update(
                Tag.objects.filter(name__in=wanted[start : start + BATCH]).values_list("name", "pk")
            )
        return ids

    def _update_people(
        self,
        updates: list[Record],
        tags: dict[str, int],
        links: list[tuple[int, int]],
        affiliations: list[tuple[Any, ...]],
    ) -> list[int]:
        if not updates:
            return []
        ids = [r.target_id for r in updates if r.target_id is not None]
        existing: dict[int, Person] = {}
        current_tags: dict[int, set[int]] = defaultdict(set)
        current_orgs: dict[int, set[int]] = defaultdict(set)
        today = timezone.localdate()
        through = Person.tags.through
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            existing.update(Person.objects.in_bulk(chunk))
            for person_id, tag_id in through.objects.filter(person_id__in=chunk).values_list(
                "person_id", "tag_id"
            ):
                current_tags[person_id].add(tag_id)
            for person_id, org_id, end in Affiliation.objects.filter(
                person_id__in=chunk
            ).values_list("person_id", "organisation_id", "end_date"):
                if end is None or end >= today:
                    current_orgs[person_id].add(org_id)
        changed_fields: set[str] = set()
        changed: list[Person] = []
        touched: list[int] = []
        for record in updates:
            obj = existing.get(record.target_id)  # type: ignore[arg-type]
            if obj is None:
                continue
            changes: dict[str, list[Any]] = {}
            for name in PERSON_VALUES:
                if name in record.values and getattr(obj, name) != record.values[name]:
                    changes[name] = [getattr(obj, name), record.values[name]]
                    setattr(obj, name, record.values[name])
            if "contact_consent" in changes:
                obj.contact_consent_at = self.now if obj.contact_consent else None
                changed_fields.add("contact_consent_at")
            new_tags = [
                t for t in dict.fromkeys(record.tags) if tags[t] not in current_tags[obj.pk]
            ]
            if new_tags:
                links += [(obj.pk, tags[t]) for t in new_tags]
                changes["tags"] = [[], new_tags]
            org = self.org_id(record.organisation) if record.organisation else None
            if org is not None and org not in current_orgs[obj.pk]:
                # People move: the new affiliation is added; ending the old one
                # is a decision for the person's page, not for a file.
                affiliations.append((obj.pk, org, obj.position, record.start_date))
                changes["organisation"] = [None, org]
            if changes:
                touched.append(obj.pk)
                fields = {k for k in changes if k in PERSON_VALUES}
                if fields:
                    obj.updated_at = self.now
                    changed_fields |= fields | {"updated_at"}
                    changed.append(obj)
                self.entries.append(
                    AuditItem(
                        "directory.person.update", Person, obj.pk, _person_label(obj), changes
                    )
                )
        if changed:
            Person.objects.bulk_update(changed, sorted(changed_fields), batch_size=BATCH)
        self.result.people["updated"] = len(touched)
        self.result.people["skipped"] += len(updates) - len(touched)
        self._tick(len(updates))
        return touched


def _own_keys(obj: Organisation) -> set[str]:
    return {
        compact(obj.name_th),
        compact(obj.name_en),
        compact(obj.abbreviation_th),
        compact(obj.abbreviation_en),
    } - {""}


def _new_aliases(names: list[str], known: set[str]) -> list[str]:
    kept, keys = [], set(known)
    max_length = OrganisationAlias._meta.get_field("name").max_length or 300
    for name in names:
        key = compact(name)
        if key and key not in keys:
            keys.add(key)
            kept.append(name[:max_length])
    return kept


def _person_label(person: Person) -> str:
    return person.name_th or person.name_en


# --- Web import jobs --------------------------------------------------------------


def import_job_create(
    *, by: Any, data: bytes, filename: str, kind: str = "", sheet: str = ""
) -> ImportJob:
    """Accept an upload: a known file type within the size limit."""
    if len(data) > settings.SAPHAN_IMPORT_MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(limit)s MB.")
            % {"limit": settings.SAPHAN_IMPORT_MAX_BYTES // (1024 * 1024)}
        )
    if not data:
        raise ValidationError(_("The file is empty."))
    if file_format(filename) is None:
        raise ValidationError(_("Only CSV and XLSX files can be imported."))
    if kind and kind not in mapping.KINDS:
        raise ValidationError(_("Unknown kind of records."))
    return ImportJob.objects.create(
        created_by=by,
        filename=filename[:255],
        data=data,
        kind=kind,
        sheet=sheet[:100],
        stage=ImportJob.Stage.READING,
    )


def _save(job: ImportJob, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=[*fields, "updated_at"])


def import_job_read(*, job: ImportJob, progress: Progress | None = None) -> ImportJob:
    """Find the header and propose a mapping for each sheet."""
    try:
        workbook = read_file(
            bytes(job.data), job.filename, sheet=job.sheet or None, progress=progress
        )
    except ReadError as exc:
        _save(job, stage=ImportJob.Stage.FAILED, error=str(exc))
        return job
    layouts, skipped = detect_layouts(workbook, kind=job.kind)
    if not layouts:
        _save(job, stage=ImportJob.Stage.FAILED, error=no_header_message(job.kind))
        return job
    _save(
        job,
        stage=ImportJob.Stage.MAPPING,
        layouts=[lay.as_dict() for lay in layouts],
        rows_total=sum(len(s.rows) for s in workbook.sheets),
        preview={
            "skipped_sheets": skipped,
            "encoding": workbook.encoding,
            "delimiter": workbook.delimiter,
        },
    )
    return job


def import_job_set_mapping(*, job: ImportJob, mappings: list[list[str]]) -> ImportJob:
    layouts = [
        mapping.remap(Layout.from_dict(data), columns)
        for data, columns in zip(job.layouts, mappings, strict=True)
    ]
    _save(
        job,
        layouts=[lay.as_dict() for lay in layouts],
        stage=ImportJob.Stage.VALIDATING,
        rows_done=0,
    )
    return job


def preview_of(plan: Plan, *, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """What the preview page shows, as JSON kept on the job."""
    from directory.models import Person as PersonModel

    duplicates = []
    for record in plan.records:
        if record.match is None:
            continue
        match = record.match
        url = ""
        if match.target_id is not None:
            model = Organisation if record.model == "organisation" else PersonModel
            url = model(pk=match.target_id).get_absolute_url()
        duplicates.append(
            {
                "key": record.key,
                "sheet": record.sheet,
                "row": record.row,
                "model": record.model,
                "label": record.label,
                "how": match.how,
                "match_label": match.label,
                "match_row": match.target_row,
                "match_url": url,
                "score": match.score,
                "reason": match.reason,
                "default": default_action(record),
                "choices": ["update", "create", "skip"]
                if match.target_id is not None
                else ["create", "skip"],
            }
        )
    return {
        **(extra or {}),
        "counts": plan.counts(),
        "by_model": {
            model: {
                action: sum(1 for r in plan.records if r.model == model and r.action == action)
                for action in ACTIONS
            }
            for model in ("organisation", "person")
        },
        "errors": [e.as_dict() for e in plan.errors[:PREVIEW_LIMIT]],
        "errors_total": len(plan.errors),
        "duplicates": duplicates[:PREVIEW_LIMIT],
        "duplicates_total": len(duplicates),
    }


def import_job_validate(*, job: ImportJob, progress: Progress | None = None) -> ImportJob:
    try:
        plan = prepare(
            data=bytes(job.data),
            filename=job.filename,
            sheet=job.sheet or None,
            layouts=[Layout.from_dict(d) for d in job.layouts],
            progress=progress,
        )
    except ReadError as exc:
        _save(job, stage=ImportJob.Stage.FAILED, error=str(exc))
        return job
    extra = {
        k: job.preview.get(k)
        for k in ("skipped_sheets", "encoding", "delimiter")
        if k in job.preview
    }
    _save(job, stage=ImportJob.Stage.PREVIEW, preview=preview_of(plan, extra=extra), decisions={})
    return job


def import_job_commit(
    *,
    job: ImportJob,
    by: Any,
    decisions: dict[str, str] | None = None,
    progress: Progress | None = None,
) -> ImportJob:
    """Import the job's file with the user's decisions. Row errors (the
    directory may have changed since the preview) send the job back to the
    preview with the errors; nothing is written."""
    decisions = {k: v for k, v in (decisions or {}).items() if v in ACTIONS}
    _save(job, decisions=decisions, stage=ImportJob.Stage.COMMITTING, rows_done=0)
    try:
        result = import_commit(by=by, job=job, progress=progress)
    except ImportHasErrors as exc:
        plan = Plan(filename=job.filename, layouts=[], errors=exc.errors)
        _save(job, stage=ImportJob.Stage.PREVIEW, preview={**job.preview, **_errors_only(plan)})
        return job
    except ReadError as exc:
        _save(job, stage=ImportJob.Stage.FAILED, error=str(exc))
        return job
    # The file is no longer needed once imported; the audit log keeps its name.
    _save(job, stage=ImportJob.Stage.DONE, result=result.as_dict(), data=b"")
    return job


def _errors_only(plan: Plan) -> dict[str, Any]:
    return {
        "errors": [e.as_dict() for e in plan.errors[:PREVIEW_LIMIT]],
        "errors_total": len(plan.errors),
    }

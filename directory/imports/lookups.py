"""What an import compares its rows against: the directory, loaded once per
import into dictionaries keyed by normalised text, and the labels of
sectors, kinds and provinces in both languages."""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone, translation

from directory.models import (
    Affiliation,
    Organisation,
    OrganisationAlias,
    OrganisationKind,
    Person,
    Province,
    Sector,
)
from lib.thai.text import compact

# Thai labels written the way offices write them; the English labels and the
# Thai translations of Sector/OrganisationKind are added from the code.
SECTOR_SYNONYMS: dict[str, tuple[str, ...]] = {
    Sector.GOVERNMENT_CENTRAL: (
        "ราชการส่วนกลาง",
        "ภาครัฐส่วนกลาง",
        "ส่วนกลาง",
        "รัฐส่วนกลาง",
        "central government",
    ),
    Sector.GOVERNMENT_REGIONAL: (
        "ราชการส่วนภูมิภาค",
        "ภาครัฐส่วนภูมิภาค",
        "ส่วนภูมิภาค",
        "regional government",
    ),
    Sector.GOVERNMENT_LOCAL: (
        "ราชการส่วนท้องถิ่น",
        "ส่วนท้องถิ่น",
        "ท้องถิ่น",
        "องค์กรปกครองส่วนท้องถิ่น",
        "local government",
    ),
    Sector.CIVIL_SOCIETY: ("ภาคประชาสังคม", "ประชาสังคม", "civil society", "ngo sector"),
    Sector.ACADEMIA: ("ภาควิชาการ", "วิชาการ", "สถาบันการศึกษา", "academic"),
    Sector.PRIVATE: ("ภาคเอกชน", "เอกชน", "ธุรกิจ", "private", "business"),
    Sector.INTERNATIONAL: ("องค์การระหว่างประเทศ", "ระหว่างประเทศ", "international"),
    Sector.COMMUNITY: ("ภาคชุมชน", "ชุมชน", "community"),
}
KIND_SYNONYMS: dict[str, tuple[str, ...]] = {
    OrganisationKind.MINISTRY: ("กระทรวง",),
    OrganisationKind.DEPARTMENT: ("กรม",),
    OrganisationKind.OFFICE: ("สำนักงาน", "สำนัก", "หน่วยงานอิสระ"),
    OrganisationKind.DIVISION: ("กอง", "ศูนย์", "ฝ่าย", "กลุ่มงาน"),
    OrganisationKind.PROVINCIAL_OFFICE: ("สำนักงานจังหวัด", "ส่วนราชการประจำจังหวัด", "หน่วยงานระดับจังหวัด"),
    OrganisationKind.LOCAL_GOVERNMENT: ("องค์กรปกครองส่วนท้องถิ่น", "อปท", "เทศบาล", "อบต", "อบจ"),
    OrganisationKind.UNIVERSITY: ("มหาวิทยาลัย", "สถาบันอุดมศึกษา"),
    OrganisationKind.COMPANY: ("บริษัท", "เอกชน"),
    OrganisationKind.NGO: ("องค์กรพัฒนาเอกชน", "มูลนิธิ", "สมาคม", "ngo"),
    OrganisationKind.INTERNATIONAL_ORGANISATION: (
        "องค์การระหว่างประเทศ",
        "international organization",
    ),
    OrganisationKind.NETWORK: ("เครือข่าย",),
}
PROVINCE_PREFIXES = ("จังหวัด", "จ.")
PROVINCE_SYNONYMS = {"10": ("กทม", "กรุงเทพ", "กรุงเทพฯ", "bangkok metropolis", "krung thep")}


def _choice_table(choices: type, synonyms: dict[str, tuple[str, ...]]) -> dict[str, str]:
    table: dict[str, str] = {}
    for value, label in choices.choices:  # type: ignore[attr-defined]
        table[compact(value)] = value
        for language in ("th", "en"):
            with translation.override(language):
                table.setdefault(compact(str(label)), value)
        for synonym in synonyms.get(value, ()):
            table.setdefault(compact(synonym), value)
    return table


@functools.cache
def sector_table() -> dict[str, str]:
    return _choice_table(Sector, SECTOR_SYNONYMS)


@functools.cache
def kind_table() -> dict[str, str]:
    return _choice_table(OrganisationKind, KIND_SYNONYMS)


def province_table() -> dict[str, int]:
    table: dict[str, int] = {}
    for pk, code, name_th, name_en in Province.objects.values_list(
        "pk", "code", "name_th", "name_en"
    ):
        for name in (name_th, name_en, code, *PROVINCE_SYNONYMS.get(code, ())):
            table.setdefault(compact(name), pk)
    return table


def province_key(text: str) -> str:
    text = text.strip()
    for prefix in PROVINCE_PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix) :]
            break
    return compact(text)


# --- Fuzzy matching, blocked ---------------------------------------------------


class FuzzyIndex:
    """Typo-tolerant lookup of short names without comparing against all of
    them: candidates share rare character trigrams with the query, and only
    the best few are scored with rapidfuzz. At national scale names share
    long common parts ("สำนักงาน...จังหวัด"), so frequent trigrams are ignored.
    """

    MAX_POSTINGS = 150
    CANDIDATES = 5

    def __init__(self) -> None:
        self.texts: dict[object, str] = {}
        self.postings: dict[str, list[object]] = defaultdict(list)

    @staticmethod
    def grams(text: str) -> set[str]:
        return {text[i : i + 3] for i in range(max(1, len(text) - 2))}

    def add(self, key: object, text: str) -> None:
        if not text:
            return
        self.texts[key] = text
        for gram in self.grams(text):
            self.postings[gram].append(key)

    def search(self, text: str, *, threshold: float) -> list[tuple[object, float]]:
        from rapidfuzz import fuzz

        if not text:
            return []
        counts: Counter[object] = Counter()
        for gram in self.grams(text):
            keys = self.postings.get(gram)
            if keys and len(keys) <= self.MAX_POSTINGS:
                counts.update(keys)
        results = []
        for key, _shared in counts.most_common(self.CANDIDATES):
            score = fuzz.ratio(text, self.texts[key])
            if score >= threshold:
                results.append((key, score))
        results.sort(key=lambda r: -r[1])
        return results


# --- The directory, for one import ---------------------------------------------


@dataclass
class OrgInfo:
    pk: int
    name_th: str
    name_en: str
    kind: str
    province_id: int | None
    parent_id: int | None


@dataclass
class OrganisationIndex:
    info: dict[int, OrgInfo] = field(default_factory=dict)
    by_name: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    by_abbreviation: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    _fuzzy: dict[str, FuzzyIndex] | None = None

    @classmethod
    def load(cls) -> OrganisationIndex:
        index = cls()
        rows = _raw(
            Organisation.objects.values_list(
                "pk",
                "name_th",
                "name_en",
                "abbreviation_th",
                "abbreviation_en",
                "kind",
                "province_id",
                "parent_id",
            )
        )
        for pk, name_th, name_en, abbr_th, abbr_en, kind, province_id, parent_id in rows:
            index.info[pk] = OrgInfo(pk, name_th, name_en, kind, province_id, parent_id)
            for name in (name_th, name_en):
                if key := stored_key(name):
                    index.by_name[key].add(pk)
            for abbr in (abbr_th, abbr_en):
                if key := stored_key(abbr):
                    index.by_abbreviation[key].add(pk)
        for org_id, name, kind in _raw(
            OrganisationAlias.objects.values_list("organisation_id", "name", "kind")
        ):
            if key := stored_key(name):
                table = (
                    index.by_abbreviation
                    if kind == OrganisationAlias.Kind.ABBREVIATION
                    else index.by_name
                )
                table[key].add(org_id)
        return index

    def find(self, text: str) -> set[int]:
        """Organisations a reference names: exactly by a name or alias, else by
        an abbreviation (with or without dots)."""
        key = compact(text)
        if not key:
            return set()
        return set(self.by_name.get(key, ())) or set(self.by_abbreviation.get(key, ()))

    def fuzzy(self, kind: str) -> FuzzyIndex:
        """The blocked index of one kind's names, built on first use."""
        if self._fuzzy is None:
            self._fuzzy = {}
        if kind not in self._fuzzy:
            index = self._fuzzy[kind] = FuzzyIndex()
            for info in self.info.values():
                if info.kind == kind:
                    index.add(info.pk, stored_key(info.name_th))
        return self._fuzzy[kind]

    def label(self, pk: int) -> str:
        info = self.info.get(pk)
        return info.name_th if info else str(pk)


def person_key(first: str, last: str) -> str:
    """Stored names are already clean (services and the importer clean
    them), so a cheap key is enough and keeps loading 200,000 people fast."""
    return f"{first}{last}".replace(" ", "").replace(".", "").casefold()


_STORED_DROP = re.compile(r"[\s.\-_/·•,()\"'’‘“”]+")
_TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def stored_key(text: str) -> str:
    """compact() for text the directory stores, which was clean()ed when
    written: the same key without the cost of cleaning 80,000 names again."""
    return _STORED_DROP.sub("", text.translate(_TO_ARABIC).casefold()) if text else ""


@dataclass
class PersonIndex:
    by_name: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    by_email: dict[str, int] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)
    rows: dict[int, tuple[str, str, str, str]] = field(default_factory=dict)
    # Current organisations of people, and people of organisations, for the
    # organisations a file names (loaded by load_organisations).
    orgs_of: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    people_in: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def load(cls) -> PersonIndex:
        index = cls()
        rows = _raw(
            Person.objects.values_list(
                "pk", "first_name_th", "last_name_th", "first_name_en", "last_name_en", "email"
            )
        )
        for pk, first_th, last_th, first_en, last_en, email in rows:
            key = person_key(first_th, last_th) or person_key(first_en, last_en)
            index.names[pk] = key
            index.rows[pk] = (first_th, last_th, first_en, last_en)
            index.by_name[key].append(pk)
            if email:
                index.by_email.setdefault(email.casefold(), pk)
        return index

    def load_organisations(self, org_ids: set[int]) -> None:
        today = timezone.localdate()
        wanted = sorted(org_ids)
        for start in range(0, len(wanted), 500):
            current = Affiliation.objects.filter(
                Q(end_date__isnull=True) | Q(end_date__gte=today),
                organisation_id__in=wanted[start : start + 500],
            )
            for person_id, org_id in _raw(current.values_list("person_id", "organisation_id")):
                self.orgs_of[person_id].add(org_id)
                self.people_in[org_id].append(person_id)

    def label(self, pk: int) -> str:
        first_th, last_th, first_en, last_en = self.rows.get(pk, ("", "", "", ""))
        return f"{first_th} {last_th}".strip() or f"{first_en} {last_en}".strip()


def _raw(queryset: Any) -> list[tuple[Any, ...]]:
    """Rows of a values_list query through the database cursor: loading
    220,000 records row by row through the ORM's iterator costs seconds."""
    from django.db import connections

    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()

"""How labs and challenges become search documents.

The search index is one for everybody, so only public labs and their
challenges are in it: a members-only lab must not show up, even by name,
in a visitor's search. A lab that turns members-only is dropped on its
next reindex (labs.services.lab_update reindexes it and its challenges).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from labs.models import Challenge, ChallengeAgency, Lab
from search.registry import Document, Provider, join_parts, register, rows_in_chunks, url_for_pk

LAB_FIELDS = ["id", "name_th", "name_en", "purpose", "description"]


def lab_documents(ids: Iterable[int] | None) -> Iterator[Document]:
    url = url_for_pk("labs:lab")
    public = Lab.objects.filter(visibility=Lab.Visibility.PUBLIC)
    for rows in rows_in_chunks(ids, public, LAB_FIELDS):
        hosts: dict[int, list[tuple[str, str, str, str]]] = defaultdict(list)
        for (
            lab_id,
            name_th,
            name_en,
            abbreviation_th,
            abbreviation_en,
        ) in Lab.hosts.through.objects.filter(lab_id__in=[r["id"] for r in rows]).values_list(
            "lab_id",
            "organisation__name_th",
            "organisation__name_en",
            "organisation__abbreviation_th",
            "organisation__abbreviation_en",
        ):
            hosts[lab_id].append((name_th, name_en or name_th, abbreviation_th, abbreviation_en))
        for lab in rows:
            own = hosts.get(lab["id"], [])
            yield Document(
                kind="lab",
                object_id=lab["id"],
                title_th=lab["name_th"],
                title_en=lab["name_en"],
                subtitle_th=", ".join(h[2] or h[0] for h in own),
                subtitle_en=", ".join(h[3] or h[1] for h in own),
                url=url(lab["id"]),
                keys=(),
                text=" ".join(
                    [lab["purpose"], lab["description"], *(a for h in own for a in h[2:] if a)]
                ),
            )


CHALLENGE_FIELDS = [
    "id",
    "lab_id",
    "title_th",
    "title_en",
    "problem",
    "target_groups",
    "lab__name_th",
    "lab__name_en",
]


def _challenge_url() -> Callable[[int, int], str]:
    # reverse() once, not once per row.
    lab_marker, challenge_marker = 987654321, 123456789
    pattern = reverse("labs:challenge", args=[lab_marker, challenge_marker])
    return lambda lab_id, pk: pattern.replace(str(lab_marker), str(lab_id)).replace(
        str(challenge_marker), str(pk)
    )


def challenge_documents(ids: Iterable[int] | None) -> Iterator[Document]:
    url = _challenge_url()
    public = Challenge.objects.filter(lab__visibility=Lab.Visibility.PUBLIC)
    for rows in rows_in_chunks(ids, public, CHALLENGE_FIELDS):
        agencies: dict[int, list[str]] = defaultdict(list)
        for challenge_id, abbreviation_th, abbreviation_en in ChallengeAgency.objects.filter(
            challenge_id__in=[r["id"] for r in rows]
        ).values_list(
            "challenge_id", "organisation__abbreviation_th", "organisation__abbreviation_en"
        ):
            agencies[challenge_id] += [a for a in (abbreviation_th, abbreviation_en) if a]
        for challenge in rows:
            yield Document(
                kind="challenge",
                object_id=challenge["id"],
                title_th=challenge["title_th"],
                title_en=challenge["title_en"],
                subtitle_th=challenge["lab__name_th"],
                subtitle_en=join_parts(challenge["lab__name_en"] or challenge["lab__name_th"]),
                url=url(challenge["lab_id"], challenge["id"]),
                text=" ".join(
                    [
                        challenge["problem"],
                        challenge["target_groups"],
                        *agencies.get(challenge["id"], []),
                    ]
                ),
            )


register(Provider(kind="lab", label=lambda: str(_("Labs")), documents=lab_documents))
register(
    Provider(kind="challenge", label=lambda: str(_("Challenges")), documents=challenge_documents)
)

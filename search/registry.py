"""What can be searched. Apps register a provider per kind of document in
their AppConfig.ready(); the search app never imports their models."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

CHUNK = 2000


@dataclass(frozen=True)
class Document:
    """One searchable object as the index sees it."""

    kind: str
    object_id: int
    title_th: str
    title_en: str = ""
    subtitle_th: str = ""
    subtitle_en: str = ""
    url: str = ""
    # Whole names the object goes by (names, abbreviations, aliases, acronyms):
    # matched exactly, by prefix and fuzzily after compact().
    keys: tuple[str, ...] = ()
    # Free text matched word by word after Thai segmentation.
    text: str = ""
    is_active: bool = True
    # Ranks kinds against each other when scores tie (organisations first).
    boost: float = 0.0
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Provider:
    kind: str
    label: Callable[[], str]
    # Yields the documents for the given ids (all objects when ids is None),
    # in batches, with whatever select_related/prefetch it needs.
    documents: Callable[[Iterable[int] | None], Iterator[Document]]


_providers: dict[str, Provider] = {}


def register(provider: Provider) -> None:
    _providers[provider.kind] = provider


def provider(kind: str) -> Provider:
    return _providers[kind]


def providers() -> list[Provider]:
    return list(_providers.values())


# --- Helpers for providers ---------------------------------------------------


def rows_in_chunks(
    ids: Iterable[int] | None, queryset: QuerySet[Any], fields: list[str]
) -> Iterator[list[dict[str, Any]]]:
    """The rows (as dicts of `fields`, "id" among them) of the given ids, or of
    all objects when ids is None, a chunk at a time, for providers."""
    if ids is None:
        last = 0
        while True:
            rows = list(queryset.filter(pk__gt=last).order_by("pk").values(*fields)[:CHUNK])
            if not rows:
                return
            yield rows
            last = rows[-1]["id"]
    else:
        wanted = list(ids)
        for start in range(0, len(wanted), CHUNK):
            yield list(
                queryset.filter(pk__in=wanted[start : start + CHUNK]).order_by("pk").values(*fields)
            )


def url_for_pk(name: str) -> Callable[[int], str]:
    # reverse() once, not once per row.
    marker = 987654321
    pattern = reverse(name, args=[marker])
    head, tail = pattern.split(str(marker))
    return lambda pk: f"{head}{pk}{tail}"


def join_parts(*parts: str) -> str:
    return " · ".join(p for p in parts if p)

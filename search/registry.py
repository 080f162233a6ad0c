"""What can be searched. Apps register a provider per kind of document in
their AppConfig.ready(); the search app never imports their models."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field


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

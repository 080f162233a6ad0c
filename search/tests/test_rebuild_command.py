"""manage.py rebuild_search_index and the index generation."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from search import indexing
from search.models import SearchDocument, SearchTerm


def run(*args: str) -> str:
    out = StringIO()
    call_command("rebuild_search_index", *args, stdout=out)
    return out.getvalue()


def test_it_rebuilds_every_kind(opdc, ocsc):
    SearchDocument.objects.all().delete()
    output = run()
    assert "organisation: 2 documents" in output
    assert SearchDocument.objects.filter(kind="organisation").count() == 2
    assert SearchTerm.objects.filter(
        document__object_id=opdc.pk, term="กพร", source=SearchTerm.Source.KEY
    ).exists()


def test_it_rebuilds_one_kind_only(opdc):
    indexing.rebuild()
    person_documents = SearchDocument.objects.filter(kind="person").count()
    SearchDocument.objects.filter(kind="organisation").delete()
    output = run("--kind", "organisation")
    assert "organisation: 1 documents" in output
    assert "person" not in output
    assert SearchDocument.objects.filter(kind="person").count() == person_documents


def test_a_rebuild_replaces_stale_documents(opdc):
    indexing.rebuild()
    opdc.name_en = "Renamed Office"
    opdc.save()
    run("--kind", "organisation")
    assert (
        SearchDocument.objects.get(kind="organisation", object_id=opdc.pk).title_en
        == "Renamed Office"
    )
    assert SearchDocument.objects.filter(kind="organisation").count() == 1


def test_an_unknown_kind_is_refused(db):
    with pytest.raises(CommandError, match="Unknown kind: labs"):
        run("--kind", "labs")


def test_every_index_write_moves_the_generation_on(opdc):
    before = indexing.generation()
    indexing.index_objects(kind="organisation", ids=[opdc.pk])
    after_index = indexing.generation()
    indexing.remove_objects(kind="organisation", ids=[opdc.pk])
    assert before < after_index < indexing.generation()


def test_the_generation_survives_a_cleared_cache(opdc):
    from django.core.cache import cache

    cache.clear()
    indexing.index_objects(kind="organisation", ids=[opdc.pk])
    assert indexing.generation() >= 2

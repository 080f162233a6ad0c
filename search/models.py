"""The search index: one row per searchable object, and its terms.

Terms are Thai-segmented, normalised words and compact keys, so the same
lookups work on SQLite and PostgreSQL without database-specific full-text
features (neither segments Thai).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    kind = models.CharField(max_length=30)
    object_id = models.BigIntegerField()
    title_th = models.CharField(max_length=500)
    title_en = models.CharField(max_length=500, blank=True)
    subtitle_th = models.CharField(max_length=500, blank=True)
    subtitle_en = models.CharField(max_length=500, blank=True)
    url = models.CharField(max_length=500, blank=True)
    is_active = models.BooleanField(default=True)
    boost = models.FloatField(default=0.0)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="one_document_per_object")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.title_th}"

    @property
    def title(self) -> str:
        return self.title_en if get_language() == "en" and self.title_en else self.title_th

    @property
    def subtitle(self) -> str:
        return self.subtitle_en if get_language() == "en" and self.subtitle_en else self.subtitle_th


class SearchTerm(models.Model):
    class Source(models.IntegerChoices):
        KEY = 3, "key"  # a whole name, abbreviation or alias, compacted
        NAME = 2, "name"  # a word of a name
        TEXT = 1, "text"  # a word of other text

    term = models.CharField(max_length=200)
    # No index of its own: search_term_document below starts with it.
    document = models.ForeignKey(
        SearchDocument, on_delete=models.CASCADE, related_name="terms", db_index=False
    )
    source = models.PositiveSmallIntegerField(choices=Source.choices)

    class Meta:
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")
        indexes = [
            # Every lookup starts here: exact terms, key prefixes and term
            # counts are read from this index alone (it covers all three
            # columns). On PostgreSQL varchar_pattern_ops makes it serve
            # LIKE 'x%' whatever the database collation; the opclasses are
            # ignored on SQLite, where prefixes are a range on the term.
            models.Index(
                fields=["term", "source", "document"],
                name="search_term_lookup",
                opclasses=["varchar_pattern_ops", "int2_ops", "int8_ops"],
            ),
            # Intersecting query words: given a candidate document, is this
            # other word one of its terms, and from which source? Covering,
            # so that SQLite prefers it to the term index inside a join.
            models.Index(fields=["document", "term", "source"], name="search_term_document"),
        ]

    def __str__(self) -> str:
        return self.term

"""The synonym table editors maintain, as a lookup from each term to its equivalents."""

from __future__ import annotations


def synonym_table() -> dict[str, list[str]]:
    from .models import SynonymGroup

    table: dict[str, list[str]] = {}
    for group in SynonymGroup.objects.all():
        terms = group.term_list()
        for term in terms:
            table.setdefault(term, []).extend(t for t in terms if t != term and t not in table.get(term, []))
    return table

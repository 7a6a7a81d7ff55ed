"""What every search backend offers: index, delete, rebuild, and matching and ranking over the parsed query."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection, transaction

from reforms.text import normalise

from ..tokens import document_tokens


@dataclass
class IndexedText:
    """A case's text in the three weighted fields, normalised and tokenised."""

    title: list[str]
    main: list[str]
    body: list[str]


def field_texts(reform) -> tuple[str, str, str]:
    """The normalised text of the three weighted fields: title; practices, outcomes, departments and
    region names; summary and body — less the paragraphs already in the second field, so that no text
    is indexed twice (documents stay small, which phrase checks and ranking pay for)."""
    departments = [d.name for d in reform.lead_departments.all()] + [d.name for d in reform.partner_departments.all()]
    departments += [alias for d in reform.lead_departments.all() for alias in d.aliases]
    region_names = [name for region in reform.region.ancestors() for name in region.all_names()]
    practices = [p.text for p in reform.practices.all()]
    main = practices + [reform.outcome_text] + departments + region_names
    title = reform.title if reform.subtitle in reform.title else f"{reform.title} {reform.subtitle}"
    body = f"{reform.summary}\n{reform.body}"
    for paragraph in sorted(practices + reform.outcome_text.split("\n"), key=len, reverse=True):
        if len(paragraph) >= 8:
            body = body.replace(paragraph, "\n")
    return normalise(title), normalise("\n".join(main)), normalise(body)


def indexed_text(reform) -> IndexedText:
    title, main, body = field_texts(reform)
    return IndexedText(title=document_tokens(title), main=document_tokens(main, words=False), body=document_tokens(body, words=False))


def index_queryset(queryset):
    """Cases with just what indexing reads (prefetched, narrow): it decides how fast a rebuild runs."""
    from django.db.models import Prefetch

    from reforms.models import Department, Indicator, Outcome, Practice, ReformType

    return (
        queryset.select_related("region__parent__parent")
        .defer("classification_evidence")
        .prefetch_related(
            Prefetch("practices", queryset=Practice.objects.only("reform_id", "text", "position")),
            Prefetch("lead_departments", queryset=Department.objects.only("id", "name", "aliases")),
            Prefetch("partner_departments", queryset=Department.objects.only("id", "name", "aliases")),
            Prefetch("indicators", queryset=Indicator.objects.only("id", "slug")),
            Prefetch("reform_types", queryset=ReformType.objects.only("id", "slug")),
            Prefetch("outcomes", queryset=Outcome.objects.only("reform_id", "kind")),
        )
        .order_by("pk")
    )


def facet_values(reform) -> list[tuple[str, str]]:
    """(facet, value) pairs of a case; its region comes with every region above it."""
    pairs = [("region", r.slug) for r in reform.region.ancestors()]
    pairs += [("indicator", i.slug) for i in reform.indicators.all()]
    pairs += [("type", t.slug) for t in reform.reform_types.all()]
    pairs += [("department", str(d.pk)) for d in reform.lead_departments.all()]
    pairs += [("source", str(reform.source_id)), ("status", reform.status)]
    if reform.year:
        pairs.append(("year", str(reform.year)))
    pairs += [("kind", kind) for kind in sorted({o.kind for o in reform.outcomes.all()})]
    return list(dict.fromkeys(pairs))


class SearchBackend:
    vendor = ""
    # Whether ranking a given subset of cases is cheaper than ranking every match. PostgreSQL: yes (each
    # ranked case costs a tsvector fetch). SQLite: no — FTS5 evaluates MATCH once per given rowid, which
    # measured 10× slower than ranking all matches (751 of 100 000 cases: 157 ms against 15 ms).
    ranks_subsets = False

    def write_facets(self, reforms, fresh: bool = False) -> None:
        """Write the cases' facet rows, and mark the index changed (processes reload their snapshot).
        Plain rows, not bulk_create: model instances for ~12 rows a case were a quarter of a rebuild."""
        from ..models import FacetEntry, IndexState

        reforms = list(reforms)
        if not fresh:
            FacetEntry.objects.filter(reform_id__in=[r.pk for r in reforms]).delete()
        rows = [(r.pk, facet, value) for r in reforms for facet, value in facet_values(r)]
        if rows:
            self._insert_rows("search_facetentry", ("reform_id", "facet", "value"), rows)
        IndexState.bump()

    def _insert_rows(self, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        with connection.cursor() as cursor:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", rows)

    def index(self, reforms) -> None:
        with transaction.atomic():
            self._write_batch(list(reforms))

    def _write_batch(self, reforms: list, fresh: bool = False) -> None:
        """Index text, index bookkeeping and facet rows of these cases: what index and rebuild share."""
        self._write_many([(reform.pk, indexed_text(reform)) for reform in reforms], fresh=fresh)
        self._record_indexed([r.pk for r in reforms], fresh=fresh)
        self.write_facets(reforms, fresh=fresh)

    def _record_indexed(self, pks: list[int], fresh: bool = False) -> None:
        """One SearchEntry per indexed case, written anew so indexed_at moves (the staleness check
        compares it with updated_at)."""
        from ..models import SearchEntry

        if not fresh:
            SearchEntry.objects.filter(reform_id__in=pks).delete()
        SearchEntry.objects.bulk_create([SearchEntry(reform_id=pk) for pk in pks])

    def delete(self, reform_ids) -> None:
        from ..models import FacetEntry, IndexState, SearchEntry

        self._remove(list(reform_ids))
        SearchEntry.objects.filter(reform_id__in=list(reform_ids)).delete()
        FacetEntry.objects.filter(reform_id__in=list(reform_ids)).delete()
        IndexState.bump()

    def rebuild(self, progress=None) -> int:
        from reforms.models import Reform

        from ..models import FacetEntry, SearchEntry

        with transaction.atomic():
            self._clear()
            SearchEntry.objects.all().delete()
            FacetEntry.objects.all().delete()
            count = 0
            batch = []
            for reform in index_queryset(Reform.objects.all()).iterator(chunk_size=500):
                batch.append(reform)
                count += 1
                if len(batch) == 500:
                    self._write_batch(batch, fresh=True)
                    batch = []
                if progress:
                    progress(count)
            self._write_batch(batch, fresh=True)
        return count

    def is_ready(self) -> bool:
        """The engine table exists (health checks and system checks ask this)."""
        raise NotImplementedError

    # Engine-specific parts
    def _write_many(self, items: list[tuple[int, IndexedText]], fresh: bool = False) -> None:
        """Store the indexed text of these cases; `fresh`: the index holds none of them yet."""
        raise NotImplementedError

    def _remove(self, reform_ids: list[int]) -> None:
        raise NotImplementedError

    def _clear(self) -> None:
        raise NotImplementedError

    def facet_groups_sql(self) -> str:
        """SQL listing each (facet, value) with the ids of its cases as one comma-separated string."""
        raise NotImplementedError

    def match_sql(self, tree) -> tuple[str, list]:
        """SQL selecting the ids of the cases that match a tree: `SELECT id FROM … WHERE …`."""
        raise NotImplementedError

    def ranked_ids_sql(self, tree) -> tuple[str, list]:
        """SQL selecting the ids of the cases that match a tree, best first."""
        raise NotImplementedError

    def ranked_within_sql(self, tree, ids: list[int]) -> tuple[str, list]:
        """SQL selecting, best first, those of `ids` that match a tree (ranked as ranked_ids_sql ranks)."""
        raise NotImplementedError

    def digest_sql(self) -> str:
        """SQL listing the whole index, one row per case, in case order (for index_digest)."""
        raise NotImplementedError

    def index_digest(self) -> str:
        """A fingerprint of the index contents: equal digests mean identical indexes."""
        import hashlib

        digest = hashlib.sha256()
        with connection.cursor() as cursor:
            cursor.execute(self.digest_sql())
            for row in cursor.fetchall():
                digest.update(repr(tuple(row)).encode("utf-8"))
        return digest.hexdigest()

    def _ids(self, sql_and_params) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(*sql_and_params)
            return [row[0] for row in cursor.fetchall()]

    def match_ids(self, tree) -> list[int]:
        return self._ids(self.match_sql(tree))

    def ranked_ids(self, tree) -> list[int]:
        return self._ids(self.ranked_ids_sql(tree))

    def ranked_ids_within(self, tree, ids: list[int]) -> list[int]:
        return self._ids(self.ranked_within_sql(tree, ids)) if ids else []


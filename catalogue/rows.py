"""Reading cases as plain tuples: the driver's rows without model instances or per-row converters.

Shared by exports (batches of 2 000 ids) and result pages (20 ids): what a list shows of a case costs a
fixed number of queries and no ORM object per row, which is most of a page's CPU otherwise.
"""

from __future__ import annotations

import threading
from collections import defaultdict, deque, namedtuple
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple, TypeVar

from django.db import connections
from django.db.models import Case, Count, FloatField, OuterRef, Q, Subquery, Value, When

from reforms.choices import OutcomeKind
from reforms.models import Outcome, Reform


class OutcomeRow(NamedTuple):
    """One outcome as the export reads it; attribute names as on the model, so presenters work on it."""

    reform_id: int
    phrase: str
    metric: str
    kind: str
    before: float | None
    after: float | None
    value: float | None
    unit: str
    base_unit: str
    value_base: float | None
    before_base: float | None
    after_base: float | None
    change_pct: float | None
    qualifier: str
    range_low: float | None
    range_high: float | None
    is_target: bool
    as_of: object


# What the headline figure of a case needs of its outcomes (a list reads no more than this); attribute
# names as on the model, so presenters work on it.
HeadlineRow = namedtuple("HeadlineRow", [f for f in OutcomeRow._fields if f not in ("phrase", "is_target", "as_of")])


def fetch(queryset) -> list[tuple]:
    """The queryset's rows as the driver returns them: no per-row converters (booleans come back 0/1 and
    dates as text on SQLite; callers that show them convert)."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


T = TypeVar("T")
R = TypeVar("R")


def read_ahead(items: list[T], read: Callable[[T], R], vendor: str = "sqlite") -> Iterator[R]:
    """read(item) for each item in order, the next ones read on threads of their own while the caller works on
    this one, so the database works while Python writes rows: a 100 000-case export spends a third of its
    time waiting for rows. On PostgreSQL two items are read at once (the server's work runs beside ours);
    on SQLite one (its reading is this process's CPU, and threads share one interpreter lock).

    Inside a transaction (a test's, or a caller's atomic block) another connection would not see what it
    wrote, so there every item is read in line. The threads' own connections are closed at the end, also
    when the consumer stops early (a client gone)."""
    if len(items) < 2 or any(c.in_atomic_block for c in connections.all(initialized_only=True)):
        yield from map(read, items)
        return
    depth = min(1 if vendor == "sqlite" else 2, len(items) - 1)
    with ThreadPoolExecutor(max_workers=depth, thread_name_prefix="read-ahead") as pool:
        pending = deque(pool.submit(read, item) for item in items[:depth])
        try:
            for item in items[depth:]:
                current = pending.popleft().result()
                pending.append(pool.submit(read, item))
                yield current
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()
            everyone = threading.Barrier(depth)  # one closing task per thread: each waits for the others

            def close_own_connections():
                everyone.wait()
                connections.close_all()

            for _ in range(depth):
                pool.submit(close_own_connections)


def within(chunk: list[int], field: str = "reform_id") -> Q:
    """A filter for these ids: a range when they lie close together (the whole catalogue, a source), which
    costs nothing per id, else an IN list; rows of other ids in the range are ignored by the callers. A
    page's twenty ids always go as a list: a range would read the rows of the cases between them too."""
    low, high = min(chunk), max(chunk)
    if len(chunk) > 100 and high - low < 2 * len(chunk):
        return Q(**{f"{field}__gte": low, f"{field}__lte": high})
    return Q(**{f"{field}__in": chunk})


def grouped(pairs) -> dict[int, list]:
    """reform id → its values, from (reform id, value) pairs."""
    out = defaultdict(list)
    for reform_id, value in pairs:
        out[reform_id].append(value)
    return out


def related(relation: str, chunk: list[int], order: str | tuple[str, ...], *fields: str) -> dict[int, list]:
    """reform id → the related labels of one many-to-many relation of Reform (each a tuple of `fields`,
    or the bare value when one field is asked for), in `order` (a field of the label, or several)."""
    through = getattr(Reform, relation).through
    target = getattr(Reform, relation).field.m2m_reverse_field_name()
    order_by = [f"{target}__{o}" for o in ((order,) if isinstance(order, str) else order)]
    rows = fetch(through.objects.filter(within(chunk)).order_by(*order_by)
                 .values_list("reform_id", *(f"{target}__{f}" for f in fields)))
    if len(fields) == 1:
        return grouped(rows)
    return grouped((row[0], row[1:]) for row in rows)


def outcomes(chunk: list[int], shape: type = OutcomeRow) -> dict[int, list]:
    """reform id → its outcomes in position order, as `shape` rows."""
    rows = Outcome.objects.filter(within(chunk)).order_by("reform_id", "position").values_list(*shape._fields)
    out = defaultdict(list)
    make = shape._make
    for row in fetch(rows):
        out[row[0]].append(make(row))
    return out


def headlines(chunk: list[int]) -> dict[int, tuple[int, HeadlineRow]]:
    """reform id → (how many outcomes it has, its headline outcome): the choice of presenters.pick_headline
    (the largest time cut, else the first with a before value, else the first with a change, else the
    first) made by the database for each case, in one query that returns only the chosen outcomes — not
    every outcome of every case to choose from in Python."""
    time_cut = Q(kind=OutcomeKind.TIME, change_pct__isnull=False)
    tier = Case(When(time_cut, then=0), When(before__isnull=False, then=1), When(change_pct__isnull=False, then=2), default=3)
    cut = Case(When(time_cut, then="change_pct"), default=Value(0.0), output_field=FloatField())
    first = Outcome.objects.filter(reform_id=OuterRef("pk")).order_by(tier.asc(), cut.asc(), "position").values("pk")[:1]
    chosen = Reform.objects.filter(within(chunk, "pk")).order_by().values(head=Subquery(first))
    count = Outcome.objects.filter(reform_id=OuterRef("reform_id")).order_by().values("reform_id").annotate(n=Count("pk")).values("n")
    rows = (Outcome.objects.filter(pk__in=chosen).annotate(outcome_count=Subquery(count)).order_by()
            .values_list("outcome_count", *HeadlineRow._fields))
    make = HeadlineRow._make
    return {row[1]: (row[0], make(row[1:])) for row in fetch(rows)}

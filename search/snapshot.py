"""What each process holds for filters, facets and the fixed sort orders: every facet value as a bitmap,
and every case's sort keys in order.

Bit i of a value's bitmap is set when case i has that value. A facet count over any result set is then
one AND and one popcount on Python integers, and a filter an OR within a facet and an AND across
facets — microseconds, where a GROUP BY over the matches' facet rows costs hundreds of milliseconds at
100 000 cases. Pages in "newest" or "largest cut" order walk the precomputed order and keep the results.
The snapshot is loaded once from the database and then patched case by case from the change log.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from dataclasses import dataclass, field

import numpy as np
from django.db import connection


def bits_from_ids(ids) -> int:
    """The bitmap of a collection of non-negative ids (set by numpy: a Python loop over 45 000 matches
    cost 8 ms of a broad query's search)."""
    if isinstance(ids, array):
        positions = np.frombuffer(ids, dtype=np.int64) if ids.itemsize == 8 else np.array(ids, dtype=np.int64)
    else:
        positions = np.fromiter(ids, dtype=np.int64)
    if not len(positions):
        return 0
    flags = np.zeros(int(positions.max()) + 1, dtype=np.bool_)
    flags[positions] = True
    return int.from_bytes(np.packbits(flags, bitorder="little").tobytes(), "little")


def ids_from_bits(bits: int) -> list[int]:
    """The ids set in a bitmap, ascending."""
    return Membership(bits).flags.nonzero()[0].tolist()


class Membership:
    """`id in bitmap` tests: one at a time, or over a whole array of ids at once (`keep`), for keeping a
    ranked list's order while filtering it."""

    def __init__(self, bits: int):
        data = np.frombuffer(bits.to_bytes((bits.bit_length() + 7) >> 3, "little"), dtype=np.uint8)
        self.flags = np.unpackbits(data, bitorder="little").view(np.bool_)

    def __contains__(self, i: int) -> bool:
        return i < len(self.flags) and bool(self.flags[i])

    def keep(self, ids) -> np.ndarray:
        """The ids (an int64 array or array('q')) that are members, in their order."""
        ids = np.frombuffer(ids, dtype=np.int64) if isinstance(ids, array) else np.asarray(ids, dtype=np.int64)
        inside = ids[ids < len(self.flags)]
        return inside[self.flags[inside]]


# Sort keys of the orders the catalogue offers besides relevance: newest first (by year, then source and
# position in it), and largest time cut first (cases without a time cut last). `{ids}` narrows to some cases.
ORDER_SQL = {
    "newest": "SELECT r.id, r.year, s.file_name, r.ordinal FROM reforms_reform r "
    "JOIN reforms_source s ON s.id = r.source_id JOIN search_searchdocument d ON d.reform_id = r.id {ids}",
    # A correlated MIN per case (an index look-up each): a grouped subquery over every outcome cost
    # ~190 ms at 100 000 cases even when an edit patches one case.
    "reduction": "SELECT r.id, (SELECT MIN(o.change_pct) FROM reforms_outcome o WHERE o.reform_id = r.id AND o.kind = 'time') "
    "FROM reforms_reform r JOIN search_searchdocument d ON d.reform_id = r.id {ids}",
}


def _sort_key(order: str, row) -> tuple:
    if order == "newest":
        pk, year, file_name, ordinal = row
        return (year is None, -(year or 0), file_name, ordinal, pk)
    pk, cut = row
    return (cut is None, cut if cut is not None else 0.0, pk)


class Column:
    """One sort field of every case, indexed by id, in a typed array: no Python object per case, so a
    worker's memory neither grows nor fragments with the catalogue. Text values (file names) are stored
    as the index of the distinct value; a missing number (no year, no time cut) as a sentinel."""

    NONE = -(2**63)

    def __init__(self, kind: str):
        self.kind = kind  # "int", "float" or "text"
        self.values = array("d") if kind == "float" else array("q")
        self.texts: list[str] = []
        self.text_ids: dict[str, int] = {}

    def __getitem__(self, pk: int):
        value = self.values[pk]
        if self.kind == "float":
            return None if value != value else value  # NaN stands for None
        if value == self.NONE:
            return None
        return self.texts[value] if self.kind == "text" else value

    def __setitem__(self, pk: int, value) -> None:
        if pk >= len(self.values):
            self.values.extend([0] * (pk + 1 - len(self.values)))
        if self.kind == "float":
            self.values[pk] = float("nan") if value is None else float(value)
        elif value is None:
            self.values[pk] = self.NONE
        elif self.kind == "text":
            self.values[pk] = self.text_ids.setdefault(value, len(self.texts))
            if self.values[pk] == len(self.texts):
                self.texts.append(value)
        else:
            self.values[pk] = value


# The kind of each sort field after the id, per order (see ORDER_SQL).
ORDER_FIELDS = {"newest": ("int", "text", "int"), "reduction": ("float",)}


class Order:
    """Every case in one order, kept sorted as cases change: the ids in order and each case's sort fields
    in typed columns indexed by id; the key is built from them when a comparison needs it. At 100 000
    cases an order holds ~3 MB and no object per case (a key tuple per case in a sorted list and a dict
    held ~23 MB per order in every worker, and fragmented its heap)."""

    def __init__(self, name: str, rows=()):
        self.name = name
        self.entries = array("q")  # ids, in sort order
        self.present = bytearray()  # 1 where an id is in the order
        self.columns = [Column(kind) for kind in ORDER_FIELDS[name]]
        for row in rows:
            self._store(row)
        self.entries.extend(sorted((pk for pk, flag in enumerate(self.present) if flag), key=self.key))

    def key(self, pk: int) -> tuple:
        return _sort_key(self.name, (pk, *(column[pk] for column in self.columns)))

    def __contains__(self, pk: int) -> bool:
        return pk < len(self.present) and bool(self.present[pk])

    def _store(self, row) -> None:
        pk, *fields = row
        for column, value in zip(self.columns, fields, strict=True):
            column[pk] = value
        if pk >= len(self.present):
            self.present.extend(bytes(pk + 1 - len(self.present)))
        self.present[pk] = 1

    def put(self, pk: int, row) -> None:
        """Move one case to where `row` (its sort fields, id first) puts it, or take it out (None)."""
        if pk in self:
            del self.entries[bisect_left(self.entries, self.key(pk), key=self.key)]
            self.present[pk] = 0
        if row is not None:
            self._store(row)
            self.entries.insert(bisect_left(self.entries, self.key(pk), key=self.key), pk)


@dataclass
class Snapshot:
    universe: int = 0  # every indexed case
    values: dict[str, dict[str, int]] = field(default_factory=dict)  # facet → value → bitmap
    orders: dict[str, Order] = field(default_factory=dict)

    def any_of(self, facet: str, selected) -> int:
        """Cases with at least one of the selected values of a facet (an unknown value selects nothing)."""
        table = self.values.get(facet, {})
        bits = 0
        for value in selected:
            bits |= table.get(str(value), 0)
        return bits

    def counts(self, facet: str, within: int) -> dict[str, int]:
        """How many cases of `within` carry each value of a facet (values with none left out)."""
        out = {}
        for value, bits in self.values.get(facet, {}).items():
            n = (bits & within).bit_count()
            if n:
                out[value] = n
        return out

    def ordered_page(self, order: str, results: int, offset: int, limit: int) -> list[int]:
        """One page of the results in a fixed order: walk the order, keep what is in the results."""
        entries = self.orders[order].entries
        if results == self.universe:
            return list(entries[offset : offset + limit])
        return Membership(results).keep(entries)[offset : offset + limit].tolist()

    def patch(self, reform_ids) -> None:
        """Re-read these cases' facet values and sort keys (a case without a document leaves)."""
        ids = sorted(reform_ids)
        if not ids:
            return
        clear = ~bits_from_ids(ids)
        for table in self.values.values():
            for value in list(table):
                table[value] &= clear
        self.universe &= clear
        placeholders = ", ".join(["%s"] * len(ids))
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT reform_id, facet, value FROM search_facetentry WHERE reform_id IN ({placeholders})", ids)
            for pk, facet, value in cursor.fetchall():
                table = self.values.setdefault(facet, {})
                table[value] = table.get(value, 0) | 1 << pk
            present = set()
            for name, sql in ORDER_SQL.items():
                cursor.execute(sql.format(ids=f"WHERE r.id IN ({placeholders})"), ids)
                rows = {row[0]: row for row in cursor.fetchall()}
                present |= set(rows)
                order = self.orders.setdefault(name, Order(name))
                for pk in ids:
                    order.put(pk, rows.get(pk))
        self.universe |= bits_from_ids(present)
        for table in self.values.values():
            for value in [v for v, bits in table.items() if not bits]:
                del table[value]


def _streamed(cursor, size: int = 5000):
    """A cursor's rows a batch at a time: 100 000 row tuples at once were a 20 MB peak that stayed in
    the worker's heap as fragmentation."""
    while batch := cursor.fetchmany(size):
        yield from batch


def load() -> Snapshot:
    """The whole snapshot from the database: one row per facet value (its case ids aggregated by the
    database), rather than a row per case and value."""
    group_concat = "string_agg(reform_id::text, ',')" if connection.vendor == "postgresql" else "group_concat(reform_id)"
    snap = Snapshot()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT facet, value, {group_concat} FROM search_facetentry GROUP BY facet, value")
        for facet, value, ids in cursor.fetchall():
            snap.values.setdefault(facet, {})[value] = bits_from_ids(map(int, ids.split(",")))
        cursor.execute("SELECT reform_id FROM search_searchdocument")
        snap.universe = bits_from_ids(row[0] for row in cursor.fetchall())
        for name, sql in ORDER_SQL.items():
            cursor.execute(sql.format(ids=""))
            snap.orders[name] = Order(name, _streamed(cursor))
    return snap

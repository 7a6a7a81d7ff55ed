"""What each process holds of the index: every facet value as a bitmap, and the fixed sort orders.

Bit i of a value's bitmap is set when case i has that value. A facet count over any result set is then
one AND and one popcount on Python integers, and a filter an OR within a facet and an AND across
facets — microseconds, where a GROUP BY over the matches' facet rows costs hundreds of milliseconds at
100 000 cases. Pages in "newest" or "largest cut" order walk a precomputed order of all cases and keep
the results, instead of sorting the results in the database. The snapshot is loaded from the database
and reloaded when `IndexState` says the index changed; the database stays the only source of truth.
"""

from __future__ import annotations

import threading
from array import array
from dataclasses import dataclass

from django.db import connection

from .models import IndexState

_BIT_POSITIONS = tuple(tuple(bit for bit in range(8) if byte >> bit & 1) for byte in range(256))


def bits_from_ids(ids) -> int:
    """The bitmap of a collection of non-negative ids."""
    ids = list(ids)
    if not ids:
        return 0
    buffer = bytearray((max(ids) >> 3) + 1)
    for i in ids:
        buffer[i >> 3] |= 1 << (i & 7)
    return int.from_bytes(buffer, "little")


def ids_from_bits(bits: int) -> list[int]:
    """The ids set in a bitmap, ascending."""
    data = bits.to_bytes((bits.bit_length() + 7) >> 3, "little")
    return [index << 3 | bit for index, byte in enumerate(data) if byte for bit in _BIT_POSITIONS[byte]]


class Membership:
    """Constant-time `id in bitmap` tests, for keeping a ranked list's order while filtering it."""

    def __init__(self, bits: int):
        self._data = bits.to_bytes((bits.bit_length() + 7) >> 3, "little")

    def __contains__(self, i: int) -> bool:
        index = i >> 3
        return index < len(self._data) and bool(self._data[index] >> (i & 7) & 1)


@dataclass(frozen=True)
class Snapshot:
    token: str
    universe: int  # every indexed case
    values: dict[str, dict[str, int]]  # facet → value → bitmap
    orders: dict[str, array]  # sort name → every case id in that order

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
        if results == self.universe:
            return list(self.orders[order][offset : offset + limit])
        members, page, seen = Membership(results), [], 0
        for pk in self.orders[order]:
            if pk in members:
                seen += 1
                if seen > offset:
                    page.append(pk)
                    if len(page) == limit:
                        break
        return page


# The orders the catalogue offers besides relevance: newest first (by year, then source and position in
# it), and largest time cut first (cases without a time cut last).
ORDER_SQL = {
    "newest": "SELECT r.id FROM reforms_reform r JOIN reforms_source s ON s.id = r.source_id "
    "ORDER BY r.year IS NULL, r.year DESC, s.file_name, r.ordinal, r.id",
    "reduction": "SELECT r.id FROM reforms_reform r LEFT JOIN (SELECT reform_id, MIN(change_pct) AS cut "
    "FROM reforms_outcome WHERE kind = 'time' GROUP BY reform_id) c ON c.reform_id = r.id "
    "ORDER BY c.cut IS NULL, c.cut, r.id",
}

_loaded: dict[str, Snapshot] = {}
_lock = threading.Lock()


def _load(token: str) -> Snapshot:
    from .backends import get_backend

    values: dict[str, dict[str, int]] = {}
    with connection.cursor() as cursor:
        # One row per facet value with its case ids joined into one string, rather than a row per case
        # and value (1.2 million at 100 000 cases): a tenth of the rows to convert, and a smaller peak.
        cursor.execute(get_backend().facet_groups_sql())
        for facet, value, ids in cursor.fetchall():
            values.setdefault(facet, {})[value] = bits_from_ids(map(int, ids.split(",")))
        cursor.execute("SELECT reform_id FROM search_searchentry")
        universe = bits_from_ids(row[0] for row in cursor.fetchall())
        orders = {}
        for name, sql in ORDER_SQL.items():
            cursor.execute(sql)
            orders[name] = array("q", (row[0] for row in cursor.fetchall()))
    return Snapshot(token=token, universe=universe, values=values, orders=orders)


def snapshot() -> Snapshot:
    """The snapshot of the database's current index, loaded at most once per index change per process."""
    token = IndexState.current(using=connection.alias)  # the database the snapshot is read from
    current = _loaded.get(connection.alias)
    if current is not None and current.token == token:
        return current
    with _lock:
        current = _loaded.get(connection.alias)
        if current is None or current.token != token:
            # Rows are read after the token, so they are never older than it; a change committed in
            # between only costs one more reload on the next request.
            current = _load(token)
            _loaded[connection.alias] = current
    return current

"""Reading the next batch on a thread while the caller writes this one (catalogue.rows.read_ahead), outside
any transaction (no database here: the reads are plain functions)."""

import threading
import time

import pytest

from catalogue.rows import read_ahead


def test_read_ahead_stops_reading_when_its_reader_stops():
    reads, names = [], set()
    rows = read_ahead(list(range(10)), lambda i: reads.append(i) or names.add(threading.current_thread().name) or i * i)
    assert next(rows) == 0 and next(rows) == 1
    rows.close()  # a client gone after two batches
    assert reads in ([0, 1, 2], [0, 1])  # the read in flight finishes; nothing after it starts
    assert len(names) == 1 and names.pop().startswith("read-ahead")
    assert not [t for t in threading.enumerate() if t.name.startswith("read-ahead")]


@pytest.mark.parametrize("vendor, threads", [("sqlite", 1), ("postgresql", 2)])
def test_read_ahead_reads_on_as_many_threads_as_the_database_gains_from(vendor, threads):
    names = []

    def read(i):
        names.append(threading.current_thread().name)
        time.sleep(0.01 * (i % 3))  # later items may be read before earlier ones: the order given stays
        return i * 10

    assert list(read_ahead(list(range(12)), read, vendor)) == [i * 10 for i in range(12)]
    assert len(set(names)) == threads and all(name.startswith("read-ahead") for name in names)
    assert not [t for t in threading.enumerate() if t.name.startswith("read-ahead")]  # each closed its connections and ended


def test_read_ahead_raises_what_a_read_raises():

    def read(i):
        if i == 2:
            raise ValueError("batch 2")
        return i

    rows = read_ahead([0, 1, 2, 3], read)
    assert next(rows) == 0
    with pytest.raises(ValueError, match="batch 2"):
        list(rows)

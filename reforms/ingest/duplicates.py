"""Cases already in the catalogue, recognised by content rather than by file: the same region and the same
normalised title, or the same text. A copy under a new name, with Windows line ends, cut short or with one
case edited is still the same cases."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from reforms.text import normalise

from ..models import Reform
from .payload import reform_fields
from .pipeline import ParsedSource, ResolvedCase

_NOT_TEXT = re.compile(r"[\s\W_]+")


def title_key(title: str) -> str:
    """The title as a searcher would read it: script, width, case, spaces and punctuation ignored."""
    return _NOT_TEXT.sub("", normalise(title))


def body_fingerprint(body: str) -> str:
    """A digest of the text with layout (line ends, spaces, width) ignored."""
    return hashlib.sha1(_NOT_TEXT.sub("", unicodedata.normalize("NFKC", body).lower()).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Duplicate:
    ordinal: int
    existing_pk: int
    existing_title: str
    existing_source: str
    existing_ordinal: int
    same_text: bool

    def describe(self) -> str:
        how = "same text" if self.same_text else "same title and region"
        return f"case {self.ordinal} = #{self.existing_pk} “{self.existing_title[:40]}” ({self.existing_source}, case {self.existing_ordinal}; {how})"


def find_duplicates(parsed: ParsedSource, region_ids: dict[str, int]) -> dict[int, Duplicate]:
    """The cases of `parsed` already in the catalogue, by ordinal."""
    existing = Reform.objects.filter(region_id__in={region_ids[c.region_slug] for c in parsed.cases}).values_list(
        "pk", "title", "body", "region_id", "source__file_name", "ordinal"
    )
    by_title, by_text = {}, {}
    for pk, title, body, region_id, file_name, ordinal in existing:
        by_title.setdefault((region_id, title_key(title)), (pk, title, file_name, ordinal))
        by_text.setdefault((region_id, body_fingerprint(body)), (pk, title, file_name, ordinal))
    found = {}
    for case in parsed.cases:
        region_id = region_ids[case.region_slug]
        same_text = by_text.get((region_id, body_fingerprint(case.record.body)))
        match = same_text or by_title.get((region_id, title_key(_title(case))))
        if match:
            found[case.record.ordinal] = Duplicate(case.record.ordinal, *match, same_text=same_text is not None)
    return found


def _title(case: ResolvedCase) -> str:
    return reform_fields(case)["title"]

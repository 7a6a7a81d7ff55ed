"""Links that change one parameter of the current search (a facet toggled, a tag added, the comparison
selection replaced), built from the search's parameters encoded once.

A result page carries a hundred or more such links; copying and re-encoding the whole query for each was
a fifth of the page's CPU. The strings are those `QueryDict.urlencode` gives
(the selection keeps its commas unescaped, as `comparison.query_with` writes it).
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from . import comparison
from .params import link_query


class SearchLinks:
    """The current search's parameters (those the catalogue reads; `page` only with `keep_page`), each
    encoded once."""

    def __init__(self, query, base: str = "", keep_page: bool = False):
        kept = link_query(query)
        if not keep_page:
            kept.pop("page", None)
        self.base = base
        self.values = {name: values for name, values in kept.lists()}
        self.encoded = {name: [_pair(name, v) for v in values] for name, values in self.values.items()}

    def _with(self, name: str, values: list[str], safe: str = "") -> str:
        pieces = []
        replaced = False
        for key, encoded in self.encoded.items():
            if key == name:
                pieces.extend(_pair(name, v, safe) for v in values)
                replaced = True
            else:
                pieces.extend(encoded)
        if not replaced:
            pieces.extend(_pair(name, v, safe) for v in values)
        return "&".join(pieces)

    def toggled(self, name: str, value: str) -> str:
        """The search with `value` of `name` switched on or off (back to page 1)."""
        values = self.values.get(name, [])
        values = [v for v in values if v != value] if value in values else [*values, value]
        return f"{self.base}?{self._with(name, values)}"

    def added(self, name: str, value: str) -> str:
        """The search narrowed by one more value (a result's tag narrows the search, it does not replace it)."""
        values = self.values.get(name, [])
        return f"{self.base}?{self._with(name, values if value in values else [*values, value])}"

    def with_selection(self, ids: list[int]) -> str:
        """The query string (no base) with the comparison selection replaced by `ids`."""
        return self._with(comparison.PARAM, [",".join(map(str, ids))] if ids else [], safe=",")


def _pair(name: str, value: str, safe: str = "") -> str:
    if not safe:
        return urlencode({name: value})
    return f"{quote(name, safe)}={quote(str(value), safe)}"

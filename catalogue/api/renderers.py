"""Renderers of the API.

SafeJSONRenderer writes <, > and & as \\u003c, \\u003e, \\u0026: the same data, inert even where a browser or
a careless consumer treats it as HTML (the escaping Django's json_script uses). The CSV and XLSX
renderers only let `?format=csv|xlsx` through content negotiation: the view streams those itself.
"""

from rest_framework.renderers import BaseRenderer, JSONRenderer

_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


class SafeJSONRenderer(JSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        raw = super().render(data, accepted_media_type, renderer_context)
        return raw.decode("utf-8").translate(_ESCAPES).encode("utf-8")


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        # Reached only for errors (a 400 before any export starts): say it in one line.
        return str(data).encode("utf-8")


class XLSXRenderer(CSVRenderer):
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = "xlsx"
    charset = None

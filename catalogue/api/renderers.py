"""JSON with <, > and & escaped as \\u003c, \\u003e, \\u0026: the same data, but inert even if a browser
or a careless consumer treats it as HTML (the same escaping Django's json_script uses)."""

from rest_framework.renderers import JSONRenderer

_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


class SafeJSONRenderer(JSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        raw = super().render(data, accepted_media_type, renderer_context)
        return raw.decode("utf-8").translate(_ESCAPES).encode("utf-8")

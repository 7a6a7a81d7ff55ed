"""Who is asking: the client's address, taken from the proxy's X-Forwarded-For only when we were told how
many proxies stand in front of us (DJANGO_TRUSTED_PROXY_COUNT); otherwise anyone could pick an address."""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_address(request) -> str | None:
    """The real client address: with N trusted proxies, the N-th address from the right of X-Forwarded-For
    (each proxy appends the address it was reached from; what the client wrote itself stands further left)."""
    remote = request.META.get("REMOTE_ADDR") or None  # None when there is no socket (a request built in code)
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < proxies:
        return remote  # did not come through all our proxies: trust only the socket
    return _valid(hops[-proxies]) or remote

"""Login lock-out budgets for django-axes: a small one per (username, client address) and a larger one per
username. A guesser at one address is stopped after a few tries without locking the editor out elsewhere;
guessing one password from many addresses still runs out. Never by address alone: behind a proxy that is
not configured (DJANGO_TRUSTED_PROXY_COUNT) every client shares one address, and anyone could lock out all."""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings


def lockout_budgets() -> list[tuple[str | list[str], int]]:
    """(axes lock-out parameter, failures allowed per cool-off period), in settings.AXES_LOCKOUT_PARAMETERS order."""
    return [
        (["username", "ip_address"], settings.AXES_FAILURE_LIMIT),
        ("username", settings.AXES_USERNAME_FAILURE_LIMIT),
    ]


class BudgetedLockoutHandler(AxesDatabaseHandler):
    """axes compares one failure count with one limit: report, on the scale of AXES_FAILURE_LIMIT, how much of
    its own budget the most exhausted parameter set has used, so each set is locked at its own limit."""

    def get_failures(self, request, credentials=None) -> int:
        counts = [
            sum(attempts.values_list("failures_since_start", flat=True))
            for attempts in self.get_user_attempts(request, credentials)
        ]
        limit = settings.AXES_FAILURE_LIMIT
        return max(
            (count * limit // allowed for count, (_, allowed) in zip(counts, lockout_budgets(), strict=True)),
            default=0,
        )

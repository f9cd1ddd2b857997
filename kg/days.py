"""A day from what a caller gives (a ``date``, a ``datetime`` or ``YYYY-MM-DD`` text), with nothing heavy imported.

``kg extract``, ``kg render`` and the analyses' ``as_of`` read their dates through it.
"""

from __future__ import annotations

from datetime import date, datetime


def as_day(value: date | datetime | str | None) -> date | None:
    """A date from a ``date``, a ``datetime`` or ``YYYY-MM-DD`` text.

    Examples
    --------
    >>> as_day("2025-11-01"), as_day(datetime(2025, 11, 1, 9, 30)), as_day(None)
    (datetime.date(2025, 11, 1), datetime.date(2025, 11, 1), None)
    """
    if value is None or type(value) is date:
        return value
    if isinstance(value, datetime):
        return value.date()
    return date.fromisoformat(str(value))

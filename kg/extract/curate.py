"""What kg.api offers for curating articles: extract candidate deals, resolve a name, apply a review.

kg.api re-exports :func:`extract`, :func:`resolve` and :func:`review` (``kg.api.extract`` ...);
they are not re-exported by :mod:`kg`, whose ``kg.extract`` is this package.
Everything heavy is imported inside the functions.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Sequence


def _folder(data_dir: Path | str | None) -> Path:
    from ..paths import shipped_data_dir

    return shipped_data_dir() if data_dir is None else Path(data_dir)


def extract(files: Sequence[Path | str], data_dir: Path | str | None = None, *, language: str = "auto",
            published: date | str | None = None, source: str | None = None, plain_numbers: bool = False):
    """Candidate deals from news articles (plain text or HTML, Italian or English), for a curator to review.

    Nothing is written to data/: the result holds candidates in the shape of
    data/ deals (plus ``quote``, ``start``/``end``, ``confidence``,
    ``fingerprint``) and the names that match no thing (``new_things``).
    Candidates a curator rejected before (``data/candidates/rejected.yaml``)
    are left out.

    Parameters
    ----------
    files : paths
        Articles; ``-`` reads standard input.
    data_dir : path, optional
        The data whose things' names and aliases are matched; the shipped data by default.
    language : ``auto``, ``it`` or ``en``
    published : date or ``YYYY-MM-DD``, optional
        The articles' publication date, from which "martedì scorso" or "last month" are worked out.
    source : str, optional
        A source id written into each candidate's ``sources``.
    plain_numbers : bool
        Figures as plain numbers in full units (JSON) instead of ``30B``.

    Returns
    -------
    kg.extract.pipeline.Extraction

    Raises
    ------
    InputError
        The ``extract`` extra is missing, an article is unreadable, or the language is unknown (exit 2).

    Examples
    --------
    >>> article = MINI.parent / "extract" / "articles" / "en-stake.txt"
    >>> found = extract([article], MINI.parent.parent.parent / "data", published="2025-03-14")
    >>> [(c["type"], c["holder"], c["company"], c["percent"]) for c in found.candidates if c["type"] == "EquityStake"]
    [('EquityStake', 'nvidia', 'Lumen Robotics', 10)]
    """
    from . import extract_files
    from ..days import as_day

    return extract_files(list(files), _folder(data_dir), language=language, published=as_day(published), source=source,
                         plain_numbers=plain_numbers)


def resolve(name: str, data_dir: Path | str | None = None) -> dict | None:
    """The thing a name means to ``kg extract`` (label or alias; case, accents and Inc./S.p.A. ignored), or None.

    Examples
    --------
    >>> resolve("amazon web services, inc.")["id"], resolve("Microsoft Azure")["id"], resolve("Acme")
    ('aws', 'azure', None)
    """
    from . import known_to_data

    thing = known_to_data(_folder(data_dir))[0].resolve(name)
    return None if thing is None else {"id": thing.id, "type": thing.type, "label": thing.label}


def review(candidates_file: Path | str, data_dir: Path | str | None = None, *, into: Path | str | None = None):
    """Apply a curator's ``review: accept``/``reject`` marks: see :func:`kg.extract.review.apply_review`."""
    from ..checks.result import check_data
    from .review import apply_review

    return apply_review(Path(candidates_file), _folder(data_dir), lambda folder: check_data(Path(folder)),
                        Path(into) if into else None)

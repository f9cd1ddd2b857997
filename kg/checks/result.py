"""What checking a data folder found: :class:`DataCheck`, as :func:`kg.api.validate` returns it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..problems import InputError, Problem

if TYPE_CHECKING:  # pragma: no cover - typing only
    from rdflib import Graph

    from ..data.records import Dataset


@dataclass(frozen=True, repr=False)
class DataCheck:
    """What checking a data folder found.

    Attributes
    ----------
    data_dir : Path
        The folder checked.
    conforms : bool
        True when the data loads and its graph passes every SHACL shape.
    problems : tuple of Problem
        Every problem, each naming its file and line (empty when it conforms).
    graph : rdflib.Graph or None
        The graph built from the data, or None when the data could not be loaded.
    data : Dataset or None
        The records loaded from the YAML files, or None when they could not be.
    """

    data_dir: Path
    conforms: bool
    problems: tuple[Problem, ...] = ()
    graph: Graph | None = None
    data: Dataset | None = None

    def conforming_graph(self) -> Graph:
        """The built graph; an :class:`~kg.problems.InputError` with every problem if the data does not conform."""
        if not self.conforms or self.graph is None:
            raise InputError(list(self.problems))
        return self.graph

    def __str__(self) -> str:
        if self.data is not None and self.conforms:
            return f"conforms: {len(self.data.sources)} sources, {len(self.data.things)} things, {len(self.data.deals)} deals"
        return "\n".join(str(problem) for problem in self.problems) or "does not conform"

    def __repr__(self) -> str:
        state = "conforms" if self.conforms else f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}"
        return f"<DataCheck {self.data_dir}: {state}>"


def check_data(folder: Path) -> DataCheck:
    """Load the YAML data of ``folder``, build its graph and check it with every SHACL shape."""
    from ..data.load import load_data
    from ..rdf.builder import build_graph
    from .shacl import validate_graph

    try:
        data = load_data(folder)
    except InputError as err:
        return DataCheck(folder, False, tuple(err.problems))
    built = build_graph(data)
    validation = validate_graph(built.graph, built.origins)
    return DataCheck(folder, validation.conforms, tuple(validation.problems), built.graph, data)

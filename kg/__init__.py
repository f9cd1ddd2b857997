"""aicompute-kg: a knowledge graph of the AI compute race, built from curated, sourced facts.

The Python API (:mod:`kg.api`) is available here: ``kg.build()``,
``kg.query(graph, ...)``, ``kg.analyze(graph, ...)``, ``kg.render(graph, ...)``
and the rest. It is imported on first use, so ``import kg`` (and ``kg --help``)
stays fast. No submodule is named like an API function (the YAML reader is
``kg.data.load``, the SPARQL engine ``kg.sparql``), so none hides one.
"""

__version__ = "0.1.0"

#: The names of the Python API, taken from kg.api when first used.
_API = frozenset({
    "Answer", "DataCheck", "InputError", "NotInGraph", "Page", "QueryProblem", "RemoteError",
    "analyze", "build", "build_into", "diff", "endpoint", "export", "export_tables", "graph", "load",
    "project", "push", "query", "query_many", "query_to_file", "render", "saved_questions", "serve",
    "shipped_data_dir", "significance", "validate",
})


def __getattr__(name: str):
    if name in _API:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _API)

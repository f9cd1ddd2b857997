"""SPARQL servers: push the graph into a named graph, ask it questions there, serve it locally.

Only the standard protocols are spoken, so the same code reaches Virtuoso,
GraphDB, Amazon Neptune, Stardog, Oxigraph or a clustered deployment of any of
them; only URLs and credentials change.

- Questions go by the SPARQL 1.1 Protocol as a form-encoded POST (some servers
  hang on a POST of ``application/sparql-query``), ask for JSON results and
  name the graph as ``default-graph-uri`` (a store's default graph may be the
  union of all its graphs). Answers come back as rdflib results, exactly as a
  local query gives them.
- A push changes the named graph in one request the server applies as one
  transaction: a Graph Store POST into an empty graph (Oxigraph), one update
  carrying only the change from the server's copy (:mod:`~kg.remote.delta_push`),
  or one ``MOVE`` of a staging graph loaded by the SPARQL 1.1 Graph Store HTTP
  Protocol or by ``INSERT DATA`` in batches of at most 1,000 triples. A failed
  push leaves the previous version in place.
- :func:`kg.remote.serve.serving` runs the Oxigraph server (PyPI's ``oxigraph``) read-only on
  loopback over a graph.

Every request has a timeout; connection failures and busy answers (HTTP 429,
502, 503, 504) are retried with exponential back-off within that timeout.

The package is layered one way: :mod:`~kg.remote.endpoint` (URLs and
credentials) <- :mod:`~kg.remote.http` (the retrying client) <-
:mod:`~kg.remote.query` <- :mod:`~kg.remote.delta_push` (with :mod:`~kg.remote.delta`,
which works out a change) <- :mod:`~kg.remote.push`; :mod:`~kg.remote.serve`
stands apart.
"""

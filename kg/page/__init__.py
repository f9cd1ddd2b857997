"""The interactive HTML page: graph -> nodes and edges -> one self-contained file.

:func:`kg.page.elements.page_elements` turns the RDF graph into plain nodes and
edges with their facts; :mod:`kg.page.select` narrows them (a neighbourhood,
some edge kinds); :mod:`kg.page.style` gives them colours, shapes and sizes;
:mod:`kg.page.html` writes the page with vis-network inlined, so it works
offline and loads nothing from any host; above 1,500 nodes or 5,000 edges it
writes the WebGL page of :mod:`kg.page.webgl` instead (sigma.js and graphology,
vendored in ``kg/page/vendor/``, positions laid out in Python by igraph).
"""

#: Edge kinds in legend order (here, free of heavy imports, so the CLI can offer them cheaply).
EDGE_KINDS = ("investment", "compute", "hardware", "partnership", "stake", "relation")

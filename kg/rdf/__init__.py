"""The RDF layer: our terms, the graph builder, deterministic serialisation, the stores, other people's files."""

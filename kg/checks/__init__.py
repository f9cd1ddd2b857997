"""Checks of a built graph: SHACL (pySHACL) and the SPARQL checks of merged-in files."""

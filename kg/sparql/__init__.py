"""SPARQL over a graph: the checked query text, the engines' answers, the saved questions (*.rq)."""

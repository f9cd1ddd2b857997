"""aicompute-kg: a knowledge graph of the AI compute race, built from curated, sourced facts."""

__version__ = "0.1.0"

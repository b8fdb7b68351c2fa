"""Passes over the whole corpus: template lines per source (duplicates are corpus rules)."""

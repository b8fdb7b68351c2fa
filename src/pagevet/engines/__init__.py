"""Engines run the pipeline: locally (streaming Arrow batches) or on Ray Data."""

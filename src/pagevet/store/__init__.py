"""Versions: Hub-layout folders, manifest, dataset card, Croissant, splits, diff, verify."""

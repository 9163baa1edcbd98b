"""Writes for surveys, one module per part, re-exported here as they land."""

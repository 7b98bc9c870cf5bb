"""Reads across organisations, scoped to the caller."""

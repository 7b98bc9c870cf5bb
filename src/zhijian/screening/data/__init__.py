"""Shipped word lists of the screening engine (brand aliases, product terms, marker words)."""

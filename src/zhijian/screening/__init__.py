"""Listing screening engine: find e-commerce listings that match a regulator's watch-list.

A pure library (no Django): the ``ecommerce`` app and the ``zhijian screen`` command call it.
Pipeline: read + validate (io) -> normalise + extract blocking keys (features) -> blocking join
in an engine (DuckDB or Spark) -> one shared verification function (rules) -> atomic write.
"""

from zhijian.screening.rules import REASON_CODES, WATCH_KINDS

__all__ = ["REASON_CODES", "WATCH_KINDS"]

"""Location conflict checks: layers, rules as data, the check (in-memory or PostGIS), demo data.

The public facade is :mod:`gis.api` (see its docstring for signatures and output keys): callers import
from there, so ``import gis`` stays cheap and does no work.
"""

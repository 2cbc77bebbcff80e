"""Make every wait visible: who holds each case when (holder intervals), every wait for an outside
organisation beside them (outside waits), and what that adds up to.

``derive`` is the pure part (history in, intervals out: no database); ``store`` reads the history
from the tables, writes the projection in the step's transaction and rebuilds it; ``timeline``,
``heatmap`` and ``figures`` read the projection for the case file, the status page, the diagram and
the dashboard.
"""

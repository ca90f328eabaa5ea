"""The schema version this gkdesk writes: the last of store/schema.py's STEPS.

Apart from the steps so that opening a store already at this version imports none of their
modules (issue 16); store/schema.py refuses to load when the two disagree.
"""
LATEST = 8

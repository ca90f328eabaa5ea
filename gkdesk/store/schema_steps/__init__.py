"""The DDL of each schema step, one module per step (gkdesk/store/schema.py orders them in STEPS).

A released step's module is never edited: a store already at that version will not run it again.
"""

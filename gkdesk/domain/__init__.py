"""Pure-Python domain: the notice tree, deadlines, unit names and groups. Never imports Qt."""

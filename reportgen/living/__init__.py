"""The living survey: theme lineage across runs (lineage.py) and new papers placed in existing themes (assign.py)."""

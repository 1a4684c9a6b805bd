"""Analyses of a loaded inventory: key figures, aggregates per theme, method, duration, follow-up,
commune, territory and map. Plain functions on pandas/geopandas; may import ``inventory`` and
``i18n``, never ``charts``, ``outputs`` or ``ui``."""

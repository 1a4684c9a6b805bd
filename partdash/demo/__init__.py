"""The demonstration inventory: a seeded generator and the kinds of initiative it draws from
(``kinds.toml``). May import ``partdash.inventory`` (vocabularies, schema, reference geography) only."""

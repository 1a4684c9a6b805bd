"""Reading and validating an inventory: vocabularies and schema (the one source of truth for
fields and codes), file readers, cell parsing, row rules, the validation report, the reference
geography and the shared filters. Imports nothing else from partdash but ``i18n``."""

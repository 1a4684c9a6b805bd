"""What leaves the app: exports, the template and codebook, the record of one initiative and the
plain-language summary. May import ``inventory``, ``analysis`` and ``i18n``."""

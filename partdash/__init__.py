"""partdash: analytics over the Brussels-Capital Region's inventory of citizen-participation initiatives."""

__version__ = "0.1.0"

"""roadmap-tui: where a product launches next, in a TOML file and a terminal app."""

__version__ = "0.1.0"

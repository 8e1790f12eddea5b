"""Input parsers, one module per format, registered by name."""

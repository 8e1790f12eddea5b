"""ci-engine: a local customer intelligence engine over a company's own calls."""

__version__ = "0.1.0"

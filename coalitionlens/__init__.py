"""Coalition Lens: how counter-trafficking coalitions are built and engage across sectors."""

__version__ = "0.1.0"

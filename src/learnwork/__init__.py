"""Learnwork: a learning network."""

__version__ = "0.1.0"

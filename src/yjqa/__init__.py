"""yjqa: measure and improve the quality of youth justice work in England and Wales."""

__version__ = "0.1.0"

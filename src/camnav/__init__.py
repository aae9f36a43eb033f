"""camnav: exact, explained answers on massage-therapy and complementary-care coverage."""

__version__ = "0.1.0"

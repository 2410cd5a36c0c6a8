"""PDF internals: tagging, structure tree, finishing and checks, fast text and image paths."""

"""The paper's words and its format-free outputs."""

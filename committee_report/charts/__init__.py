"""Charts: the only package that imports matplotlib."""

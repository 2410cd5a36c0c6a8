"""Files read and validated at the edge: scorecards, cells, YAML configs and layouts."""

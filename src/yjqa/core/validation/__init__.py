"""Reading and checking input: problems that name the file, line and field; YAML input."""

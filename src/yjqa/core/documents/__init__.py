"""Documents yjqa writes: the report model, inspection report, board pack, youth justice plan."""

"""The national benchmark: published HMIP youth inspection results, and a service beside them."""

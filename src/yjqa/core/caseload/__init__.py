"""A service's pseudonymous caseload: its codes and the import reader."""

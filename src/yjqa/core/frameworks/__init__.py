"""Inspection frameworks as versioned data: the model and the shipped versions."""

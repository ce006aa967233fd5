"""Batches: takes a job file (CSV, JSON Lines or YAML rows) and gives every card it asks
for, drawn in the one worker pool, written with a manifest, resumable, each failing row
reported by its line."""

"""Councils' rules: working and clear days, standing-orders profiles, deadlines."""

"""Reminders and the governance calendar: materialising, planning and dispatching them."""

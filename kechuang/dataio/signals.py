"""Sent after an import commits: bulk writes send no model signals, so listeners use this."""

from django.dispatch import Signal

# sender: the model class; instances: the created and updated instances.
rows_committed = Signal()

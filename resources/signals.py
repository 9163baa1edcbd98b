"""What resources tells other apps, without knowing who listens (matching does)."""

from django.dispatch import Signal

# Sent once a bulk import has committed, with `member_ids`: the members whose maps it wrote.
# Each is in the change log too (`ResourceChange`); a cache of the maps may find a fresh start
# cheaper than applying that many changes.
maps_imported = Signal()

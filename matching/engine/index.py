"""The reciprocal matching index.

Every member has two sparse vectors over text features: the sum of their need items and the sum
of their offer items. At scoring time the vectors are weighted by IDF over members and compared
by cosine, in both directions, and the two one-way scores are combined so that a two-sided match
ranks above a one-sided one (`scoring`).

`MatchIndex` is put together from three parts, each in its own module:

- `building`: the arrays, built in one pass and then kept up to date one edit at a time;
- `ranking`: one member's partners (`top_k`), the makers for a brief
  (`rank_offers_for_text`) and why two members fit (`reasons`);
- `bulk`: every member's partners at once, in compiled loops (`top_k_all`).
"""

from __future__ import annotations

from matching.engine.building import TownCoords
from matching.engine.bulk import BulkRanking
from matching.engine.ranking import OneMemberRanking
from matching.engine.scoring import combine

__all__ = ["MatchIndex", "TownCoords", "combine"]


class MatchIndex(OneMemberRanking, BulkRanking):
    """Members and their items, ranked for one member or for everyone; see the module."""

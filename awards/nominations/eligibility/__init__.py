"""Eligibility of nominations against the rule set in force for their year (README "Rules as data";
domain-rules §2), the quotas of a unit's year, and suggestions of higher forms.

`evaluate(nominations)` returns, per nomination, the list of criteria, each met / not met / unknown with the reason
and the evidence (decision numbers, initiatives). It reads the register, registrations, initiatives and the facts of
each person's year for all the nominations at once, in a bounded number of queries whatever their number (`Facts`).
A failed or unknown criterion never blocks: the clerk may submit with a written justification.

How the rules are read where the texts leave room (domain-rules marks them UNCONFIRMED):

- Chains count regular (công trạng), non-revoked awards in the register; the nomination year itself may instead be
  a live nomination of the same year, and a prerequisite title of the year (LĐTT for CSTĐCS, the year's CSTĐCS of a
  CSTĐ ngành chain, TTLĐXS for a flag…) may be only nominated: such a criterion is `PENDING` ("đề nghị cùng đợt,
  chờ quyết định"), not met, yet asks no justification, since the register records the award only once its
  prerequisite is decided, before it or in the same decision (`awards.register.validation.prerequisite_error`).
  Years already spent on an earlier award of the nominated type do not count again ("no two awards for one
  achievement"): a chain for CSTĐ ngành starts after the last CSTĐ ngành.
- "Consecutive CSTĐ ngành" (for CSTĐ toàn quốc) are CSTĐ ngành at most `cstdn_chain_years` apart, the last one
  in the nomination year.
- Bằng khen TTg / HCLĐ hạng Ba: the earlier award at least `…_years` years before; every one of the last
  `…_years` years rated "good" or better; the CSTĐCS counted in the years after the earlier award.
- Members of a collective are the persons whose current unit lies in its subtree.
- An initiative counts if recognised, authored by the person, of the level required or higher, of a year up to the
  nomination's, and not used for another title (one used for this very title and year still counts).
- Each kind of award has its own criteria (`kinds.py`): a thematic one its movement's (tied to it, running that year,
  its quota, its standard left to the council), an ad hoc one its act (date and description); neither asks a
  registration or a chain. A collective's Bằng khen VKSTC, Bằng khen Thủ tướng and HCLĐ hạng Ba read its TTLĐXS
  and flags, the flags the cluster's vote and the sector flag (`collective.py`).
"""

from awards.nominations.eligibility.criteria import evaluate
from awards.nominations.eligibility.facts import (
    MET,
    NOT_MET,
    PENDING,
    SUGGESTED_CODES,
    UNKNOWN,
    Check,
    Criterion,
    Facts,
)
from awards.nominations.eligibility.quotas import quota_table, unit_quota
from awards.nominations.eligibility.suggestions import Suggestion, suggestions

__all__ = [
    "MET",
    "NOT_MET",
    "PENDING",
    "SUGGESTED_CODES",
    "UNKNOWN",
    "Check",
    "Criterion",
    "Facts",
    "Suggestion",
    "evaluate",
    "quota_table",
    "suggestions",
    "unit_quota",
]

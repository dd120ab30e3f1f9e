"""RFQ operations, one module per aggregate:

- :mod:`.common`: the refusal (:class:`~.common.RfqError`), labels and limits, who is on which side, the RFQ's
  status steps (:data:`market.rfq.models.RFQ_TRANSITIONS`) and telling the other side;
- :mod:`.checks`: currencies, amounts, incoterms and countries as typed;
- :mod:`.sending`: a request checked, scored against the maker's minimums and sent, with its attachments;
- :mod:`.drafts`: requests not sent yet, with their stored attachments (kept when the form comes back);
- :mod:`.quotes`: quoting, declining, and accepting a quote into an order;
- :mod:`.messages`: the thread between the parties;
- :mod:`.policies`: the makers' minimums and their response statistics;
- :mod:`.queries`: an RFQ's page, the lists, an attachment.

Functions take a session, flush when they need ids and never commit. Only the two parties see an RFQ: anyone
else gets :class:`~.common.RfqError` with code ``not_found`` (a 404) and nothing changes. Each message, quote,
decline and acceptance notifies the other side.
"""

# Other slices and the demo reach these through the package; the slice's own modules import the aggregate they use.
from market.rfq.services.common import DECLINE_REASONS
from market.rfq.services.policies import response_stats

__all__ = ["DECLINE_REASONS", "response_stats"]

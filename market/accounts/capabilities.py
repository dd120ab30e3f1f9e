"""An organisation's capabilities as a controlled-vocabulary field (``i18n.vocabularies`` "capabilities"): stored
as language-neutral ids, read by each person in their own language, with the organisation's own words for the
rest — the same rules as products' materials and makers' equipment."""

from __future__ import annotations

from flask_babel import gettext as _

from i18n import vocabularies
from market.accounts.errors import AccountError

MAX_CAPABILITIES = 30
MAX_CAPABILITY_TEXT = 80


def parse_capabilities(values) -> list[str]:
    """An organisation's capabilities as stored: ids of the vocabulary and the organisation's own words for the
    rest; a name of a listed capability in any language becomes its id, repeats are kept once. Refuses, on
    ``capabilities``, a value shaped like an id that the vocabulary does not have, a text over 80 characters
    and more than 30 entries."""
    try:
        items = vocabularies.clean_list("capabilities", [str(v) for v in values or ()],
                                        max_other=MAX_CAPABILITY_TEXT)
    except vocabularies.VocabularyError as exc:
        raise AccountError(str(exc), "capabilities") from exc
    if len(items) > MAX_CAPABILITIES:
        raise AccountError(_("List at most %(n)d entries.", n=MAX_CAPABILITIES), "capabilities")
    return items

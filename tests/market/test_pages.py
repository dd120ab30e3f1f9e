"""Page numbers read the same everywhere: bad or huge values never reach the database."""

import pytest

from market.pages import MAX_PAGE, PageQuery, page_number


@pytest.mark.parametrize(("query", "expected"), [("", 1), ("?page=3", 3), ("?page=0", 1), ("?page=-4", 1),
                                                   ("?page=abc", 1), ("?page=9223372036854775808", MAX_PAGE)])
def test_page_number_is_bounded(app, query, expected):
    """Missing, negative, non-numeric and out-of-range page numbers read as a page the database can serve."""
    with app.test_request_context(f"/en/catalog{query}"):
        assert page_number() == expected


def test_api_page_query_refuses_out_of_range_pages():
    """The API's paging model refuses a page beyond the bound instead of passing it on."""
    import pydantic

    with pytest.raises(pydantic.ValidationError):
        PageQuery(page=2**62)
    assert PageQuery().page == 1

"""Carriers' tracking pages: the link a customer follows to see where their shipped piece is, from the carrier a
workshop names (in English or Korean, any case) and the tracking number; no link for a carrier we do not know."""

from __future__ import annotations

from urllib.parse import quote

# A carrier's tracking page, with ``{number}`` for the URL-quoted tracking number.
TRACKING_URLS = {
    "ems": "https://service.epost.go.kr/trace.RetrieveEmsRigiTraceList.comm?POST_CODE={number}",
    "korea_post": "https://service.epost.go.kr/trace.RetrieveDomRigiTraceList.comm?sid1={number}",
    "cj": "https://trace.cjlogistics.com/next/tracking.html?wblNo={number}",
    "lotte": "https://www.lotteglogis.com/home/reservation/tracking/linkView?InvNo={number}",
    "hanjin": "https://www.hanjin.com/kor/CMS/DeliveryMgr/WaybillResult.do?mCode=MN038&wblnum={number}",
    "dhl": "https://www.dhl.com/global-en/home/tracking/tracking-express.html?tracking-id={number}",
    "fedex": "https://www.fedex.com/fedextrack/?trknbr={number}",
    "ups": "https://www.ups.com/track?tracknum={number}",
}
# What workshops write for each carrier, lower-cased without spaces.
ALIASES = {
    "ems": "ems", "koreapostems": "ems", "우체국ems": "ems", "epostems": "ems",
    "koreapost": "korea_post", "epost": "korea_post", "우체국": "korea_post", "우체국택배": "korea_post",
    "cj": "cj", "cjlogistics": "cj", "cj대한통운": "cj", "대한통운": "cj",
    "lotte": "lotte", "lotteglobal": "lotte", "롯데택배": "lotte", "롯데": "lotte",
    "hanjin": "hanjin", "한진택배": "hanjin", "한진": "hanjin",
    "dhl": "dhl", "dhlexpress": "dhl", "fedex": "fedex", "ups": "ups",
}


def carrier_code(carrier: str | None) -> str | None:
    """The carrier a workshop named, as one of :data:`TRACKING_URLS`' keys; None when unknown."""
    key = "".join((carrier or "").lower().split())
    return ALIASES.get(key)


def tracking_url(carrier: str | None, number: str | None) -> str | None:
    """The carrier's page that tracks ``number``, or None for an unknown carrier or no number."""
    code = carrier_code(carrier)
    number = (number or "").strip()
    if code is None or not number:
        return None
    return TRACKING_URLS[code].format(number=quote(number, safe=""))

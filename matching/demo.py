"""Demo step of technology matching: a published profile for every demo organisation, the technology listings of
:mod:`matching.demo_content` owned by the demo IP holders and labs, the first NDA version, and a few
introductions in every state so the inbox has something to show."""

from __future__ import annotations

import random

from sqlmodel import Session, select

from i18n import content
from market.accounts.models import Membership, Organization, User
from market.db import utcnow
from matching.demo_content import (
    DEMO_SOURCE,
    LISTINGS,
    listing_owner,
    listing_tags,
    profile_ref,
    profile_texts,
    region_of,
)
from matching.models import (
    LISTING_ENTITY,
    PROFILE_ENTITY,
    DeclineReason,
    Introduction,
    IntroStatus,
    MatchProfile,
    PublishStatus,
    TechListing,
)
from matching.services.docs import suggest_tags
from matching.services.texts import add_new_texts


def _org_infos(session: Session) -> list[dict]:
    """The demo organisations as :func:`matching.demo_content.profile_texts` reads them, in id order."""
    from market.demo import content as demo

    industries = {c["code"]: c["industry"] for c in demo.CLUSTERS}
    orgs = list(session.exec(select(Organization).order_by(Organization.id)))
    abouts = content.load_texts(session, "organization", [o.id for o in orgs])
    infos = []
    for org in orgs:
        about = {loc: row.text for loc, row in abouts.get(org.id, {}).get("about", {}).items()}
        infos.append({"id": org.id, "name": org.name, "name_ko": org.name_ko, "kind": str(org.kind),
                      "country": org.country, "city": org.city, "cluster_code": org.cluster_code,
                      "industry": industries.get(org.cluster_code or ""), "capabilities": list(org.capabilities or []),
                      "about": about, "slug": org.slug})
    return infos


def add_demo_matching(session: Session, rng: random.Random) -> dict[str, int]:
    """Insert the demo profiles, listings and introductions; returns counts for the demo summary.

    Texts come from :mod:`matching.demo_content` (not from ``rng``), so doc ids and external refs are the ones
    :func:`matching.demo_content.demo_docs` predicts; ``rng`` only picks the example introductions.
    """
    from matching.introductions import current_nda

    infos = _org_infos(session)
    for info in infos:
        profile = profile_texts(info)
        texts = profile["texts"]
        row = MatchProfile(org_id=info["id"], lang=profile["lang"], region=profile["region"],
                           tags=list(suggest_tags({lang: t["offer"] for lang, t in texts.items()})),
                           status=PublishStatus.published, source=DEMO_SOURCE, external_ref=profile_ref(info["slug"]))
        session.add(row)
        session.flush()
        add_new_texts(session, PROFILE_ENTITY, row.id, profile["lang"], texts)
    by_name = {info["name"]: info for info in infos}
    holders = [info for info in infos if info["kind"] in ("ip_holder", "lab")]
    listings = []
    if holders:
        for spec in LISTINGS:
            owner = listing_owner(spec, by_name, holders)
            listing = TechListing(org_id=owner["id"], lang=spec.lang, patent_number=spec.patent_number,
                                  ipc=list(spec.ipc), trl=spec.trl, license_terms=list(spec.license_terms),
                                  nda_required=spec.nda_required, questions=list(spec.questions),
                                  tags=list(listing_tags(spec)), region=region_of(owner),
                                  status=PublishStatus.published, source=DEMO_SOURCE, external_ref=spec.external_ref)
            session.add(listing)
            session.flush()
            texts = {lang: {"title": spec.title[lang], "abstract": spec.abstract[lang],
                            "teaser_title": spec.teaser_title.get(lang, ""), "teaser": spec.teaser.get(lang, "")}
                     for lang in spec.title}
            for lang in spec.teaser_title:  # a teaser may exist in a language the details are not in
                texts.setdefault(lang, {"teaser_title": spec.teaser_title[lang], "teaser": spec.teaser[lang]})
            add_new_texts(session, LISTING_ENTITY, listing.id, spec.lang, texts)
            listings.append(listing)
    session.flush()
    current_nda(session)
    intros = _add_demo_introductions(session, rng, infos, listings)
    return {"matching profiles": len(infos), "technology listings": len(listings), "introductions": intros}


def _owner(session: Session, org_id: int) -> User | None:
    return session.exec(select(User).join(Membership, Membership.user_id == User.id)
                        .where(Membership.organization_id == org_id).order_by(User.id)).first()


def _add_demo_introductions(session: Session, rng: random.Random, infos: list[dict],
                            listings: list[TechListing]) -> int:
    """A handful of introductions from makers and startups, in every state of both flows."""
    makers = [i for i in infos if i["kind"] == "maker" and i["cluster_code"] == "mullae"]
    startups = [i for i in infos if i["kind"] == "startup"]
    plain = [t for t in listings if not t.nda_required]
    staged = [t for t in listings if t.nda_required]
    if not makers or not plain or not staged:
        return 0
    profiles = {p.org_id: p for p in session.exec(select(MatchProfile).order_by(MatchProfile.id))}
    now = utcnow()
    count = 0
    plans = [
        (IntroStatus.requested, rng.choice(plain)),
        (IntroStatus.accepted, rng.choice(plain)),
        (IntroStatus.declined, rng.choice(plain)),
        (IntroStatus.awaiting_answers, rng.choice([t for t in staged if t.questions] or staged)),
        (IntroStatus.awaiting_approval, rng.choice(staged)),
        (IntroStatus.awaiting_nda, rng.choice(staged)),
        (IntroStatus.accepted, rng.choice(staged)),
    ]
    from matching.introductions import current_nda

    nda = current_nda(session)
    used: set[tuple[int, int]] = set()
    for number, (status, listing) in enumerate(plans):
        requester = makers[number % len(makers)]
        if (requester["id"], listing.id) in used:
            continue
        used.add((requester["id"], listing.id))
        user = _owner(session, requester["id"])
        answers = [{"question": q, "answer": "" if status == IntroStatus.awaiting_answers else
                    "월 300개 정도, 머시닝 센터 4대와 CNC 선반 3대로 생산합니다."} for q in listing.questions]
        intro = Introduction(
            from_org_id=requester["id"], from_user_id=user.id if user else None, to_org_id=listing.org_id,
            listing_id=listing.id, staged=listing.nda_required, status=status, answers=answers,
            message="문래동에서 정밀 부품을 가공하는 공방입니다. 이 기술을 저희 공정에 적용할 수 있을지 상의하고 "
                    "싶습니다. / We are a precision machining workshop in Mullae-dong and would like to discuss "
                    "applying this technology in our production.",
            open_key=(f"t:{requester['id']}:{listing.id}" if status in (
                IntroStatus.requested, IntroStatus.awaiting_answers, IntroStatus.awaiting_approval,
                IntroStatus.awaiting_nda) else None),
        )
        if status == IntroStatus.declined:
            intro.decline_reason, intro.closed_at = DeclineReason.no_capacity, now
        if listing.nda_required and status in (IntroStatus.awaiting_nda, IntroStatus.accepted):
            intro.nda_version_id, intro.approved_at = nda.id, now
        if listing.nda_required and status == IntroStatus.accepted:
            intro.nda_accepted_at, intro.nda_accepted_by_id, intro.closed_at = now, intro.from_user_id, now
        if status == IntroStatus.accepted and not listing.nda_required:
            intro.closed_at = now
        session.add(intro)
        count += 1
    for number, startup in enumerate(startups[:2]):
        maker = makers[(number + 3) % len(makers)]
        profile = profiles.get(maker["id"])
        if profile is None:
            continue
        user = _owner(session, startup["id"])
        session.add(Introduction(
            from_org_id=startup["id"], from_user_id=user.id if user else None, to_org_id=maker["id"],
            profile_id=profile.id, status=IntroStatus.requested, open_key=f"p:{startup['id']}:{maker['id']}",
            message="We are looking for a workshop to build our prototype. Could we talk about it? / 시제품을 만들어 "
                    "줄 공방을 찾고 있습니다. 이야기를 나눌 수 있을까요?"))
        count += 1
    session.flush()
    return count

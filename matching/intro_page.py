"""The introduction page, drawn the same way after any of its forms: the steps, the NDA, and once accepted the
thread and the deal's stage; a refused form comes back here with its messages on its fields."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user
from sqlmodel import select
from wtforms.fields.choices import SelectChoice

from i18n.locales import current_locale
from market.accounts.forms import ConfirmForm
from market.db import get_session
from matching import deals, holder_nda
from matching import introductions as intros
from matching.forms import DealForm, DeclineForm, IntroMessageForm, NdaForm
from matching.models import IntroStatus, MatchProfile, PublishStatus, TechListing


def reason_choices() -> list[SelectChoice]:
    """The fixed decline reasons for the decline form."""
    return [SelectChoice("", "—")] + [SelectChoice(r.value, str(label)) for r, label in intros.DECLINE_REASONS.items()]


def fill_deal_choices(form: DealForm, intro) -> None:
    """Offer every stage but the current one, and what an agreement can be."""
    current = deals.DealStage(intro.deal_stage or deals.DealStage.talking)
    form.stage.choices = [SelectChoice("", "—")] + [SelectChoice(stage.value, str(label))
                                                    for stage, label in deals.STAGE_LABELS.items() if stage != current]
    form.kind.choices = [SelectChoice("", "—")] + [SelectChoice(kind.value, str(label))
                                                   for kind, label in deals.KIND_LABELS.items()]
    if not form.expected.data:
        form.expected.data = current.value


def _public_profile_id(session, org_id: int) -> int | None:
    return session.exec(select(MatchProfile.id).where(MatchProfile.org_id == org_id,
                                                      MatchProfile.status == PublishStatus.published)
                        .order_by(MatchProfile.id)).first()


def render_introduction(intro_id: int, status: int = 200, decline_form=None, nda_form=None, message_form=None,
                        deal_form=None):
    """The page of one introduction for one of its sides (or staff), with ``status``."""
    session = get_session()
    view = intros.get_introduction(session, current_user, intro_id, current_locale())
    decline_form = decline_form or DeclineForm(formdata=None)
    decline_form.reason.choices = reason_choices()
    if nda_form is None:
        nda_form = NdaForm(formdata=None)
        if view.nda is not None:
            nda_form.version.data = view.nda.version
    accepted = IntroStatus(view.intro.status) == IntroStatus.accepted
    thread = deals.thread_of(session, current_user, intro_id) if accepted else []
    deal_form = deal_form or DealForm(formdata=None)
    fill_deal_choices(deal_form, view.intro)
    return render_template("matching/intros/detail.html", view=view, intro=view.intro, decline_form=decline_form,
                           nda_form=nda_form, action_form=ConfirmForm(), thread=thread, accepted=accepted,
                           message_form=message_form or IntroMessageForm(formdata=None), deal_form=deal_form,
                           deal_stage=deals.stage_label(view.intro.deal_stage),
                           kind_label=(str(deals.KIND_LABELS[deals.DealKind(view.intro.deal_kind)])
                                       if view.intro.deal_kind else None),
                           deal_open=deals.DealStage(view.intro.deal_stage or "talking") in deals.OPEN_STAGES,
                           requester_profile_id=_public_profile_id(session, view.intro.from_org_id),
                           holder_nda=_holder_nda(session, view.intro)), status


def _holder_nda(session, intro):
    """The listing whose own NDA the viewer may read at this introduction's NDA step (None when none)."""
    if intro.listing_id is None:
        return None
    listing = session.get(TechListing, intro.listing_id)
    return listing if listing is not None and holder_nda.may_read_holder_nda(session, current_user, listing) else None

"""What makers see of their 3D models: 3D views, AR launches by platform, "Request a quote" taps from 3D or AR,
and the RFQs the product received since its model went live."""

from __future__ import annotations

import dataclasses

from flask_babel import gettext as _
from sqlalchemy import func
from sqlmodel import Session, select

from catalog.products.models import Product, ProductStatus
from catalog.showroom.models import ModelEvent, ModelStatus, ProductModel, ViewKind
from market.refusals import Refusal
from market.rfq.models import Rfq

PLATFORMS = ("webxr", "scene-viewer", "quick-look")


def record_event(session: Session, product_id: int, kind: str, platform: str = "") -> ModelEvent:
    """Count one 3D view, AR launch or quote tap on a published product with a ready model; refuses unknown
    kinds and platforms and products without a shown model (nothing counted)."""
    try:
        kind = ViewKind(kind)
    except ValueError:
        raise Refusal(_("Unknown event."), "kind") from None
    platform = (platform or "").strip().lower()
    if kind == ViewKind.ar and platform not in PLATFORMS:
        raise Refusal(_("Unknown AR platform."), "platform")
    if kind != ViewKind.ar and platform not in ("", *PLATFORMS):
        platform = ""
    shown = session.exec(select(ProductModel.id).join(Product, Product.id == ProductModel.product_id)
                         .where(ProductModel.product_id == product_id, ProductModel.status == ModelStatus.ready,
                                Product.status == ProductStatus.published)).first()
    if shown is None:
        raise Refusal(_("This product has no 3D model to show."), code="not_found", status=404)
    event = ModelEvent(product_id=product_id, kind=kind, platform=platform)
    session.add(event)
    session.flush()
    return event


@dataclasses.dataclass
class ProductStats:
    """A product's 3D numbers."""

    views: int = 0
    ar_by_platform: dict[str, int] = dataclasses.field(default_factory=dict)
    quote_taps: int = 0
    rfqs_since: int = 0

    @property
    def ar_launches(self) -> int:
        return sum(self.ar_by_platform.values())


def product_stats(session: Session, product_ids) -> dict[int, ProductStats]:
    """``{product_id: ProductStats}`` for products with a 3D model (the caller checked the user may see them)."""
    ids = list(product_ids)
    if not ids:
        return {}
    models = {m.product_id: m for m in session.exec(select(ProductModel).where(ProductModel.product_id.in_(ids)))}
    stats = {pid: ProductStats(ar_by_platform={p: 0 for p in PLATFORMS}) for pid in models}
    rows = session.exec(select(ModelEvent.product_id, ModelEvent.kind, ModelEvent.platform, func.count())
                        .where(ModelEvent.product_id.in_(list(models)))
                        .group_by(ModelEvent.product_id, ModelEvent.kind, ModelEvent.platform))
    for pid, kind, platform, count in rows:
        entry = stats[pid]
        if kind == ViewKind.view:
            entry.views += count
        elif kind == ViewKind.ar:
            entry.ar_by_platform[platform] = entry.ar_by_platform.get(platform, 0) + count
        else:
            entry.quote_taps += count
    for pid, model in models.items():
        since = model.converted_at or model.created_at
        stats[pid].rfqs_since = session.exec(select(func.count()).select_from(Rfq)
                                             .where(Rfq.product_id == pid, Rfq.created_at >= since)).one()
    return stats

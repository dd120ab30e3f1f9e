"""API of the showroom: ``GET /api/v1/showrooms``, and the ``model_3d`` of products (:class:`Model3DOut`, used by
the products' own answers)."""

from __future__ import annotations

import pydantic

from catalog.showroom.services import models3d, showrooms
from i18n.locales import current_locale
from market.api import LangQuery, Routes
from market.db import get_session

routes = Routes()


class Model3DOut(pydantic.BaseModel):
    """A product's 3D model in true size: the optimised GLB, the USDZ for AR Quick Look and a poster."""

    glb_url: str
    usdz_url: str
    poster_url: str
    dimensions_mm: list[float] = pydantic.Field(description="Width, depth and height in millimetres")
    placement: str = pydantic.Field(description="floor, table, wall or worn")


def model_3d_map(product_ids) -> dict[int, Model3DOut]:
    """``{product_id: Model3DOut}`` of the products among ``product_ids`` whose 3D model is ready."""
    return {pid: Model3DOut(**value) for pid, value in models3d.model_3d_of(get_session(), product_ids).items()}


class ShowroomProductOut(pydantic.BaseModel):
    """A product in a showroom row."""

    product_id: int
    title: str | None
    model_3d: Model3DOut


class ShowroomOut(pydantic.BaseModel):
    """A showroom of a cluster or a support centre, with its rows of 3D products."""

    slug: str
    kind: str = pydantic.Field(description="cluster or centre")
    cluster_code: str | None
    name: str
    rows: list[list[ShowroomProductOut]]


class ShowroomListOut(pydantic.BaseModel):
    """Every showroom."""

    items: list[ShowroomOut]


@routes.endpoint("/showrooms", summary="List the 3D and AR showrooms", tag="catalog", query=LangQuery,
                 response=ShowroomListOut, auth=False)
def list_showrooms(query: LangQuery):
    """The showrooms of clusters and support centres with their curated rows of products in 3D."""
    session = get_session()
    locale = query.lang or current_locale()
    items = []
    for room in showrooms.list_showrooms(session):
        rows = [[ShowroomProductOut(product_id=c.product.id, title=c.title.text if c.title else None,
                                    model_3d=Model3DOut(**models3d.links(c.model, external=True).as_dict()))
                 for c in row] for row in showrooms.showroom_rows(session, room, locale)]
        items.append(ShowroomOut(slug=room.slug, kind=str(room.kind), cluster_code=room.cluster_code,
                                 name=showrooms.showroom_name(room, locale), rows=rows))
    return ShowroomListOut(items=items)

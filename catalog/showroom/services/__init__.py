"""The showroom's services, by aggregate: :mod:`.models3d` (a product's 3D model, its upload and conversion),
:mod:`.showrooms` (showrooms and their curated rows) and :mod:`.stats` (3D views, AR launches, quotes)."""

"""The 3D and AR showroom: 3D models of catalog products (converted to GLB, a server-made USDZ and a poster),
cluster and support-centre showrooms, trade-fair cards and per-product 3D statistics."""

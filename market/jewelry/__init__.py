"""The 3D jewelry market: a customer uploads a design (STL, OBJ, PLY, GLB/glTF, 3MF), gets it analysed and
quoted instantly in a chosen metal, finish and ring size, and orders a prototype and then the piece from a
Jongno or Bongik-dong workshop, following each step to the door.

Modules: :mod:`.formats` (checks and parses uploads), :mod:`.counting` (vertices and triangles counted without
building a mesh; what a file that is no model is), :mod:`.isolation` (parsing and analysis in a child process
with memory and CPU limits), :mod:`.meshes` (welding, topology, orientation and
repair), :mod:`.analysis` (measures, wall thickness, ring geometry, GLB and thumbnail), :mod:`.ringsizes`,
:mod:`.quote` (the price of a design), :mod:`.models`, the :mod:`.services` package (one module per aggregate:
metals, designs, sizing, workshops, quotes, orders and their state machine, photos, read models, notices),
:mod:`.payable` (the payments adapter, registered by the app factory), :mod:`.views` and :mod:`.api`,
:mod:`.demo` and :mod:`.bench`.
"""

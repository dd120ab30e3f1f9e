"""The 3D jewelry market: a customer uploads a design (STL, OBJ, PLY, GLB/glTF, 3MF), gets it analysed and
quoted instantly in a chosen metal, finish and ring size, and orders a prototype and then the piece from a
Jongno or Bongik-dong workshop, following each step to the door.

Modules: :mod:`.formats` (checks and parses uploads), :mod:`.analysis` (mesh analysis, repair, wall thickness,
GLB and thumbnail), :mod:`.ringsizes`, :mod:`.quote` (the price of a design), :mod:`.models`, :mod:`.services`
(designs, quotes, orders and their state machine), :mod:`.payable` (the payments adapter), :mod:`.views` and
:mod:`.api`, :mod:`.demo` and :mod:`.bench`.
"""

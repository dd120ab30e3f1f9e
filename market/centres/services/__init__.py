"""Support centre operations, split by aggregate: :mod:`.access` (who is staff where, a user's tier),
:mod:`.rules` (what a booking must meet), :mod:`.qualifications`, :mod:`.bookings` (every status step),
:mod:`.waitlist`, :mod:`.availability` (the availability-first search), :mod:`.facilities` (lists and pages),
:mod:`.reports` and :mod:`.calendar`."""

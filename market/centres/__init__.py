"""Support centres: the city's, districts' and private facilities with shared equipment booked online, from the
search for a free machine to the satisfaction survey after use, and the utilisation reports."""

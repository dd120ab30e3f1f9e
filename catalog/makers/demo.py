"""Demo maker profiles: materials, minimum orders and lead times from the demo makers, plus equipment and
certifications typical of each trade, every demo profile published."""

from __future__ import annotations

import random

from sqlmodel import Session

from catalog.makers.models import MakerProfile
from market.db import utcnow

# What a small workshop of each trade in Seoul typically runs; several entries are the machines these clusters
# are known for (post-bed machines in Seongsu, Doosan and Hwacheon lathes in Mullae-dong, Heidelberg presses in
# Euljiro, Shima Seiki knitting machines in Jangwi-dong).
EQUIPMENT = {
    "shoes_leather": [
        "post-bed sewing machines (Dürkopp Adler)",
        "leather skiving machine (Fortuna)",
        "toe lasting machine",
        "Goodyear welt stitcher",
        "sole press",
        "heel nailing machine",
        "leather splitting machine",
        "CO2 laser cutter for leather",
        "edge burnishing and finishing bench",
        "hand-lasting bench and wooden lasts",
    ],
    "jewelry": [
        "vacuum lost-wax casting machine",
        "castable-resin 3D printer",
        "pulse laser welder",
        "rolling mill and draw bench",
        "stone-setting microscope",
        "ultrasonic and steam cleaners",
        "rhodium plating bath",
        "polishing motors with dust extraction",
        "rotary engraving machine",
        "burnout kiln",
    ],
    "machine_metal": [
        "CNC lathe (Doosan Puma)",
        "vertical machining centre (Hwacheon)",
        "5-axis machining centre",
        "manual lathes",
        "knee-type milling machine",
        "wire EDM (Sodick)",
        "surface grinder",
        "hydraulic press brake",
        "fibre laser cutter",
        "TIG and MIG welders",
        "coordinate measuring machine",
    ],
    "printing": [
        "Heidelberg Speedmaster offset press",
        "Heidelberg platen letterpress",
        "Riso risograph",
        "foil stamping and embossing press",
        "Polar guillotine cutter",
        "thread-sewing bookbinding machine",
        "die-cutting press",
        "digital press for short runs",
        "screen printing table",
    ],
    "sewing": [
        "industrial lockstitch machines (Juki)",
        "overlock machines",
        "coverstitch machine",
        "computerised flat knitting machines (Shima Seiki)",
        "linking machine",
        "multi-head embroidery machine (Tajima)",
        "cutting table with straight knife",
        "steam press and ironing tables",
        "buttonhole and button-sewing machines",
    ],
    "electronics": [
        "SMT pick-and-place line",
        "reflow oven",
        "selective wave soldering",
        "stencil printer",
        "automated optical inspection (AOI)",
        "rework stations",
        "oscilloscopes and test jigs",
        "3D printers for enclosures",
        "conformal coating booth",
    ],
}

CERTIFICATIONS = {
    "shoes_leather": ["ISO 9001", "Korea Master Craftsman (shoemaking)", "Leather Working Group sourced leather"],
    "jewelry": ["Precious-metal fineness hallmarking", "Korea Master Craftsman (jewelry)",
                "Kimberley Process compliant diamonds"],
    "machine_metal": ["ISO 9001", "ISO 14001", "INNOBIZ (innovative SME)", "MAIN-BIZ (management innovation SME)"],
    "printing": ["FSC Chain of Custody", "ISO 9001", "Green printing certification (Korea)"],
    "sewing": ["OEKO-TEX Standard 100 fabrics", "GOTS organic cotton line", "ISO 9001"],
    "electronics": ["ISO 9001", "KC certification for own products", "RoHS compliance", "IPC-A-610 trained staff",
                    "INNOBIZ (innovative SME)"],
}

# The unit each trade counts its minimum order in.
ORDER_UNITS = {"shoes_leather": "pair", "jewelry": "piece", "machine_metal": "piece", "printing": "piece",
               "sewing": "piece", "electronics": "piece"}

ORDER_NOTES = {
    "shoes_leather": "sizes and colours can be mixed",
    "printing": "copies per design",
    "sewing": "per style; colours can be mixed",
    "electronics": "boards per revision",
}


def add_demo_maker_profiles(session: Session, rng: random.Random, makers: list[dict], maker_orgs: list) -> int:
    """Give every demo maker a published profile and return how many were made.

    ``makers`` are the dicts of :func:`market.demo.content.generate_makers` (their ``materials``, ``min_order``
    and ``lead_time_days`` are used as they are) and ``maker_orgs`` the organisations made from them, in the same
    order. Equipment and certifications are drawn from ``rng`` per trade: three to six machines, and none to
    two certifications (most small workshops hold none).
    """
    from market.demo import content

    industries = {c["code"]: c["industry"] for c in content.CLUSTERS}
    now = utcnow()
    for maker, org in zip(makers, maker_orgs, strict=True):
        industry = industries[maker["cluster_code"]]
        certifications = rng.sample(CERTIFICATIONS[industry], rng.choices((0, 1, 2), (5, 4, 1))[0])
        session.add(MakerProfile(
            organization_id=org.id,
            materials=list(maker["materials"]),
            equipment=rng.sample(EQUIPMENT[industry], rng.randint(3, 6)),
            certifications=certifications,
            min_order_qty=maker["min_order"],
            min_order_unit=ORDER_UNITS[industry],
            min_order_note=ORDER_NOTES.get(industry) if rng.random() < 0.5 else None,
            lead_time_days=maker["lead_time_days"],
            published_at=now,
        ))
    session.flush()
    return len(makers)

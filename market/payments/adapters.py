"""Loads the payables this repository knows, so each registers its adapter when the app starts.

Features built elsewhere (jewelry orders, prototype milestones) register theirs when their own modules load.
"""

import market.orders.payable  # noqa: F401  (kind "wholesale_order")
import market.payments.rfq_payable  # noqa: F401  (kind "rfq_order")

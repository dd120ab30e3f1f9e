from tests.factories.centres import make_facility, make_machine, qualify, staff_user  # noqa: F401

"""Timed steps: each runs when due, once per turn, a failing one stops none of the others, and ``seoulmade tick``
runs them from cron (the serve and worker processes run them in a thread)."""

import logging

CALLS: list[str] = []


def count_step(session) -> int:
    """A step that did two things."""
    CALLS.append("count")
    return 2


def failing_step(session) -> int:
    raise RuntimeError("the mail server is down")


def test_due_steps_run_once_per_turn_and_a_failure_stops_none(app, caplog):
    """Registered steps run when due and not again within their period; a failing one is logged and the others
    still run; --all runs every step now and --step runs the one named."""
    from market.schedule import EXTENSION, register_step, run_due

    saved = app.extensions.get(EXTENSION, {})
    app.extensions[EXTENSION] = {}
    CALLS.clear()
    try:
        register_step(app, "test.fail", "tests.market.test_schedule.failing_step", 3600)
        register_step(app, "test.count", "tests.market.test_schedule.count_step", 3600)
        with caplog.at_level(logging.ERROR, logger="seoulmade.schedule"):
            assert run_due(app) == {"test.fail": None, "test.count": 2}
        assert "timed step test.fail failed" in caplog.text and CALLS == ["count"]
        assert run_due(app) == {}
        assert run_due(app, force=True) == {"test.fail": None, "test.count": 2}
        assert run_due(app, only="test.count") == {"test.count": 2} and CALLS == ["count"] * 3
    finally:
        app.extensions[EXTENSION] = saved


def test_tick_lists_and_refuses_an_unknown_step(app):
    """``seoulmade tick --list`` names every feature's step; an unknown step is refused with a clear message."""
    from market.cli import cli

    runner = app.test_cli_runner()
    listed = runner.invoke(cli, ["tick", "--list"]).output
    for name in ("centres.no_shows", "centres.waitlist", "centres.reminders", "tours.reminders",
                 "trainings.reminders", "programmes.windows"):
        assert name in listed
    refused = runner.invoke(cli, ["tick", "--step", "nope"])
    assert refused.exit_code == 2 and "no step 'nope'" in refused.output
